-- One row per page per day; the latest export of a page-day wins.
{{ latest_records(ref('base_web__pages'), ['page_date', 'page_label']) }}
