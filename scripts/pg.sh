#!/usr/bin/env bash
# A project-local PostgreSQL server for the PostgreSQL target (docs/postgres.md).
#
#   scripts/pg.sh up      initialise build/pg/data (KCC_PG_DIR) when missing, start, create role/db
#   scripts/pg.sh down    stop the server (fast shutdown)
#   scripts/pg.sh status  print the state; exit 0 when running, 3 when not
#
# The server listens only on 127.0.0.1:${KCC_PG_PORT:-55432} (password auth, md5 in pg_hba,
# SCRAM-stored) and on a Unix socket in build/pg/run (trust, owner only). Role and database
# are `klantcontact`, the password is KCC_PG_PASSWORD (default `klantcontact`). Server
# binaries are Debian's (/usr/lib/postgresql/<version>/bin), installed when missing and
# root or passwordless sudo is available. As root the server runs as the `postgres` user
# (PostgreSQL refuses to run as root), so build/pg belongs to postgres.
set -euo pipefail

PROJECT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)"
# KCC_PG_DIR moves the server's folder. As root the server runs as `postgres`, which must
# reach it: a checkout below a private folder (/root, a CI workspace) gets one under /tmp.
PG_DIR="${KCC_PG_DIR:-$PROJECT_DIR/build/pg}"
if [[ -z "${KCC_PG_DIR:-}" && $EUID -eq 0 ]] && id postgres >/dev/null 2>&1 \
    && ! runuser -u postgres -- test -x "$PROJECT_DIR"; then
    PG_DIR="${TMPDIR:-/tmp}/klantcontact-pg-$(printf '%s' "$PROJECT_DIR" | sha256sum | cut -c1-12)"
fi
DATA_DIR="$PG_DIR/data"
SOCKET_DIR="$PG_DIR/run"
LOG_FILE="$PG_DIR/postgres.log"
PORT="${KCC_PG_PORT:-55432}"
export KCC_PG_PASSWORD="${KCC_PG_PASSWORD:-klantcontact}"
ROLE=klantcontact
SUPERUSER=postgres

die() { echo "pg.sh: $*" >&2; exit 2; }

[[ "$PORT" =~ ^[0-9]+$ ]] || die "KCC_PG_PORT=$PORT is not a port number"

find_bin_dir() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/postgres" ]]; then
        echo "$dir"
    fi
}

install_postgresql() {
    local sudo=()
    if [[ $EUID -ne 0 ]]; then
        sudo -n true 2>/dev/null || die "PostgreSQL server binaries not found under \
/usr/lib/postgresql/*/bin and not root (no passwordless sudo) to install them: \
run 'sudo apt-get install -y --no-install-recommends postgresql'"
        sudo=(sudo -n)
    fi
    command -v apt-get >/dev/null || die "PostgreSQL server binaries not found under \
/usr/lib/postgresql/*/bin and no apt-get to install Debian's postgresql package"
    echo "pg.sh: installing Debian's postgresql package" >&2
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 \
        || die "apt-get update failed"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends postgresql >&2 \
        || die "apt-get install postgresql failed"
}

BIN_DIR="$(find_bin_dir)"

# Run a server binary as the server's owner: postgres when we are root, else ourselves.
as_owner() {
    if [[ $EUID -eq 0 ]]; then
        runuser -u "$SUPERUSER" -- "$@"
    else
        "$@"
    fi
}

is_running() {
    [[ -n "$BIN_DIR" && -f "$DATA_DIR/PG_VERSION" ]] \
        && as_owner "$BIN_DIR/pg_ctl" status -D "$DATA_DIR" >/dev/null 2>&1
}

initialise() {
    mkdir -p "$PG_DIR"
    if [[ $EUID -eq 0 ]]; then
        id "$SUPERUSER" >/dev/null 2>&1 || die "no '$SUPERUSER' user to run the server as"
        chown "$SUPERUSER:" "$PG_DIR"
        runuser -u "$SUPERUSER" -- test -w "$PG_DIR" || die "user $SUPERUSER cannot write \
$PG_DIR: every folder above it must be searchable by others (chmod o+x)"
    fi
    as_owner mkdir -p -m 0700 "$DATA_DIR" "$SOCKET_DIR"
    echo "pg.sh: initialising $DATA_DIR" >&2
    as_owner "$BIN_DIR/initdb" -D "$DATA_DIR" -U "$SUPERUSER" -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=md5 >"$PG_DIR/initdb.log" 2>&1 \
        || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed (log: $PG_DIR/initdb.log)"; }
    # Loopback only: the socket (owner only, see the socket dir's mode) and 127.0.0.1.
    as_owner tee "$DATA_DIR/pg_hba.conf" >/dev/null <<'EOF'
# scripts/pg.sh: the Unix socket in build/pg/run (mode 0700) and 127.0.0.1 only.
local   all   all                  trust
host    all   all   127.0.0.1/32   md5
EOF
    echo "include_if_exists = 'klantcontact.conf'" | as_owner tee -a "$DATA_DIR/postgresql.conf" >/dev/null
}

