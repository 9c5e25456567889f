{#
    The two contracts a new source maps its export onto (docs/adding-a-source.md):
    column names and DuckDB types, in order. The union models select exactly these
    columns; the generic test conforms_to_contract checks a source's model against them.
#}

{# call_leg: one row per call leg, the shape of stg_telephony__dialogue_legs. #}
{% macro call_leg_contract() %}
    {{ return([
        ('leg_id', 'varchar'), ('call_id', 'varchar'), ('direction', 'varchar'),
        ('started_at', 'timestamp with time zone'), ('started_date', 'date'),
        ('ivr_s', 'integer'), ('ivr_result', 'varchar'), ('queue_id', 'varchar'),
        ('queue_entered_at', 'timestamp with time zone'),
        ('accepted_at', 'timestamp with time zone'), ('ended_at', 'timestamp with time zone'),
        ('acw_s', 'integer'), ('employee_key', 'varchar'), ('customer_phone_key', 'varchar'),
        ('is_anonymous_caller', 'boolean'), ('outcome', 'varchar'),
        ('transfer_target_queue_id', 'varchar'),
    ]) }}
{% endmacro %}

{# channel_contact: one row per contact on a channel, the rows int_channel_contacts_unioned unions. #}
{% macro channel_contact_contract() %}
    {{ return([
        ('channel_key', 'varchar'), ('source_system', 'varchar'), ('source_record_id', 'varchar'),
        ('started_at', 'timestamp with time zone'), ('contact_date', 'date'),
        ('subject_source_system', 'varchar'), ('subject_source_value', 'varchar'),
        ('department_key', 'varchar'), ('employee_key', 'varchar'), ('case_key', 'varchar'),
        ('wait_s', 'integer'), ('talk_s', 'integer'), ('wrap_s', 'integer'),
        ('handle_s', 'integer'), ('is_offered', 'boolean'), ('is_handled', 'boolean'),
        ('is_abandoned', 'boolean'), ('is_referred_internal', 'boolean'),
        ('is_referred_external', 'boolean'), ('is_complaint', 'boolean'),
        ('customer_phone_key', 'varchar'), ('customer_email_key', 'varchar'),
        ('customer_bsn_key', 'varchar'), ('is_eherkenning', 'boolean'),
    ]) }}
{% endmacro %}

{# contract_columns: the contract's column list by name: call_leg or channel_contact. #}
{% macro contract_columns(contract) %}
    {%- if contract == 'call_leg' %}
        {{ return(call_leg_contract()) }}
    {%- elif contract == 'channel_contact' %}
        {{ return(channel_contact_contract()) }}
    {%- endif %}
    {{ exceptions.raise_compiler_error(
        "unknown contract '" ~ contract ~ "': use call_leg or channel_contact") }}
{% endmacro %}
