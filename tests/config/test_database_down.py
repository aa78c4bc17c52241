"""While the database is down every page answers 503 with the plain page (templates/503.html), and
once it is back the same process serves pages again, without a restart (config/health.py).

Three ways down: the database refuses connections (a port nobody listens on); a connection the
server dropped (its backend terminated, as a restart or a failover does); and the throwaway
cluster of `make test` really stopped and started again with pg_ctl.
"""

import io
import os
import socket
import subprocess
import sys
from contextlib import contextmanager
from unittest import mock

import psycopg2
import pytest
from django.contrib.auth.backends import ModelBackend
from django.core.handlers.wsgi import WSGIHandler
from django.db import InterfaceError, OperationalError, connection
from django.test import Client

from accounts.models import AuditEvent
from config.health import is_database_down
from tests.factories import PASSWORD

UNAVAILABLE = "The service is temporarily unavailable"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def database_refusing_connections():
    """Until the block ends, connecting to the database is refused (nobody listens on its port)."""
    settings_dict = connection.settings_dict
    port = settings_dict["PORT"]
    connection.close()
    settings_dict["PORT"] = str(free_port())
    try:
        yield
    finally:
        connection.close()
        settings_dict["PORT"] = port


@pytest.fixture
def signed_in(caseworker):
    """A logged-in signed_in whose requests are answered whatever happens (no exception re-raised)."""
    client = Client(raise_request_exception=False)
    client.force_login(caseworker)
    return client


def assert_unavailable(response):
    assert response.status_code == 503
    content = response.content.decode()
    assert UNAVAILABLE in content
    assert "Nothing already saved is lost" in content
    assert "kept in" in content  # the autosave keeps the answers in the tab
    assert response["Retry-After"]
    # The plain page: not the app's layout, no navigation that needs the user.
    assert "navbar" not in content and "Log out" not in content


