"""A connection to the PostgreSQL server of the build: KCC_PG_DSN, else the project's own
(scripts/pg.sh on 127.0.0.1:KCC_PG_PORT) as klantcontact (klantcontact.settings)."""

from __future__ import annotations

import psycopg2
from psycopg2.extensions import connection as Connection
from psycopg2.extensions import parse_dsn

from klantcontact.settings import SETTINGS


def connect(dsn: str | None = None) -> Connection:
    """dsn (default SETTINGS.pg_dsn), with KCC_PG_PASSWORD unless the DSN or PGPASSWORD
    gives the password."""
    dsn = dsn or SETTINGS.pg_dsn
    if "password" in parse_dsn(dsn) or SETTINGS.pg_password is None:
        return psycopg2.connect(dsn)
    return psycopg2.connect(dsn, password=SETTINGS.pg_password)
