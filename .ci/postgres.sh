# Start a throwaway PostgreSQL cluster on loopback and export MONITOR_TEST_PG_URL for the store tests.
# Sourced by .ci/run; usable by hand:
#   source .ci/postgres.sh && start_test_postgres && make test; stop_test_postgres
# Works as root (the server runs as the `postgres` user, which it insists on) or as an ordinary user.

_pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

_pg_free_port() {
  local port=${MONITOR_TEST_PG_PORT:-54329}
  # Something already listening (another cluster, a second CI job): take the next port.
  while (: <"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

start_test_postgres() {
  local bindir port
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bindir" ]; then
    echo "PostgreSQL is not installed; the PostgreSQL store tests will be skipped." >&2
    return 0
  fi
  port=$(_pg_free_port)
  TEST_PG_DATADIR=$(mktemp -d "${TMPDIR:-/tmp}/monitor-pg.XXXXXX")
  TEST_PG_BINDIR=$bindir
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$TEST_PG_DATADIR"; fi
  _pg_as_owner "$bindir/initdb" -D "$TEST_PG_DATADIR" -A trust -U postgres >/dev/null
  _pg_as_owner "$bindir/pg_ctl" -D "$TEST_PG_DATADIR" -l "$TEST_PG_DATADIR/server.log" -w \
    -o "-p $port -k $TEST_PG_DATADIR -c listen_addresses=127.0.0.1" start >/dev/null
  _pg_as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres monitor_test
  export MONITOR_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$port/monitor_test"
  echo "PostgreSQL test server on 127.0.0.1:$port ($MONITOR_TEST_PG_URL)"
}

stop_test_postgres() {
  if [ -n "${TEST_PG_DATADIR:-}" ] && [ -d "$TEST_PG_DATADIR" ]; then
    _pg_as_owner "$TEST_PG_BINDIR/pg_ctl" -D "$TEST_PG_DATADIR" -m fast -w stop >/dev/null || true
    rm -rf "$TEST_PG_DATADIR"
  fi
  unset TEST_PG_DATADIR MONITOR_TEST_PG_URL
}