PAGES = ["/", "/cases/", "/admin/", "/accounts/password/"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_answers_503_while_the_database_refuses_connections(
    committed_db, signed_in, youth_case, path
):
    with database_refusing_connections():
        assert_unavailable(signed_in.get(path))
    assert signed_in.get(path).status_code in (200, 302)


def test_a_case_page_and_a_save_answer_503_then_work_again(committed_db, signed_in, youth_case):
    page = f"/cases/{youth_case.pk}/"
    with database_refusing_connections():
        assert_unavailable(signed_in.get(page))
        assert_unavailable(signed_in.post(f"/cases/{youth_case.pk}/notes/new/", {"text": "A note."}))
        # Logging in needs the database too.
        anonymous = Client(raise_request_exception=False)
        assert_unavailable(anonymous.post("/accounts/login/", {"username": "casey", "password": PASSWORD}))
    assert signed_in.get(page).status_code == 200


def test_the_login_page_answers_503_too_and_then_logs_in(committed_db, caseworker):
    """Every view runs in a transaction (ATOMIC_REQUESTS), so even the login page needs the database."""
    anonymous = Client(raise_request_exception=False)
    with database_refusing_connections():
        assert_unavailable(anonymous.get("/accounts/login/"))
    response = anonymous.post("/accounts/login/", {"username": "casey", "password": PASSWORD})
    assert response.status_code == 302


def test_a_failing_user_lookup_answers_503(db, signed_in):
    """The session loads, but looking the user up fails."""
    with mock.patch.object(
        ModelBackend, "get_user", side_effect=OperationalError("server closed the connection")
    ):
        assert_unavailable(signed_in.get("/cases/"))


def test_a_failing_view_query_answers_503(db, signed_in, youth_case):
    with mock.patch("cases.views.get_case_for_user", side_effect=InterfaceError("connection already closed")):
        response = signed_in.get(f"/cases/{youth_case.pk}/")
    assert_unavailable(response)


def test_any_other_error_is_still_the_500_page(db, signed_in):
    with mock.patch("cases.views.cases_visible_to", side_effect=RuntimeError("a bug")):
        response = signed_in.get("/cases/")
    assert response.status_code == 500
    assert UNAVAILABLE not in response.content.decode()


def test_which_errors_are_the_database_being_down():
    assert is_database_down(OperationalError("could not connect to server: Connection refused"))
    assert is_database_down(InterfaceError("connection already closed"))
    wrapped = RuntimeError("while rendering")
    wrapped.__cause__ = OperationalError("server closed the connection unexpectedly")
    assert is_database_down(wrapped)
    assert not is_database_down(RuntimeError("a bug"))
    assert not is_database_down(None)


def test_health_endpoints_answer_without_a_login_and_without_the_database(
    committed_db, django_assert_num_queries
):
    client = Client(raise_request_exception=False)
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok\n"
    response = client.get("/readyz")
    assert response.status_code == 200 and response.content == b"ok\n"
    with database_refusing_connections():
        assert client.get("/healthz").status_code == 200
        response = client.get("/readyz")
        assert response.status_code == 503
        assert b"database unavailable" in response.content
    assert client.get("/readyz").status_code == 200
    assert not AuditEvent.objects.exists()  # no audit event for a probe


def test_health_endpoints_ignore_a_session_and_are_not_redirected_to_https(committed_db, signed_in, settings):
    settings.SECURE_SSL_REDIRECT = True
    with database_refusing_connections():
        # A signed_in with a session cookie: its session is never read.
        assert signed_in.get("/healthz").status_code == 200
    assert signed_in.get("/readyz").status_code == 200
    assert signed_in.get("/cases/").status_code == 301  # everything else still goes to HTTPS


# -- the same process, as a WSGI server runs it: a persistent connection (CONN_MAX_AGE) that the
# -- database drops, noticed at the next request (CONN_HEALTH_CHECKS) --------------------------


class Server:
    """Requests through Django's WSGI handler as gunicorn sends them (request_started and
    request_finished fire, so connections are checked and recycled as in production; the test
    client skips that)."""

    def __init__(self, session_key: str):
        self.handler = WSGIHandler()
        self.cookie = f"sessionid={session_key}"

    def get(self, path: str) -> tuple[int, str]:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "testserver",
            "HTTP_COOKIE": self.cookie,
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        started = []
        response = self.handler(environ, lambda status, headers, exc_info=None: started.append(status))
        try:
            body = b"".join(response).decode()
        finally:
            response.close()  # request_finished: what the WSGI server does
        return int(started[0].split()[0]), body


@pytest.fixture
def server(committed_db, signed_in):
    """The production connection settings: kept open between requests, checked before reuse."""
    settings_dict = connection.settings_dict
    saved = settings_dict["CONN_MAX_AGE"], settings_dict["CONN_HEALTH_CHECKS"]
    settings_dict["CONN_MAX_AGE"], settings_dict["CONN_HEALTH_CHECKS"] = 60, True
    connection.close()
    yield Server(signed_in.session.session_key)
    settings_dict["CONN_MAX_AGE"], settings_dict["CONN_HEALTH_CHECKS"] = saved


def owner_login():
    d = connection.settings_dict
    conn = psycopg2.connect(dbname=d["NAME"], user=d["USER"], host=d["HOST"] or None, port=d["PORT"] or None)
    conn.autocommit = True
    return conn


def test_a_connection_the_database_dropped_is_replaced_without_a_restart(server):
    status, _ = server.get("/cases/")
    assert status == 200
    pid = connection.connection.info.backend_pid  # the connection the requests keep using
    status, _ = server.get("/cases/")
    assert status == 200 and connection.connection.info.backend_pid == pid

    # The server drops it (a restart, a failover): the next request finds it dead ...
    with owner_login() as killer, killer.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    killer.close()
    status, body = server.get("/cases/")
    assert status == 200, body  # ... checked at the start of the request, and replaced
    assert connection.connection.info.backend_pid != pid


def test_a_connection_dropped_in_the_middle_of_a_request_answers_503_then_recovers(server):
    assert server.get("/cases/")[0] == 200
    pid = connection.connection.info.backend_pid

    def drop_then_list(*args, **kwargs):
        with owner_login() as killer, killer.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        killer.close()
        from cases.access import cases_visible_to

        return cases_visible_to(*args, **kwargs)

    with mock.patch("cases.views.cases_visible_to", side_effect=drop_then_list):
        status, body = server.get("/cases/")
    assert status == 503 and UNAVAILABLE in body
    status, body = server.get("/cases/")
    assert status == 200, body


CLUSTER = os.environ.get("PG_CLUSTER_DIR")


def pg_ctl(action: str) -> None:
    command = [
        f"{os.environ['PG_CLUSTER_BIN']}/pg_ctl",
        "-D",
        f"{CLUSTER}/data",
        "-l",
        f"{CLUSTER}/server.log",
        "-w",
        action,
    ]
    if action == "stop":
        command += ["-m", "fast"]
    if os.environ.get("PG_CLUSTER_USER"):
        command = ["runuser", "-u", os.environ["PG_CLUSTER_USER"], "--", *command]
    subprocess.run(command, check=True, capture_output=True, timeout=60)


@pytest.mark.skipif(not CLUSTER, reason="stops and starts the throwaway cluster of `make test`")
def test_the_database_stopped_and_started_again(server):
    assert server.get("/cases/")[0] == 200
    pg_ctl("stop")
    try:
        for path in ("/cases/", "/"):
            status, body = server.get(path)
            assert status == 503 and UNAVAILABLE in body, (path, status)
        assert server.get("/readyz")[0] == 503
        assert server.get("/healthz")[0] == 200
    finally:
        pg_ctl("start")
    assert server.get("/readyz")[0] == 200
    status, body = server.get("/cases/")
    assert status == 200, body
