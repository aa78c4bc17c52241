"""The figures' known answers hold on SQLite too: `make demo` runs on it, and the five queries of
the live pieces are SQL written for both databases (reporting/pieces.py). The tests that check
every figure against hand-built records, stored and live, run again in a subprocess on SQLite
(config/test_settings.py refuses SQLite unless ALLOW_SQLITE_TESTS is set)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKED = [
    "tests/reporting/test_figures.py",
    "tests/reporting/test_aggregates.py",
    "tests/reporting/test_open_month.py",
]


def test_every_figure_gives_the_same_answers_on_sqlite(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'figures.sqlite3'}",
        ALLOW_SQLITE_TESTS="1",
        DJANGO_SETTINGS_MODULE="config.test_settings",
    )
    result = subprocess.run(  # noqa: S603 (this interpreter, fixed arguments)
        [sys.executable, "-m", "pytest", "-p", "no:xdist", *CHECKED],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert "database: sqlite3" in result.stdout, result.stdout[-3000:] + result.stderr[-3000:]
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert " passed" in result.stdout and " failed" not in result.stdout
