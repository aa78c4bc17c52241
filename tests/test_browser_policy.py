"""Every page, the admin's and the error pages included, tells the browser to run only this
server's own code (Content-Security-Policy) and to refuse every device and sensor
(Permissions-Policy)."""

import pytest

REQUIRED = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'none'",
]
DENIED = ["camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"]


def assert_policy(response, where):
    csp = response.headers.get("Content-Security-Policy", "")
    for directive in REQUIRED:
        assert directive in csp, f"{where}: {directive!r} missing from {csp!r}"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, where
    policy = response.headers.get("Permissions-Policy", "")
    for feature in DENIED:
        assert feature in policy, f"{where}: {feature!r} missing from {policy!r}"


def test_pages_of_anonymous_visitors(client, db):
    for url in ["/accounts/login/", "/", "/cases/%00/", "/admin/login/"]:
        assert_policy(client.get(url), url)


@pytest.mark.parametrize("persona", ["caseworker", "admin_user"], indirect=True)
def test_pages_of_people_logged_in(client, persona, youth_case):
    client.force_login(persona)
    for url in ["/", "/cases/", f"/cases/{youth_case.pk}/", "/cases/999999/", "/admin/"]:
        assert_policy(client.get(url), url)
