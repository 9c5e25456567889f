-- One row per e-mail message; the latest export of a message wins.
{{ latest_records(ref('base_email__messages'), ['message_id']) }}
