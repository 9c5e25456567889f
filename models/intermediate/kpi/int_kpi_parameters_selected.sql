-- int_kpi_parameters_selected: the KPI parameters in use. Per parameter_code the rows of
-- the first norm profile of var kpi_norm_profiles that has any (seed kpi_parameters,
-- column norm_profile); a municipality's own seed (var kpi_parameters_seed, when it names
-- another seed) wins over every profile. Rule: macro select_norm_profile_rows. Every
-- reader of a parameter (macro kpi_parameter, int_contacts_related, the snapshot
-- kpi_parameters_snapshot) reads this model, not the seed.
{{ select_norm_profile_rows(
    'kpi_parameters',
    'kpi_parameters_seed',
    ['parameter_code'],
    [
        'norm_profile', 'parameter_code', 'kpi_code', 'value', 'unit', 'valid_from', 'valid_to',
        'description', 'source_document', 'source_location', 'source_quote', 'source_note'
    ]
) }}
