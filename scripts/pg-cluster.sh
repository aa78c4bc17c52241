# A throwaway PostgreSQL cluster for the test suite (sourced by scripts/test.sh).
# Runs on its own port in a temporary directory, as the postgres user when we are root
# (the server refuses to run as root), and is removed when the run ends.

pg_cluster_start() {
  local bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "pg-cluster: PostgreSQL server binaries not found (apt-get install postgresql)" >&2
    return 1
  fi
  PG_CLUSTER_DIR=$(mktemp -d /tmp/screening-pg.XXXXXX)
  PG_CLUSTER_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  local as=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$PG_CLUSTER_DIR"
    as=(runuser -u postgres --)
  fi
  PG_CLUSTER_AS=("${as[@]}")
  PG_CLUSTER_BIN=$bindir
  "${as[@]}" "$bindir/initdb" -D "$PG_CLUSTER_DIR/data" -U postgres --auth=trust -E UTF8 \
    --locale=C.UTF-8 >"$PG_CLUSTER_DIR/initdb.log" 2>&1 ||
    { cat "$PG_CLUSTER_DIR/initdb.log" >&2; return 1; }
  # fsync off and friends: a test database needs speed, not durability.
  if ! "${as[@]}" "$bindir/pg_ctl" -D "$PG_CLUSTER_DIR/data" -l "$PG_CLUSTER_DIR/server.log" -w \
      -o "-p $PG_CLUSTER_PORT -k $PG_CLUSTER_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null; then
    echo "pg-cluster: PostgreSQL did not start; its log:" >&2
    cat "$PG_CLUSTER_DIR/server.log" >&2
    return 1
  fi
  "${as[@]}" "$bindir/psql" -q -h 127.0.0.1 -p "$PG_CLUSTER_PORT" -U postgres -d postgres \
    -c "CREATE ROLE screening LOGIN CREATEDB" -c "CREATE DATABASE screening OWNER screening" >/dev/null
  export DATABASE_URL="postgres://screening@127.0.0.1:$PG_CLUSTER_PORT/screening"
  echo "pg-cluster: throwaway PostgreSQL on 127.0.0.1:$PG_CLUSTER_PORT ($PG_CLUSTER_DIR)"
}

pg_cluster_stop() {
  if [ -n "${PG_CLUSTER_DIR:-}" ] && [ -d "$PG_CLUSTER_DIR/data" ]; then
    "${PG_CLUSTER_AS[@]}" "$PG_CLUSTER_BIN/pg_ctl" -D "$PG_CLUSTER_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_CLUSTER_DIR"
  fi
}
