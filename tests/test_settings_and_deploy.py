"""Production settings: `check --deploy` is clean, and a missing SECRET_KEY stops the start."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "x7#k2!a9-production-like-secret-key-with-enough-entropy-0123456789",
    "ALLOWED_HOSTS": "screening.agency.example",
    "DATABASE_URL": "sqlite:////tmp/deploy-check.sqlite3",
    "PATH": os.environ.get("PATH", ""),
}


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_reports_nothing_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_no_template_or_static_file_points_at_a_cdn():
    offenders = []
    for folder in ("templates", "static"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in {".html", ".css", ".js"}:
                text = path.read_text(errors="ignore")
                if "https://" in text or "http://" in text or "//cdn" in text:
                    offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
