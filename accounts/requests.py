"""The request of a signed-in person, for typing the writes they make."""

from django.http import HttpRequest

from .models import User


class AuthenticatedRequest(HttpRequest):
    """A request whose ``user`` is a person, not the anonymous user: every view that writes
    requires a login (HttpRequest types ``user`` as either). For type checking only."""

    user: User
