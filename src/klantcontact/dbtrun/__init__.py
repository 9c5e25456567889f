"""`klantcontact dbt`: dbt run with the municipality configuration of its exports."""
