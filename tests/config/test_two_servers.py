"""Two app servers on one database (README, "Running more than one app server"): nothing one
process needs lives in another's memory or on its disk. Two gunicorn processes serve the test
database; a person logged in through one is logged in on the other (sessions in the database), a
draft autosaved through one opens through the other with its answers (drafts in the database),
and a lockout made through one holds on the other (django-axes' attempts in the database).
Plain HTTP, no browser."""

import os
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from bench.client import CSRF_FIELD
from bench.server import Gunicorn
from indicators import loading
from indicators.models import InstrumentVersion
from screening.models import Screening
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
ITEM = "T1-RC-04"  # significant changes in behavior (tier1-indicators)
LOCKED = b"Too many failed log-in attempts"
# The suite's settings, with the login throttling on (the suite switches it off but in its own tests).
SERVER_SETTINGS = "from config.test_settings import *  # noqa: F403\nAXES_ENABLED = True\n"


def database_url() -> str:
    """The test database, as the tests' own connection reaches it."""
    d = connection.settings_dict
    user = quote(d["USER"] or "", safe="")
    password = f":{quote(d['PASSWORD'], safe='')}" if d.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{quote(d['NAME'])}"


@pytest.fixture(scope="module")
def servers(django_db_setup, tmp_path_factory):
    if connection.vendor != "postgresql":
        pytest.skip("Two servers share one PostgreSQL database; this run is not on PostgreSQL.")
    here = tmp_path_factory.mktemp("two_servers")
    (here / "two_servers_settings.py").write_text(SERVER_SETTINGS)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(here), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "two_servers_settings",
        "DATABASE_URL": database_url(),
        # As the app's own role when the suite runs as it (tests/database_role.py): libpq reads it.
        "PGOPTIONS": connection.settings_dict.get("OPTIONS", {}).get("options", ""),
    }
    started = [Gunicorn(ROOT, env, here / "a.log", workers=1), Gunicorn(ROOT, env, here / "b.log", workers=1)]
    try:
        for server in started:
            server.wait_ready()
        yield started
    finally:
        for server in started:
            server.stop()


def log_in(server: Gunicorn, username: str, password: str):
    browser = server.session()
    form = browser.get("/accounts/login/")
    token = CSRF_FIELD.search(form.body).group(1).decode()
    answer = browser.post(
        "/accounts/login/", {"csrfmiddlewaretoken": token, "username": username, "password": password}
    )
    return browser, answer


def test_a_draft_saved_through_one_server_opens_through_the_other(
    committed_db, servers, caseworker, youth_case
):
    a, b = servers
    assert not loading.load_files().errors
    tier1 = InstrumentVersion.objects.latest_published("tier1-indicators")
    through_a, answer = log_in(a, caseworker.username, PASSWORD)
    assert answer.status == 302, answer.body

    # Start a screening and autosave an answer and a note, through A.
    start = f"/cases/{youth_case.pk}/screenings/new/"
    assert through_a.get(start).status == 200
    started = through_a.post(start, {"context": "general", "version": str(tier1.pk)})
    assert started.status == 302, started.body
    draft = Screening.objects.get(case=youth_case)
    assert started.location == f"/screenings/{draft.pk}/"
    saved = through_a.post(
        f"/screenings/{draft.pk}/save/",
        {"version": str(draft.version), f"a_{ITEM}": "yes", f"n_{ITEM}": "Two trips to the city."},
        headers={"HX-Request": "true"},
    )
    assert saved.status == 200 and b"Saved at" in saved.body, saved.body

    # B, with the same session cookie (no login, no sticky session): the draft and its answers.
    through_b = b.session()
    through_b.cookies = dict(through_a.cookies)
    page = through_b.get(f"/screenings/{draft.pk}/")
    assert page.status == 200, page.body
    html = page.body.decode()
    assert re.search(rf'name="a_{ITEM}" value="yes" id="id_a_{ITEM}_\d+" checked', html)
    assert "Two trips to the city." in html
    version = int(re.search(r'name="version" value="(\d+)"', html).group(1))
    assert version == draft.version + 1

    # A save through B builds on A's (no conflict), and A sees it.
    again = through_b.post(
        f"/screenings/{draft.pk}/save/",
        {"version": str(version), f"a_{ITEM}": "no"},
        headers={"HX-Request": "true"},
    )
    assert again.status == 200 and b"Saved at" in again.body, again.body
    html = through_a.get(f"/screenings/{draft.pk}/").body.decode()
    assert re.search(rf'name="a_{ITEM}" value="no" id="id_a_{ITEM}_\d+" checked', html)
    draft.refresh_from_db()
    assert draft.answers[ITEM] == "no" and draft.version == version + 1


def test_a_lockout_made_through_one_server_holds_on_the_other(committed_db, servers, caseworker, settings):
    a, b = servers
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(a, caseworker.username, "not-the-password-at-all")
    browser, answer = log_in(b, caseworker.username, PASSWORD)
    assert answer.status == 429 and LOCKED in answer.body
    # Refused: B's answer logged nobody in (the login page's session is anonymous).
    assert browser.get("/cases/").status == 302
