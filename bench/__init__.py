"""`make bench`: every page of issue 14 timed against a trivial logged-in page, on PostgreSQL and
gunicorn, with the queries per page, the page sizes, the workers' memory and a mixed load.

`bench/run.sh` finds or starts the database; `python -m bench` does the rest (bench/runner.py).
The pure parts (settings from the environment, statistics, the report) are in bench/stats.py and
are tested in tests/bench/. docs/performance.md has the results and how to read them.
"""
