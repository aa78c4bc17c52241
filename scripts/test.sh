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
# the whole cluster (stopping it, restoring databases into it). The 25 slowest tests are listed.
#
# --maxschedchunk 1: the workers are given the tests a few at a time, in order, as they finish
# them. By default a worker is sent long runs of consecutive tests in one go, and pytest-django
# puts the transactional tests (the browser's, the slowest) near the end: one worker was left
# with minutes of browser tests queued while the other had nothing more to do. (Not --dist
# worksteal: a worker that steals may run a test that needs the migrations' rows after a
# transactional test has flushed them, which the order pytest-django sets never does.)
workers=${TEST_WORKERS:-$(nproc)}
[ "$workers" -gt 4 ] && workers=4
status=0
.venv/bin/python -m pytest -n "$workers" --maxschedchunk 1 -m "not exclusive" --durations=25 || status=$?
.venv/bin/python -m pytest -m exclusive --durations=25 || status=$?
exit "$status"
