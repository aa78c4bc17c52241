"""Login throttling (django-axes), as README's "Sign-in" section describes it.

Failures are counted per address (whatever the usernames tried: one password sprayed over many
accounts) and per username (whatever the addresses: one account tried from many places), and either
count reaching AXES_FAILURE_LIMIT locks logging in for AXES_COOLOFF_HOURS.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model

from . import audit


def username(request, credentials: dict | None = None) -> str | None:
    """The username axes records and counts: as typed, cut to what the user model can hold.

    The login form refuses a longer one with a message before axes sees it (accounts/forms.py);
    this keeps every other way in (the admin's login form, `authenticate()` anywhere) from
    writing more than axes' column holds, or a NUL PostgreSQL refuses.
    """
    if credentials:
        typed = credentials.get("username")
    else:
        typed = getattr(request, "POST", {}).get("username")
    if typed is None:
        return None
    limit = get_user_model()._meta.get_field("username").max_length or 150
    return str(typed).replace("\x00", "")[:limit]


def client_address(request) -> str | None:
    """The same address the audit events record (behind a proxy: AUDIT_TRUST_X_FORWARDED_FOR)."""
    return audit.client_address(request)


class AxesHandler(AxesDatabaseHandler):
    """django-axes' database handler, but a successful login clears only that username's failures.

    axes' own reset deletes every attempt matching any lockout parameter, the address included: anyone
    with a valid account could then clear the count of the guesses made from their address at other
    accounts by logging in between them.
    """

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        name = get_client_username(request, credentials)
        if name is None:
            return 0
        count, _ = AccessAttempt.objects.filter(username=name).delete()
        return count
