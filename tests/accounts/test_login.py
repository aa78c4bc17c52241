import pytest

from accounts.models import AuditEvent
from tests.factories import PASSWORD


def test_the_login_page_is_open_to_everyone(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert b'autocomplete="current-password"' in response.content


def test_logging_in_leaves_an_audit_event(client, caseworker):
    response = client.post(
        "/accounts/login/", {"username": "casey", "password": PASSWORD}, REMOTE_ADDR="10.0.0.5"
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="logged_in")
    assert event.user == caseworker and event.ip_address == "10.0.0.5"


def test_a_failed_login_is_audited_without_the_password(client, caseworker):
    response = client.post("/accounts/login/", {"username": "casey", "password": "wrong-guess"})
    assert response.status_code == 200
    assert b"didn't match" in response.content
    event = AuditEvent.objects.get(action="login_failed")
    assert event.username == "casey" and event.user is None
    assert "wrong-guess" not in str(event.detail) + event.path + event.summary


def test_logging_out_needs_post_and_is_audited(client, caseworker):
    client.force_login(caseworker)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="logged_out", user=caseworker).exists()
    assert client.get("/cases/").status_code == 302


def test_login_redirects_back_to_the_page_asked_for(client, caseworker, youth_case):
    response = client.get(f"/cases/{youth_case.pk}/")
    assert response.status_code == 302
    login_url = response["Location"]
    response = client.post(
        login_url, {"username": "casey", "password": PASSWORD, "next": f"/cases/{youth_case.pk}/"}
    )
    assert response["Location"] == f"/cases/{youth_case.pk}/"


def test_an_offsite_next_is_ignored(client, caseworker):
    response = client.post(
        "/accounts/login/", {"username": "casey", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def test_repeated_failures_lock_the_login(client, caseworker, throttled):
    for _ in range(3):
        client.post("/accounts/login/", {"username": "casey", "password": "nope"})
    response = client.post("/accounts/login/", {"username": "casey", "password": PASSWORD})
    assert response.status_code == 429
    assert b"Too many failed log-in attempts" in response.content
    assert not AuditEvent.objects.filter(action="logged_in").exists()
