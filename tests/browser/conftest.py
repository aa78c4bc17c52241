"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

- The browser is /usr/bin/chromium, headless; nothing is ever downloaded. When it is
  missing the tests fail, unless ALLOW_MISSING_BROWSER=1 is set (then they are skipped).
- Every test here is marked `browser` and runs with a transactional database (the live
  server runs in another thread, so it only sees committed data) with serialized
  rollback, so the role groups of the data migrations are back after each flush.
- The `page` fixture checks accessibility with axe-core: see tests/browser/axe.py.
- A failed test leaves a full-page screenshot in test-artifacts/<test name>.png.
"""

import os
import re
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import factories

from . import axe

CHROMIUM = Path("/usr/bin/chromium")
HERE = Path(__file__).resolve().parent
VIEWPORT = {"width": 1280, "height": 900}
ARTIFACTS_DIR = "test-artifacts"

_call_report = pytest.StashKey()

# Playwright waits up to this long for an element or a navigation (default 30 s).
expect.set_options(timeout=10_000)


def pytest_collection_modifyitems(config, items):
    # A conftest hook sees every item of the run: touch only those in this folder.
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[_call_report] = report
    return report


@pytest.fixture(scope="session", autouse=True)
def _allow_django_orm_beside_playwright():
    """Playwright's sync API keeps an event loop running in the test thread, and Django
    refuses ORM calls there unless DJANGO_ALLOW_ASYNC_UNSAFE is set (scripts/test.sh sets
    it). Tests only: the live server and the test share no connection."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def _serialized_db_contents(django_db_setup, django_db_blocker):
    """The database as the migrations left it (groups of the roles, permissions...),
    serialized by pytest-django for the serialized rollback; read before Playwright starts."""
    from django.db import connections

    return {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}


@pytest.fixture(scope="session")
def playwright(_serialized_db_contents, playwright):
    """pytest-playwright's Playwright, with the serialized rollback kept working.

    Once Playwright's sync API runs, an asyncio loop is "running" in the test thread, and
    Django (its connections are a thread-critical asgiref Local) then hands that thread a
    new connection object that lacks the serialized contents, so the serialized rollback
    would silently restore nothing: the role groups would be gone after the first browser
    test's flush. Give the new connection objects the contents.
    """
    from django.db import connections

    for alias, contents in _serialized_db_contents.items():
        if contents is not None:
            connections[alias]._test_serialized_contents = contents
    return playwright


class RequestsInFlight:
    """The live server's WSGI app, wrapped: counts the requests being answered, from their start to
    the close of their response (Django's `request_finished`, which closes the request's database
    connection), and refuses new ones (503, without reaching Django) while it is shut."""

    def __init__(self, app):
        self.app = app
        self.in_flight = 0
        self.shut = False
        self.changed = threading.Condition()

    def __call__(self, environ, start_response):
        with self.changed:
            if self.shut:
                start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
                return [b"Between two tests."]
            self.in_flight += 1
        try:
            return _ClosedThen(self.app(environ, start_response), self._finished)
        except BaseException:
            self._finished()
            raise

    def _finished(self):
        with self.changed:
            self.in_flight -= 1
            self.changed.notify_all()

    def open(self):
        with self.changed:
            self.shut = False

    def shut_and_wait(self, timeout: float) -> bool:
        """Refuse new requests, then wait for those being answered; False if some still are."""
        with self.changed:
            self.shut = True
            return self.changed.wait_for(lambda: self.in_flight == 0, timeout=timeout)


class _ClosedThen:
    """A WSGI response that calls `then` once the server has closed it."""

    def __init__(self, response, then):
        self.response, self.then = response, then

    def __iter__(self):
        return iter(self.response)

    def close(self):
        try:
            if hasattr(self.response, "close"):
                self.response.close()
        finally:
            self.then()


@pytest.fixture(scope="session")
def _requests_in_flight(live_server):
    httpd = live_server.thread.httpd  # the live server answers each request with httpd.get_app()
    requests = RequestsInFlight(httpd.get_app())
    httpd.set_app(requests)
    return requests


