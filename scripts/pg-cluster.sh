# A throwaway PostgreSQL cluster for the test suite (sourced by scripts/test.sh).
# Runs on its own port in a temporary directory, as the postgres user when we are root
# (the server refuses to run as root), and is removed when the run ends.
#
# Two roles, as in production (README, "Running in production"): `screening` owns the database
# (pytest-django creates and migrates the test database as it), and `screening_app` is the app's
# role; the suite grants it and runs as it (tests/database_role.py). `screening` may SET ROLE to it.

pg_cluster_start() {
  local bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "pg-cluster: PostgreSQL server binaries not found (apt-get install postgresql)" >&2
    return 1
  fi
  PG_CLUSTER_DIR=$(mktemp -d /tmp/screening-pg.XXXXXX)
  PG_CLUSTER_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  PG_CLUSTER_USER=""
  local as=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$PG_CLUSTER_DIR"
    as=(runuser -u postgres --)
    PG_CLUSTER_USER=postgres
  fi
  PG_CLUSTER_AS=("${as[@]}")
  PG_CLUSTER_BIN=$bindir
  "${as[@]}" "$bindir/initdb" -D "$PG_CLUSTER_DIR/data" -U postgres --auth=trust -E UTF8 \
    --locale=C.UTF-8 >"$PG_CLUSTER_DIR/initdb.log" 2>&1 ||
    { cat "$PG_CLUSTER_DIR/initdb.log" >&2; return 1; }
  # In the configuration file rather than on the command line, so that a test can stop the server
  # and start it again as it was (tests/config/test_database_down.py).
  # fsync off and friends: a test database needs speed, not durability.
  cat >>"$PG_CLUSTER_DIR/data/postgresql.conf" <<CONF
port = $PG_CLUSTER_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_CLUSTER_DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
  # A production-like memory setting when asked (the bench: PostgreSQL's default of 128 MB keeps a
  # state's tables on disk, which measures the disk rather than the pages).
  if [ -n "${PG_CLUSTER_SHARED_BUFFERS:-}" ]; then
    echo "shared_buffers = '$PG_CLUSTER_SHARED_BUFFERS'" >>"$PG_CLUSTER_DIR/data/postgresql.conf"
  fi
  if ! pg_cluster_ctl start; then
    echo "pg-cluster: PostgreSQL did not start; its log:" >&2
    cat "$PG_CLUSTER_DIR/server.log" >&2
    return 1
  fi
  "${as[@]}" "$bindir/psql" -q -h 127.0.0.1 -p "$PG_CLUSTER_PORT" -U postgres -d postgres \
    -c "CREATE ROLE screening LOGIN CREATEDB" -c "CREATE DATABASE screening OWNER screening" \
    -c "CREATE ROLE screening_app LOGIN" -c "GRANT screening_app TO screening" >/dev/null
  export DATABASE_URL="postgres://screening@127.0.0.1:$PG_CLUSTER_PORT/screening"
  export TEST_DATABASE_APP_ROLE=screening_app
  export PG_CLUSTER_DIR PG_CLUSTER_BIN PG_CLUSTER_USER
  echo "pg-cluster: throwaway PostgreSQL on 127.0.0.1:$PG_CLUSTER_PORT ($PG_CLUSTER_DIR)"
}

# pg_cluster_ctl start|stop: the throwaway server, as the user it runs as.
pg_cluster_ctl() {
  "${PG_CLUSTER_AS[@]}" "$PG_CLUSTER_BIN/pg_ctl" -D "$PG_CLUSTER_DIR/data" -l "$PG_CLUSTER_DIR/server.log" \
    -w "$1" >/dev/null
}

pg_cluster_stop() {
  if [ -n "${PG_CLUSTER_DIR:-}" ] && [ -d "$PG_CLUSTER_DIR/data" ]; then
    "${PG_CLUSTER_AS[@]}" "$PG_CLUSTER_BIN/pg_ctl" -D "$PG_CLUSTER_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_CLUSTER_DIR"
  fi
}
