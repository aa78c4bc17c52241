"""Each person chooses the language of their pages and printouts; by default, the browser's."""

import pytest

from accounts.models import AuditEvent

URL = "/accounts/preferences/"


def html_lang(response) -> str:
    page = response.content.decode()
    start = page.index('<html lang="') + len('<html lang="')
    return page[start : page.index('"', start)]


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_by_default_the_browser_decides(client, caseworker):
    client.force_login(caseworker)
    assert html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE="es-US,es;q=0.9")) == "es"
    assert html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE="en-US")) == "en"


def test_a_person_chooses_spanish_whatever_the_browser_says(client, caseworker):
    client.force_login(caseworker)
    page = client.get(URL).content.decode()
    assert 'value="es"' in page and "Español" in page and "English" in page
    response = client.post(URL, {"language": "es"}, HTTP_ACCEPT_LANGUAGE="en-US")
    assert response.status_code == 302 and response["Location"] == URL
    caseworker.refresh_from_db()
    assert caseworker.language == "es"
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US")
    assert html_lang(home) == "es" and home["Content-Language"] == "es"
    event = AuditEvent.objects.get(user=caseworker, detail__event="language_changed")
    assert event.detail["was"] == "" and event.detail["now"] == "es"
    # Back to the browser's.
    client.post(URL, {"language": ""})
    caseworker.refresh_from_db()
    assert caseworker.language == ""
    assert html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE="en-US")) == "en"


@pytest.mark.parametrize("value", ["fr", "es-MX", "x" * 300, "es\x00"])
def test_a_language_the_app_does_not_have_is_refused(client, caseworker, value):
    client.force_login(caseworker)
    response = client.post(URL, {"language": value})
    assert response.status_code in (200, 400)
    caseworker.refresh_from_db()
    assert caseworker.language == ""
    if response.status_code == 200:
        assert "Select a valid choice" in response.content.decode() or "valid" in response.content.decode()


def test_only_get_and_post(client, caseworker):
    client.force_login(caseworker)
    assert client.put(URL).status_code == 405
