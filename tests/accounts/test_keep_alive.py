"""/accounts/session/keep-alive/: "Stay signed in" before the idle timeout (static/js/session.js)."""

from accounts.models import AuditEvent

URL = "/accounts/session/keep-alive/"


def test_it_moves_the_end_of_the_session_on_and_reads_nothing(client, caseworker):
    client.force_login(caseworker)
    before = AuditEvent.objects.count()
    response = client.post(URL)
    assert response.status_code == 204
    assert response.cookies["sessionid"].value  # the session was saved again, with a new end
    assert AuditEvent.objects.count() == before


def test_only_a_post_keeps_the_session(client, caseworker):
    client.force_login(caseworker)
    assert client.get(URL).status_code == 405


def test_an_ended_session_is_sent_to_log_in(client, db):
    response = client.post(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
