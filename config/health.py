"""Health endpoints for a load balancer, and the page shown while the database is down.

- ``/healthz``: the process is up and answers. Never touches the database.
- ``/readyz``: the database answers ``SELECT 1``; 503 otherwise.

Both need no login, leave no audit event and are exempt from the HTTPS redirect (settings).

While the database is down every page answers 503 with templates/503.html: ``server_error`` is the
project's handler500, and an error that is the database's (connection refused, server closed the
connection) becomes that page instead of "Server error". It is rendered without a request context,
so nothing on it looks up the user or the session. With CONN_HEALTH_CHECKS the app reconnects by
itself once the database is back: no restart.
"""

from __future__ import annotations

import logging
import sys

from django.contrib.auth.decorators import login_not_required
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    InterfaceError,
    OperationalError,
    connections,
    transaction,
)
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger(__name__)

# What a database that is down or unreachable raises (psycopg2's errors arrive wrapped in these).
DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def is_database_down(error: BaseException | None) -> bool:
    """The error, or one it was raised from, says the database cannot be reached."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, DATABASE_DOWN):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


def database_unavailable(request=None) -> HttpResponse:
    """The plain 503 page (no request context: no user, no session, no query)."""
    body = loader.get_template("503.html").render({"retry_after": RETRY_AFTER_SECONDS})
    response = HttpResponse(body, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request, template_name: str = "500.html") -> HttpResponse:
    """handler500: Django calls it while handling the uncaught exception, so sys.exc_info() is it."""
    if is_database_down(sys.exc_info()[1]):
        return database_unavailable(request)
    try:
        return django_server_error(request, template_name)
    except Exception:  # the 500 page must never fail in turn
        logger.exception("The 500 page could not be rendered")
        return HttpResponseServerError("Server error", content_type="text/plain")


def _plain(text: str, status: int = 200) -> HttpResponse:
    response = HttpResponse(text + "\n", status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


@login_not_required
@transaction.non_atomic_requests
@never_cache
@require_safe
def healthz(request) -> HttpResponse:
    """The process is up. Never touches the database."""
    return _plain("ok")


@login_not_required
@transaction.non_atomic_requests
@never_cache
@require_safe
def readyz(request) -> HttpResponse:
    """The database answers (no transaction around it: ATOMIC_REQUESTS would connect first)."""
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("readyz: the database does not answer: %s", error)
        # The broken connection is closed now, so the next probe starts afresh.
        connection.close_if_unusable_or_obsolete()
        return _plain("database unavailable", status=503)
    return _plain("ok")
