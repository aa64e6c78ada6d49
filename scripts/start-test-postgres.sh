#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for the tests, listening on 127.0.0.1 only, and prints its
# URL (the only thing written to stdout), so callers do:
#
#   export TEST_POSTGRES_URL="$(scripts/start-test-postgres.sh)"
#
# Idempotent: a cluster already running on the port is reused; the role and database are
# created only when missing. It uses its own data directory instead of Debian's `main`
# cluster so it never touches a database someone else relies on.
#
# Settings (environment): CIRCLE_PG_PORT (55432), CIRCLE_PG_DIR (/tmp/circle-test-postgres),
# CIRCLE_PG_USER (circle), CIRCLE_PG_PASSWORD (circle), CIRCLE_PG_DB (circle_test).
set -euo pipefail

port="${CIRCLE_PG_PORT:-55432}"
dir="${CIRCLE_PG_DIR:-/tmp/circle-test-postgres}"
user="${CIRCLE_PG_USER:-circle}"
password="${CIRCLE_PG_PASSWORD:-circle}"
db="${CIRCLE_PG_DB:-circle_test}"

log() { echo "start-test-postgres: $*" >&2; }
fail() { log "$*"; exit 1; }

# Identifiers and the password are spliced into SQL below; keep them to safe characters.
for value in "$user" "$password" "$db"; do
  [[ "$value" =~ ^[A-Za-z0-9_]+$ ]] || fail "user, password and database name must match [A-Za-z0-9_]+ (got '$value')"
done

find_bin_dir() {
  local candidate
  candidate="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -n "$candidate" && -x "$candidate/pg_ctl" ]]; then
    echo "$candidate"
  elif command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v pg_ctl)"
  fi
}

bin="$(find_bin_dir)"
if [[ -z "$bin" ]]; then
  # CI starts from a bare machine; Debian's package is the supported source.
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "PostgreSQL is not installed; installing Debian's postgresql package"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2 \
      || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2; }
    bin="$(find_bin_dir)"
  fi
  [[ -n "$bin" ]] || fail "PostgreSQL server binaries not found (install Debian's 'postgresql' package)"
fi

# The server refuses to run as root; as root, everything runs as the `postgres` account the
# Debian package creates.
as_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

psql_admin() {
  # Unix socket in the data directory: the superuser needs no password there (trust).
  as_owner "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
}

if ! "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
  if [[ ! -f "$dir/PG_VERSION" ]]; then
    log "creating cluster in $dir"
    mkdir -p "$dir"
    [[ "$(id -u)" == 0 ]] && chown postgres:postgres "$dir"
    chmod 700 "$dir"
    # Local socket connections are trusted (admin only); TCP connections need the password.
    as_owner "$bin/initdb" -D "$dir" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 --no-sync >&2
  fi
  log "starting PostgreSQL on 127.0.0.1:$port"
  # fsync off: a throwaway test database trades durability for speed on a 2-core machine.
  as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >&2 \
    || { tail -n 30 "$dir/server.log" >&2 || true; fail "PostgreSQL did not start (log: $dir/server.log)"; }
fi

if [[ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$user'")" != 1 ]]; then
  log "creating role $user"
  # CREATEDB: Prisma's migration diff uses a temporary shadow database.
  psql_admin -c "CREATE ROLE \"$user\" LOGIN CREATEDB PASSWORD '$password'"
fi
if [[ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]]; then
  log "creating database $db"
  psql_admin -c "CREATE DATABASE \"$db\" OWNER \"$user\""
fi

echo "postgresql://$user:$password@127.0.0.1:$port/$db"
