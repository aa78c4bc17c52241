"""/favicon.ico: browsers ask for it whatever a page links; it must not be a 404 or a login page."""

import pytest
from django.templatetags.static import static

pytestmark = pytest.mark.django_db


def test_the_icon_is_there_for_anyone(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == static("favicon.ico")


def test_only_read(client):
    assert client.post("/favicon.ico").status_code == 405


def test_pages_link_the_icon(client):
    page = client.get("/accounts/login/").content.decode()
    assert f'<link rel="icon" href="{static("favicon.svg")}" type="image/svg+xml">' in page
