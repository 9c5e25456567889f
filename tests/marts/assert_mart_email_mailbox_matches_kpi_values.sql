-- mart_email_mailbox summed over the mailboxes equals kpi_values' day rows (all
-- channels) of the e-mail KPIs: received, acknowledgement and answer on time (on time /
-- due or done), mean working days to the answer and forwarded. One row per KPI and day
-- that differs.
{% set mart = ref('mart_email_mailbox') %}
{% set kpi_codes = [
    'eml_received', 'eml_ack_timely', 'eml_answer_timely', 'eml_first_response_avg', 'eml_forwarded'
] %}

with figures as (
    {{ kpi_figure('eml_received', mart, 'received_date', 'received') }}
    union all
    {{ kpi_figure('eml_ack_timely', mart, 'received_date', 'acknowledged_on_time', 'ack_due_or_done') }}
    union all
    {{ kpi_figure('eml_answer_timely', mart, 'received_date', 'answered_on_time', 'answer_due_or_done') }}
    union all
    {{ kpi_figure('eml_first_response_avg', mart, 'received_date', 'answer_working_days_sum', 'answered') }}
    union all
    {{ kpi_figure('eml_forwarded', mart, 'received_date', 'forwarded', 'received') }}
),

{{ kpi_values_mismatches('figures', kpi_codes, 'day') }}
