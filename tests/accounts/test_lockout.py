"""Login throttling (django-axes, accounts/throttling.py): per address across usernames, per username
across addresses; and a username no account can have is refused before axes sees it."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings as project_settings
from django.test import Client

from accounts.forms import LoginForm
from accounts.models import AuditEvent
from tests.factories import PASSWORD, UserFactory

LOCKED = b"Too many failed log-in attempts"


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    return settings.AXES_FAILURE_LIMIT


def log_in(username, password, address):
    return Client(raise_request_exception=False).post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_the_project_counts_per_address_and_per_username():
    assert project_settings.AXES_LOCKOUT_PARAMETERS == ["ip_address", "username"]
    assert project_settings.AXES_FAILURE_LIMIT == 5
    assert project_settings.AXES_COOLOFF_TIME == 0.25  # hours: 15 minutes


def test_one_password_sprayed_over_many_usernames_locks_the_address(throttled, caseworker, caseworker2):
    for name in ("alice", "bob", "carol"):
        log_in(name, "Spring-2026-guess", "10.0.0.9")
    # The next try from that address is refused, even with a real account's right password ...
    response = log_in("casey", PASSWORD, "10.0.0.9")
    assert response.status_code == 429 and LOCKED in response.content
    assert not AuditEvent.objects.filter(action="logged_in").exists()
    # ... while the same account logs in from elsewhere.
    assert log_in("casey", PASSWORD, "10.0.0.10").status_code == 302


def test_one_username_tried_from_many_addresses_locks_the_username(throttled, caseworker):
    for address in ("10.0.1.1", "10.0.1.2", "10.0.1.3"):
        log_in("casey", "not-the-password", address)
    response = log_in("casey", PASSWORD, "10.0.1.4")
    assert response.status_code == 429 and LOCKED in response.content
    # Another account, from one of those addresses (one failure there), is not locked.
    UserFactory(username="dana")
    assert log_in("dana", PASSWORD, "10.0.1.1").status_code == 302


def test_a_success_clears_that_usernames_failures_only(throttled, caseworker, caseworker2):
    log_in("nobody1", "guess-one-two", "10.0.2.1")  # a guess at another account from this address
    log_in("casey", "typo-typo-typo", "10.0.2.1")
    assert log_in("casey", PASSWORD, "10.0.2.1").status_code == 302
    assert not AccessAttempt.objects.filter(username="casey").exists()
    # The guess at the other account still counts against the address.
    assert AccessAttempt.objects.filter(username="nobody1", ip_address="10.0.2.1").exists()
    # (axes' own reset would have cleared the address's count too, and let the next try in.)
    log_in("nobody2", "guess-one-two", "10.0.2.1")
    log_in("nobody3", "guess-one-two", "10.0.2.1")
    response = log_in("sam", PASSWORD, "10.0.2.1")
    assert response.status_code == 429


# -- a username longer than any account's --------------------------------------------------------


@pytest.mark.parametrize("length", [151, 256, 300, 5000])
def test_an_over_long_username_is_refused_with_a_message_before_axes(throttled, caseworker, length):
    response = log_in("u" * length, "whatever-password", "10.0.3.1")
    assert response.status_code == 200
    content = response.content.decode()
    assert f"A username has at most 150 characters; this one has {length}" in content
    assert not AccessAttempt.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_username_of_the_longest_length_is_an_ordinary_failure(throttled, caseworker):
    response = log_in("u" * 150, "whatever-password", "10.0.3.2")
    assert response.status_code == 200
    assert b"didn&#x27;t match" in response.content or b"didn't match" in response.content
    assert AccessAttempt.objects.get().username == "u" * 150
    assert AuditEvent.objects.get(action="login_failed").username == "u" * 150


def test_a_nul_in_the_username_is_refused_before_axes(throttled, caseworker):
    response = log_in("casey\x00", PASSWORD, "10.0.3.3")
    assert response.status_code == 400  # refused at the edge (config/input_guard.py)
    assert b"cannot be stored (a NUL byte)" in response.content
    assert not AccessAttempt.objects.exists()
    assert not AuditEvent.objects.exists()


def test_the_admins_login_form_survives_an_over_long_username_too(throttled, caseworker):
    """Its form is Django's; axes' own view of the username is cut to fit (accounts/throttling.py)."""
    response = Client(raise_request_exception=False).post(
        "/admin/login/", {"username": "u" * 300, "password": "x"}, REMOTE_ADDR="10.0.3.4"
    )
    assert response.status_code == 200
    assert AccessAttempt.objects.get().username == "u" * 150


def test_the_login_form_on_its_own(caseworker):
    ok = LoginForm(data={"username": "casey", "password": PASSWORD})
    assert ok.is_valid(), ok.errors
    too_long = LoginForm(data={"username": "x" * 151, "password": PASSWORD})
    assert not too_long.is_valid()
    assert too_long.errors["username"] == [
        "A username has at most 150 characters; this one has 151. Check what you typed."
    ]
