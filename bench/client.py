"""A small HTTP client with a cookie jar, on the standard library (the project has no `requests`):
log in through the login form as a person would, then time requests with that session."""

from __future__ import annotations

import http.client
import re
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from .stats import BenchError

CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION_FIELD = re.compile(rb'name="version" value="([0-9]+)"')


@dataclass
class Response:
    status: int
    body: bytes
    seconds: float
    location: str = ""


class Session:
    """One person's browser: its own cookies (session and CSRF). Not shared between threads."""

    def __init__(self, host: str, port: int, timeout: float = 600.0):
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies: dict[str, str] = {}
        self.username = ""

    def request(
        self, method: str, path: str, data: dict | None = None, headers: dict | None = None
    ) -> Response:
        """One request, timed from connecting to the last byte of the body. gunicorn's sync workers
        close the connection after each response, as they do in production."""
        body = urlencode(data or {}).encode() if method == "POST" else None
        sent = {"Host": f"{self.host}:{self.port}", **(headers or {})}
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            if "csrftoken" in self.cookies:
                sent["X-CSRFToken"] = self.cookies["csrftoken"]
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            content = answer.read()
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        for header in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Response(answer.status, content, seconds, answer.headers.get("Location", ""))

    def get(self, path: str, headers: dict | None = None) -> Response:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, data: dict, headers: dict | None = None) -> Response:
        return self.request("POST", path, data=data, headers=headers)

    def login(self, username: str, password: str) -> Session:
        """The login form, with the CSRF token it carries; a refused login is a BenchError."""
        form = self.get("/accounts/login/")
        match = CSRF_FIELD.search(form.body)
        if form.status != 200 or not match:
            raise BenchError(f"The login page answered {form.status} without a CSRF token.")
        answer = self.post(
            "/accounts/login/",
            {"csrfmiddlewaretoken": match.group(1).decode(), "username": username, "password": password},
        )
        if answer.status != 302 or "sessionid" not in self.cookies:
            raise BenchError(
                f"Logging in as {username!r} failed (status {answer.status}): is DEMO_PASSWORD the "
                f"demo logins' password? `manage.py seed_demo --reset-passwords` sets it again; "
                f"`manage.py axes_reset_username {username}` lifts a lockout."
            )
        self.username = username
        return self
