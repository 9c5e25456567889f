-- int_kpi_norms_selected: the service norms in use. Per KPI and channel the rows of the
-- first norm profile of var kpi_norm_profiles that has any (seed kpi_norms, column
-- norm_profile); a municipality's own seed (var kpi_norms_seed, when it names another
-- seed) wins over every profile. Rule: macro select_norm_profile_rows. The snapshot
-- kpi_norms_snapshot keeps their history.
{{ select_norm_profile_rows(
    'kpi_norms',
    'kpi_norms_seed',
    ['kpi_code', 'channel_code'],
    [
        'norm_profile', 'kpi_code', 'channel_code', 'norm_value', 'norm_unit', 'norm_operator',
        'valid_from', 'valid_to', 'source_document', 'source_location', 'source_quote',
        'source_note'
    ]
) }}