# Written at every start, so a changed KCC_PG_PORT (or moved project) applies.
write_settings() {
    as_owner tee "$DATA_DIR/klantcontact.conf" >/dev/null <<EOF
# Written by scripts/pg.sh up; edits are overwritten.
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '${SOCKET_DIR//\'/\'\'}'
unix_socket_permissions = 0700
password_encryption = 'scram-sha-256'
# A development server whose data is reloaded from the raw exports: commits need not wait
# for the disk (no risk of corruption, at most the last moments lost in a crash).
synchronous_commit = off
timezone = 'UTC'
EOF
}

ensure_role_and_database() {
    # The password comes from the environment (psql \getenv), never from a command line.
    as_owner "$BIN_DIR/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCKET_DIR" -p "$PORT" \
        -U "$SUPERUSER" -d postgres >/dev/null <<EOF
\\getenv password KCC_PG_PASSWORD
SELECT 'CREATE ROLE $ROLE LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') \\gexec
ALTER ROLE $ROLE WITH LOGIN PASSWORD :'password';
SELECT 'CREATE DATABASE $ROLE OWNER $ROLE ENCODING ''UTF8'' TEMPLATE template0'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$ROLE') \\gexec
EOF
}

up() {
    if [[ -z "$BIN_DIR" ]]; then
        install_postgresql
        BIN_DIR="$(find_bin_dir)"
        [[ -n "$BIN_DIR" ]] || die "postgresql installed, but no server binaries under /usr/lib/postgresql/*/bin"
    fi
    if [[ ! -f "$DATA_DIR/PG_VERSION" ]]; then
        [[ -d "$DATA_DIR" && -n "$(ls -A "$DATA_DIR" 2>/dev/null)" ]] \
            && die "$DATA_DIR is not empty but holds no cluster; remove it"
        initialise
    fi
    if is_running; then
        echo "pg.sh: already running ($(describe))"
    else
        write_settings
        as_owner "$BIN_DIR/pg_ctl" start -D "$DATA_DIR" -l "$LOG_FILE" -w -t 60 >/dev/null \
            || { tail -n 20 "$LOG_FILE" >&2 || true; die "the server did not start (log: $LOG_FILE)"; }
        echo "pg.sh: started ($(describe))"
    fi
    ensure_role_and_database
}

down() {
    if is_running; then
        as_owner "$BIN_DIR/pg_ctl" stop -D "$DATA_DIR" -m fast -w >/dev/null
        echo "pg.sh: stopped"
    else
        echo "pg.sh: not running"
    fi
}

# The port the running server listens on (from its postmaster.pid), else KCC_PG_PORT.
running_port() {
    sed -n 4p "$DATA_DIR/postmaster.pid" 2>/dev/null || echo "$PORT"
}

describe() {
    echo "127.0.0.1:$(running_port), data $DATA_DIR, log $LOG_FILE"
}

status() {
    if [[ -z "$BIN_DIR" ]]; then
        echo "pg.sh: no PostgreSQL server binaries (scripts/pg.sh up installs them)"
        exit 3
    elif [[ ! -f "$DATA_DIR/PG_VERSION" ]]; then
        echo "pg.sh: not initialised ($DATA_DIR; scripts/pg.sh up creates it)"
        exit 3
    elif is_running; then
        echo "pg.sh: running ($(describe)), $("$BIN_DIR/postgres" --version)"
    else
        echo "pg.sh: stopped (data $DATA_DIR)"
        exit 3
    fi
}

case "${1:-}" in
    up) up ;;
    down) down ;;
    status) status ;;
    *) echo "usage: scripts/pg.sh up|down|status" >&2; exit 2 ;;
esac
