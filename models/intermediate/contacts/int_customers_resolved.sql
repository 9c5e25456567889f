-- int_customers_resolved: one row per pseudonymous identifier with the customer it belongs
-- to: identifiers seen together in one record are one customer (connected components).
{{ config(materialized='table') }}

with recursive linked as (
    select * from {{ ref('int_customer_identifiers_linked') }}
),

identifiers as (
    select
        identifier_key,
        min(identifier_kind) as identifier_kind,
        count(distinct record_key) as record_count,
        max(case when is_eherkenning then 1 else 0 end) = 1 as is_used_with_eherkenning
    from linked
    group by identifier_key
),

-- Two identifiers are linked when they occur in the same record.
links as (
    select distinct
        from_side.identifier_key as from_key,
        to_side.identifier_key as to_key
    from linked as from_side
    inner join linked as to_side
        on
            from_side.record_key = to_side.record_key
            and from_side.identifier_key <> to_side.identifier_key
),

link_counts as (
    select
        from_key as identifier_key,
        count(*) as linked_identifier_count
    from links
    group by from_key
),

-- Identifiers linked to implausibly many others (shared office numbers, care homes) are
-- ignored: they neither link records nor identify a customer.
identifiers_flagged as (
    select
        identifiers.identifier_key,
        identifiers.identifier_kind,
        identifiers.record_count,
        identifiers.is_used_with_eherkenning,
        coalesce(link_counts.linked_identifier_count, 0) as linked_identifier_count,
        coalesce(link_counts.linked_identifier_count, 0)
        > {{ identity_max_linked_identifiers() }} as is_ignored
    from identifiers
    left join link_counts
        on identifiers.identifier_key = link_counts.identifier_key
),

usable_links as (
    select
        links.from_key,
        links.to_key
    from links
    inner join identifiers_flagged as from_identifiers
        on links.from_key = from_identifiers.identifier_key
    inner join identifiers_flagged as to_identifiers
        on links.to_key = to_identifiers.identifier_key
    where not from_identifiers.is_ignored and not to_identifiers.is_ignored
),

-- Every identifier reachable from each identifier (itself included), over the usable links.
reachable as (
    {{ reachable_identifiers('identifiers_flagged', 'usable_links') }}
),

components as (
    select
        identifier_key,
        min(reached_key) as component_root_key,
        count(*) as component_identifier_count
    from reachable
    group by identifier_key
),

final as (
    select
        identifiers_flagged.identifier_key,
        identifiers_flagged.identifier_kind,
        identifiers_flagged.record_count,
        identifiers_flagged.linked_identifier_count,
        identifiers_flagged.is_ignored,
        identifiers_flagged.is_used_with_eherkenning,
        components.component_identifier_count,
        case
            when identifiers_flagged.is_ignored then 'onbekend'
            else 'klant|' || components.component_root_key
        end as customer_key
    from identifiers_flagged
    left join components
        on identifiers_flagged.identifier_key = components.identifier_key
)

select * from final