@pytest.fixture(autouse=True)
def _no_request_in_flight_at_the_flush(request):
    """The database is flushed after a browser test only once the live server has finished every
    request of the test.

    When a test ends, the page may still have a request on its way (an autosave fired by the
    last change): closing the browser context does not stop the live server's thread answering
    it. Its queries then ran beside the flush, whose TRUNCATE deadlocked against them, and the
    next test started from a database the flush had not emptied (a duplicate key). This fixture
    is set up before the test's page and context (autouse) and after the database (pytest-django's
    own autouse fixtures come first), so it is torn down after the context is closed and before
    the flush: it shuts the door to new requests and waits for those still being answered."""
    if "live_server" not in request.fixturenames:
        yield
        return
    requests = request.getfixturevalue("_requests_in_flight")
    requests.open()
    yield
    if not requests.shut_and_wait(timeout=60):
        pytest.fail(f"the live server still answers {requests.in_flight} request(s) 60 s after the test")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        message = (
            f"{CHROMIUM} not found: the browser tests use Debian's Chromium "
            "(apt-get install chromium libatomic1); no browser is downloaded."
        )
        if os.environ.get("ALLOW_MISSING_BROWSER") == "1":
            pytest.skip(message + " Skipped because ALLOW_MISSING_BROWSER=1.")
        pytest.fail(message + " Set ALLOW_MISSING_BROWSER=1 to skip these tests instead.", pytrace=False)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def base_url(live_server):
    """Relative URLs (`page.goto("/cases/")`) go to the live server.

    (Also replaces pytest-playwright's fallback `base_url`, whose fixture-as-method
    raises a PytestRemovedIn10Warning.)"""
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    from django.conf import settings

    return {
        **browser_context_args,
        # Only for axe's script injection; the app's own headers are tested elsewhere.
        "bypass_csp": True,
        "viewport": VIEWPORT,
        "locale": "en-US",
        "timezone_id": settings.TIME_ZONE,
        # No CSS transitions (Bootstrap honours the setting): axe measures a button's colours as
        # they are, not halfway through a hover fade on a busy machine.
        "reduced_motion": "reduce",
    }


def _screenshot_path(item) -> Path:
    name = re.sub(r"[^\w.-]+", "-", item.name).strip("-")
    return item.config.rootpath / ARTIFACTS_DIR / f"{name}.png"


def _save_screenshot(item, page, report=None) -> None:
    path = _screenshot_path(item)
    try:
        path.parent.mkdir(exist_ok=True)
        page.screenshot(path=path, full_page=True, timeout=5_000)
    except Exception as error:  # the test's own failure matters more
        note = f"no screenshot: {error}"
    else:
        note = f"screenshot of the page: {path}"
    if report is not None:
        # Shown with the failure in the summary, which is printed after teardown.
        report.sections.append(("Screenshot", note))
    print(note)


@pytest.fixture
def page(page, request):
    """pytest-playwright's page, plus the accessibility audit and the failure screenshot.

    After the test: a failed test gets a screenshot; a passing one has its last page
    checked with axe and fails if it visited a page it never checked (see axe.py).
    """
    axe.track(page)
    yield page
    call = request.node.stash.get(_call_report, None)
    if call is None or call.failed:
        if call is not None:
            _save_screenshot(request.node, page, call)
        return
    try:
        axe.finish(page)
    except BaseException:
        _save_screenshot(request.node, page)
        raise


@pytest.fixture
def log_in(page):
    """Log in through the real login form: `log_in(user)`; lands on the home page.

    Both pages are checked with axe on the way."""

    def _log_in(user, password=factories.PASSWORD):
        page.goto("/accounts/login/")
        expect(page.get_by_role("heading", name="Log in")).to_be_visible()
        axe.check_accessibility(page)
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("heading", name=re.compile(r"^Welcome"))).to_be_visible()
        axe.check_accessibility(page)
        return page

    return _log_in
