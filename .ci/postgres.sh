# Start a throwaway PostgreSQL cluster on loopback and export MONITOR_TEST_PG_URL for the store tests.
# Sourced by .ci/run; usable by hand: `source .ci/postgres.sh && start_test_postgres`.

start_test_postgres() {
  local bindir port datadir
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bindir" ]; then
    echo "PostgreSQL is not installed; the PostgreSQL store tests will be skipped." >&2
    return 0
  fi
  port=${MONITOR_TEST_PG_PORT:-54329}
  datadir=$(mktemp -d /tmp/monitor-pg.XXXXXX)
  chown postgres:postgres "$datadir"
  su postgres -s /bin/sh -c "$bindir/initdb -D '$datadir' -A trust -U postgres >/dev/null"
  su postgres -s /bin/sh -c "$bindir/pg_ctl -D '$datadir' -o \"-p $port -k /tmp -c listen_addresses=127.0.0.1\" -l '$datadir/server.log' -w start >/dev/null"
  su postgres -s /bin/sh -c "$bindir/createdb -h 127.0.0.1 -p $port -U postgres monitor_test"
  export MONITOR_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$port/monitor_test"
  echo "PostgreSQL test server on 127.0.0.1:$port ($MONITOR_TEST_PG_URL)"
}
