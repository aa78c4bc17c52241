"""Every page of every role on a phone (390 × 844): nothing wider than the screen, no serious or
critical accessibility violation, and a screenshot of each page.

The data is the demo's (`seed_demo`, `seed_demo_screenings`): every state of the workflow, on
the demo logins of each role. The pages are every product URL (the URL conf, as the URL matrix
walks it: tests/screening/test_url_matrix.py) with the objects each person sees — a case with
episodes, a draft, screenings waiting for review, returned, approved — that answer a GET with an
HTML page. So a new page is measured without anyone adding it here.

Screenshots of every page go to test-artifacts/narrow/<login>-<language>/ on every run (look: a
page can pass both checks and still read badly); the failures are listed together at the end.
"""

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from accounts.models import User
from cases.access import cases_visible_to
from indicators.models import Instrument
from screening.models import GuidanceAction, Screening
from tests.screening.test_url_matrix import KWARG_OBJECT, SCREENING_ACTION_URLS, product_urls
from tests.seeded_demo import seed_demo

from .axe import format_violations, serious_violations
from .conftest import ARTIFACTS_DIR

PHONE = {"width": 390, "height": 844}
# Each role in English, and the caseworker, who sees the most pages, in Spanish too (longer words).
# Every role's pages are read in Spanish by tests/test_spanish_pages.py (without a browser).
LOGINS = [
    ("caseworker", "en"),
    ("supervisor", "en"),
    ("admin", "en"),
    ("instruments", "en"),
    ("programmanager", "en"),
    ("caseworker", "es"),
]
# Pages of the Django admin an instrument administrator works in today (until the product has its
# own instrument pages): the library's lists.
ADMIN_PAGES = {"instruments": ["/admin/", "/admin/indicators/", "/admin/indicators/instrumentversion/"]}

# The width of the page beyond the window, measured after layout (a horizontal scrollbar).
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
# The elements that stick out, named, so a failure says where to look.
WIDE_ELEMENTS = """() => {
  const width = window.innerWidth, out = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 1 && getComputedStyle(el).position !== 'fixed') {
      const classes = typeof el.className === 'string' ? el.className.trim().split(/\\s+/) : [];
      out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
               classes.map((c) => '.' + c).join('') + ' (' + Math.round(box.right) + 'px)');
    }
    if (out.length >= 5) break;
  }
  return out;
}"""


def objects_seen_by(user) -> dict:
    """A few objects of each kind the URLs take, among those this person sees: enough to reach
    every kind of page (a draft's form, a result, a review, a returned screening)."""
    cases = cases_visible_to(user).order_by("pk")
    with_episode = cases.filter(episodes__isnull=False).order_by("pk").first()
    screenings = Screening.objects.filter(case__in=cases).order_by("pk")
    chosen = [
        screenings.drafts().first(),
        screenings.filter(review_status="pending").first(),
        screenings.filter(review_status="returned").first(),
        screenings.filter(review_status="approved").first(),
    ]
    action = GuidanceAction.objects.filter(screening__case__in=cases).order_by("pk").first()
    return {
        "case": [c for c in [with_episode] if c],
        "episode": list(with_episode.episodes.order_by("pk")[:1]) if with_episode else [],
        "screening": list(dict.fromkeys(s for s in chosen if s)),
        "action": [action] if action else [],
        # The studio's pages (an instrument administrator's): the latest version of each instrument.
        "instrument_version": latest_versions() if user.is_instrument_admin else [],
        # The rule builder's pages: a rule of each of those versions.
        "rule": [r for v in latest_versions() if (r := v.rules.order_by("position").first())]
        if user.is_instrument_admin
        else [],
        # A version's vignette pages: the first vignette of each of those versions, by its id.
        "vignette": [
            SimpleNamespace(pk=v.content["vignettes"][0]["id"])
            for v in latest_versions()
            if user.is_instrument_admin and v.content.get("vignettes")
        ],
    }


def latest_versions() -> list:
    return [
        v
        for instrument in Instrument.objects.order_by("tier", "slug")
        if (v := instrument.versions.order_by("-number").first()) is not None
    ]


def pages_of(user) -> list[str]:
    """The URLs that answer this person's GET with an HTML page."""
    objects = objects_seen_by(user)
    client = Client()
    client.force_login(user)
    urls = list(ADMIN_PAGES.get(user.username, []))
    for namespace, name, keywords in product_urls():
        kinds = [
            "action" if name in SCREENING_ACTION_URLS else KWARG_OBJECT[(namespace, k)] for k in keywords
        ]
        combos: list[dict] = [{}]
        for keyword, kind in zip(keywords, kinds, strict=True):
            combos = [dict(c, **{keyword: obj.pk}) for c in combos for obj in objects[kind]]
        for combo in combos:
            urls.append(reverse(f"{namespace}:{name}" if namespace else name, kwargs=combo))
    pages = []
    for url in dict.fromkeys(urls):
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages.append(url)
    return pages


def _file_name(url: str) -> str:
    return re.sub(r"[^\w.-]+", "_", url).strip("_") or "home"


@pytest.fixture
def demo(settings, transactional_db):
    """The demo's data, seeded once per test process (tests/seeded_demo.py)."""
    settings.SEED_DEMO_ALLOWED = True
    seed_demo()


@pytest.mark.parametrize("username,language", LOGINS, ids=[f"{u}-{lang}" for u, lang in LOGINS])
def test_every_page_of_every_role_fits_a_phone(
    demo, browser, live_server, browser_context_args, username, language
):
    """One role in one language per test, so the parallel workers share them out."""
    shots = Path(django_settings.BASE_DIR) / ARTIFACTS_DIR / "narrow" / f"{username}-{language}"
    problems: list[str] = []
    user = User.objects.get(username=username)
    user.language = language
    user.save()
    pages = pages_of(user)
    assert len(pages) >= 3, pages
    context = browser.new_context(**{**browser_context_args, "viewport": PHONE, "base_url": live_server.url})
    page = context.new_page()
    try:
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(django_settings.DEMO_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/")  # the home page, in the person's language
        for url in pages:
            page.goto(url)
            page.wait_for_load_state("load")
            path = shots / f"{_file_name(url)}.png"
            path.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=path, full_page=True)
            overflow = page.evaluate(OVERFLOW)
            if overflow > 0:
                problems.append(
                    f"{url}: {overflow}px wider than the screen; sticking out: "
                    f"{', '.join(page.evaluate(WIDE_ELEMENTS))} (screenshot {path})"
                )
            violations = serious_violations(page)
            if violations:
                problems.append(f"{url}: {format_violations(url, violations)} (screenshot {path})")
    finally:
        context.close()
    assert not problems, f"{len(problems)} problem(s) at 390 px ({username}, {language}):\n" + "\n".join(
        problems
    )
