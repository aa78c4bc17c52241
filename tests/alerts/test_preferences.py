"""Each person chooses immediate e-mails or a daily digest; the choice is audited, bad input
changes nothing."""

import pytest

from accounts.models import AuditEvent
from alerts.models import AlertPreference


def test_the_default_is_immediate_and_nothing_is_stored_until_chosen(client, caseworker):
    client.force_login(caseworker)
    page = client.get("/notifications/preferences/").content.decode()
    assert 'value="immediate"' in page and "checked" in page.split('value="immediate"')[1][:40]
    assert not AlertPreference.objects.exists()


def test_choosing_the_digest_is_kept_and_audited(client, caseworker):
    client.force_login(caseworker)
    response = client.post("/notifications/preferences/", {"delivery": "digest"}, follow=True)
    assert "Saved." in response.content.decode()
    assert AlertPreference.objects.get(user=caseworker).delivery == "digest"
    event = AuditEvent.objects.get(user=caseworker, detail__event="alert_delivery_changed")
    assert event.detail["now"] == "digest" and event.action == "updated"
    client.post("/notifications/preferences/", {"delivery": "immediate"})
    assert AlertPreference.objects.get(user=caseworker).delivery == "immediate"
    assert AlertPreference.objects.count() == 1


@pytest.mark.parametrize("data", [{}, {"delivery": ""}, {"delivery": "weekly"}, {"delivery": "<script>"}])
def test_bad_input_says_so_and_saves_nothing(client, caseworker, data):
    client.force_login(caseworker)
    response = client.post("/notifications/preferences/", data)
    assert response.status_code == 400
    assert "is-invalid" in response.content.decode() or "invalid-feedback" in response.content.decode()
    assert not AlertPreference.objects.exists()
    assert not AuditEvent.objects.filter(detail__event="alert_delivery_changed").exists()


def test_the_language_page_links_here(client, caseworker):
    client.force_login(caseworker)
    assert 'href="/notifications/preferences/"' in client.get("/accounts/preferences/").content.decode()


def test_anonymous_is_sent_to_log_in(client, db):
    response = client.post("/notifications/preferences/", {"delivery": "digest"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not AlertPreference.objects.exists()
