"""The idle timeout on the server: a session ends SESSION_IDLE_TIMEOUT_MINUTES (default 30) after
its last request, and every request moves that end on."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[2]


def test_the_default_is_thirty_minutes_moved_on_by_every_request():
    assert settings.SESSION_IDLE_TIMEOUT_MINUTES == 30
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def session_of(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_each_request_moves_the_end_on(client, caseworker):
    client.force_login(caseworker)
    session = session_of(client)
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + datetime.timedelta(minutes=2))
    assert client.get("/cases/").status_code == 200
    ends = session_of(client).expire_date
    assert ends > timezone.now() + datetime.timedelta(minutes=29)


def test_after_the_idle_time_the_next_page_asks_to_log_in_again(client, caseworker):
    client.force_login(caseworker)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get("/cases/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def read_setting(name, **env):
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings; print(settings.{name})",
        ],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "true", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_idle_time_comes_from_the_environment():
    result = read_setting("SESSION_COOKIE_AGE", SESSION_IDLE_TIMEOUT_MINUTES="10")
    assert result.stdout.strip() == "600", result.stderr
    result = read_setting("SESSION_COOKIE_AGE", SESSION_IDLE_TIMEOUT_MINUTES="0")
    assert result.returncode != 0
    assert "SESSION_IDLE_TIMEOUT_MINUTES" in result.stderr
