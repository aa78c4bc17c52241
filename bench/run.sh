#!/usr/bin/env bash
# `make bench` (README, "Benchmark"; docs/performance.md): on $DATABASE_URL when set, otherwise on
# a throwaway PostgreSQL cluster (scripts/pg-cluster.sh) removed afterwards, unless
# BENCH_KEEP_DATABASE=1 keeps it (seeding 1,000,000 cases takes minutes; a second run on the same
# database skips it).
set -euo pipefail
cd "$(dirname "$0")/.."

# A bad BENCH_* setting is refused before anything starts.
.venv/bin/python -m bench check
scripts/system-deps.sh demo

if [ -z "${DATABASE_URL:-}" ]; then
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "bench: installing postgresql"
      DEBIAN_FRONTEND=noninteractive apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    else
      echo "bench: PostgreSQL's server is missing: sudo apt-get install postgresql, or set DATABASE_URL" >&2
      exit 1
    fi
  fi
  source scripts/pg-cluster.sh
  # A quarter of a small database server's memory, as a production setting would give it.
  export PG_CLUSTER_SHARED_BUFFERS="${BENCH_SHARED_BUFFERS:-2GB}"
  pg_cluster_start
  if [ "${BENCH_KEEP_DATABASE:-}" = 1 ]; then
    trap 'echo "bench: the database is kept: DATABASE_URL=$DATABASE_URL make bench;" \
      "stop it with: ${PG_CLUSTER_USER:+runuser -u $PG_CLUSTER_USER -- }$PG_CLUSTER_BIN/pg_ctl -D $PG_CLUSTER_DIR/data stop && rm -rf $PG_CLUSTER_DIR"' EXIT
    export BENCH_DATABASE_LABEL="a throwaway cluster of scripts/pg-cluster.sh (fsync off), kept"
  else
    trap pg_cluster_stop EXIT
    export BENCH_DATABASE_LABEL="a throwaway cluster of scripts/pg-cluster.sh (fsync off)"
  fi
  # The bench logs in as the tables' owner (docs/performance.md), not the app's role.
  unset TEST_DATABASE_APP_ROLE
fi

# bench/runner.py prepares the database (migrate, seed unless seeded, `aggregate_figures` for the
# agency's figures of the closed months: docs/performance.md), then measures.
.venv/bin/python -m bench
