-- One row per no-result search keyword per day; the latest export of a keyword-day wins.
{{ latest_records(ref('base_web__site_search_no_result'), ['search_date', 'keyword_key']) }}
