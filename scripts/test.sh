#!/usr/bin/env bash
# The whole suite on PostgreSQL and headless Chromium: `make test` (extra pytest arguments pass through).
# Uses $DATABASE_URL when set; otherwise starts a throwaway PostgreSQL cluster and stops it afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/system-deps.sh test

if [ -z "${DATABASE_URL:-}" ]; then
  source scripts/pg-cluster.sh
  pg_cluster_start
  trap pg_cluster_stop EXIT
fi

export DJANGO_SETTINGS_MODULE=config.test_settings
# pytest-django's live server and Playwright's sync API share a thread (tests only).
export DJANGO_ALLOW_ASYNC_UNSAFE=true
if [ "$#" -gt 0 ]; then
  .venv/bin/python -m pytest "$@"
  exit
fi
# The whole suite: in parallel on TEST_WORKERS processes (default: one per core, at most 4; each
# has its own test database and live server), then, alone, the tests marked `exclusive` that act on
# the whole cluster (stopping it, restoring databases into it).
workers=${TEST_WORKERS:-$(nproc)}
[ "$workers" -gt 4 ] && workers=4
status=0
.venv/bin/python -m pytest -n "$workers" -m "not exclusive" || status=$?
.venv/bin/python -m pytest -m exclusive || status=$?
exit "$status"
