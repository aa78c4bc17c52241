"""Accessibility checks with axe-core (axe-playwright-python) for the browser tests.

How "every page a browser test visits is checked" is enforced
--------------------------------------------------------------
axe cannot be run from inside a Playwright event handler (the sync API must not be
called from a `page.on(...)` callback, and a page fires `load` before the test has
waited for the content it is about to assert on). So the work is split:

1. The `page` fixture of tests/browser/conftest.py calls `track(page)`: from then on
   every document the page loads (its `load` event) is recorded as *visited*, by URL.
2. A test calls `check_accessibility(page)` once each page it reaches is ready (after
   its own `expect(...)` on the new content). That runs axe on the page, fails on
   serious or critical violations, and records the URL as *checked*.
3. When the test is over, `finish(page)` (called by the `page` fixture) checks the page
   the test ended on if the test did not, then fails the test if any visited URL was
   never checked, naming them.

So a new browser test cannot quietly skip the check: forgetting a call makes it fail at
teardown with "visited without an accessibility check: ...". The explicit call per step
keeps the failure next to the step that caused it, and runs axe on a page that has
finished rendering. URLs are compared without their fragment; a different query string
(e.g. a search) is a different page. Content that changes without a page load (htmx
swaps, opened dialogs) is not seen by the tracker: call `check_accessibility` again
after such a change if it matters.
"""

import weakref
from urllib.parse import urldefrag

import pytest
from axe_playwright_python.sync_playwright import Axe

# What fails a test. "moderate" and "minor" findings are printed (shown with a failure).
FAILING_IMPACTS = ("critical", "serious")

_axe = Axe()
_tracked: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


class _Audit:
    def __init__(self):
        self.visited: list[str] = []  # in order, without duplicates
        self.checked: set[str] = set()

    def visit(self, url: str):
        url = _page_key(url)
        if url.startswith(("http://", "https://")) and url not in self.visited:
            self.visited.append(url)


def _page_key(url: str) -> str:
    return urldefrag(url)[0]


def track(page) -> None:
    """Record every document `page` loads, so `finish` can tell which went unchecked."""
    audit = _Audit()
    _tracked[page] = audit
    page.on("load", lambda loaded: audit.visit(loaded.url))


def _targets(node: dict) -> str:
    # A target is a CSS selector, or a list of selectors for content inside
    # iframes or shadow roots.
    return ", ".join(" >>> ".join(t) if isinstance(t, list) else str(t) for t in node.get("target", []))


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe-core found {len(violations)} serious or critical accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation.get('helpUrl', '')}")
        for node in violation["nodes"]:
            lines.append(f"    at {_targets(node)}")
            summary = (node.get("failureSummary") or "").replace("\n", " ").strip()
            if summary:
                lines.append(f"       {summary}")
    return "\n".join(lines)


def serious_violations(page) -> list[dict]:
    """axe's serious and critical violations on the page as it is now, without failing the test
    (for a test that collects them over many pages and reports them together)."""
    return [v for v in _axe.run(page).response["violations"] if v.get("impact") in FAILING_IMPACTS]


def check_accessibility(page) -> dict:
    """Run axe on the page as it is now; fail on serious or critical violations.

    Call it after each navigation, once the test has waited for the new page's content.
    Returns axe's raw results (a dict) for tests that want to look at more.
    """
    __tracebackhide__ = True
    page.wait_for_load_state("load")
    url = page.url
    results = _axe.run(page).response
    audit = _tracked.get(page)
    if audit is not None:
        audit.visit(url)
        audit.checked.add(_page_key(url))
    violations = results["violations"]
    failing = [v for v in violations if v.get("impact") in FAILING_IMPACTS]
    others = [v for v in violations if v.get("impact") not in FAILING_IMPACTS]
    for violation in others:
        # Not failing the test, but visible in the captured output of a failing one.
        print(
            f"axe ({violation.get('impact')}) on {url}: {violation['id']}: "
            f"{violation['help']} at {'; '.join(_targets(n) for n in violation['nodes'])}"
        )
    if failing:
        pytest.fail(format_violations(url, failing))
    return results


def finish(page) -> None:
    """At the end of a test: check the last page if needed, then refuse unchecked pages."""
    __tracebackhide__ = True
    audit = _tracked.pop(page, None)
    if audit is None or page.is_closed():
        return
    # Lets Playwright deliver any `load` event still on its way.
    page.wait_for_load_state("load")
    if audit.visited and _page_key(page.url) not in audit.checked:
        _tracked[page] = audit
        check_accessibility(page)
        _tracked.pop(page, None)
    unchecked = [url for url in audit.visited if url not in audit.checked]
    if unchecked:
        pytest.fail(
            "visited without an accessibility check (call check_accessibility(page) "
            "after each navigation): " + ", ".join(unchecked),
            pytrace=False,
        )
