"""The two additions a fork would make, built into the fixture like any other source: a
second telephony vendor (NICE CXone, one row per contact) and a new channel (chat and
WhatsApp conversations). Their contacts must reach fact_contact and the cross-channel
KPIs, counted from the raw files independently of the SQL."""

from __future__ import annotations

import duckdb
from conftest import BuiltFixture
from raw_files import RAW_FILES, records

CXONE = next(raw for raw in RAW_FILES if raw.source == "cxone")
CHAT = next(raw for raw in RAW_FILES if raw.source == "chat")


def test_cxone_calls_are_telephone_contacts(
    built_fixture: BuiltFixture, connection: duckdb.DuckDBPyConnection
) -> None:
    masters = {
        record["Master_Contact_ID"].strip()
        for record in records(built_fixture.raw_dir, CXONE)
        if record["Contact_ID"].strip() == record["Master_Contact_ID"].strip()
    }
    contacts = dict(
        connection.sql(
            "select source_record_id, channel_key from core.fact_contact"
            " where source_system = 'cxone'"
        ).fetchall()
    )
    assert len(contacts) > 50
    assert set(contacts.values()) == {"telefoon"}
    # Every CXone call in fact_contact is a master contact of the raw export; a few
    # masters are missing because their only row was quarantined.
    assert set(contacts) <= masters
    assert len(contacts) >= 0.95 * len(masters)


def test_chat_conversations_are_chat_and_whatsapp_contacts(
    built_fixture: BuiltFixture, connection: duckdb.DuckDBPyConnection
) -> None:
    channel_of = {
        record["conversation_id"].strip(): record["channel"]
        for record in records(built_fixture.raw_dir, CHAT)
        if record["conversation_id"].strip()
    }
    contacts = dict(
        connection.sql(
            "select source_record_id, channel_key from core.fact_contact"
            " where source_system = 'chat'"
        ).fetchall()
    )
    assert len(contacts) > 20
    assert set(contacts) <= set(channel_of)
    assert len(contacts) >= 0.95 * len(channel_of)
    expected = {"Webchat": "chat", "WhatsApp": "whatsapp"}
    assert all(expected[channel_of[key]] == channel for key, channel in contacts.items())


def test_kcc_registrations_merge_with_the_new_channels(
    connection: duckdb.DuckDBPyConnection,
) -> None:
    """A KISS contactmoment on Live chat, WhatsApp or a CXone call names its record and
    merges with it instead of counting as a contact of its own; only one whose reference is
    empty or names no record (its conversation quarantined, say) stands alone, and says
    so."""
    merged = dict(
        connection.sql(
            "select source_system, count(*) from core.fact_contact"
            " where is_registered and source_system in ('chat', 'cxone') group by all"
        ).fetchall()
    )
    assert merged.get("chat", 0) > 10 and merged.get("cxone", 0) > 10
    standalone_chat = dict(
        connection.sql(
            "select registration_match, count(*) from intermediate.int_contacts_merged"
            " where source_system = 'kcs' and channel_key in ('chat', 'whatsapp') group by all"
        ).fetchall()
    )
    assert set(standalone_chat) <= {"empty_reference", "unknown_reference"}
    # The generator leaves about 1.5 % of the references empty and quarantines a few
    # conversations: a handful, not a channel's worth.
    assert sum(standalone_chat.values()) <= 0.1 * merged["chat"]


def test_cross_channel_kpis_count_the_new_channels(connection: duckdb.DuckDBPyConnection) -> None:
    """channel_share per month: the chat, WhatsApp and phone numerators are exactly their
    offered contacts in fact_contact (CXone calls included), the `alle` row counts every
    channel;
    the other cross-channel KPIs have chat and WhatsApp rows too."""
    compared = connection.sql(
        """
        with shares as (
            select period_start, channel_key, numerator
            from kpi.kpi_values
            where kpi_code = 'channel_share' and period_grain = 'month'
        ),

        contacts as (
            select
                cast(date_trunc('month', contact_date) as date) as period_start,
                channel_key,
                count(*) as contacts
            from core.fact_contact
            where is_offered
            group by all
            union all
            select cast(date_trunc('month', contact_date) as date), 'alle', count(*)
            from core.fact_contact
            where is_offered
            group by all
        )

        select contacts.period_start, contacts.channel_key, shares.numerator, contacts.contacts
        from contacts
        left join shares
            on contacts.period_start = shares.period_start
            and contacts.channel_key = shares.channel_key
        where contacts.channel_key in ('chat', 'whatsapp', 'telefoon', 'alle')
        """
    ).fetchall()
    assert {row[1] for row in compared} == {"chat", "whatsapp", "telefoon", "alle"}
    assert all(numerator == contacts for _, _, numerator, contacts in compared), compared
    cross_channel = {
        code
        for (code,) in connection.sql(
            "select distinct kpi_code from kpi.kpi_values inner join reference.kpis"
            " using (kpi_code) where family = 'cross_channel'"
            " and channel_key in ('chat', 'whatsapp')"
        ).fetchall()
    }
    assert {
        "channel_share", "contacts_per_customer", "repeat_contact", "resolved_first_contact",
    } <= cross_channel  # fmt: skip
