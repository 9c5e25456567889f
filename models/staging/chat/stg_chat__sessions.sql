-- One row per chat or WhatsApp conversation; the latest export of a conversation wins.
{{ latest_records(ref('base_chat__sessions'), ['conversation_id']) }}
