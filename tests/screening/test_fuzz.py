"""Hostile input, as a clumsy user or an attacker would send it, never breaks a page.

Every form a persona can reach is found by reading the pages (so a new form cannot be forgotten)
and posted with hostile values drawn by hypothesis in one to three of its fields, the rest as the
browser would send them; every list is asked with hostile query parameters. The answer is never a
server error, and a refusal (an error status, or the form shown again) writes nothing.

It lives with the screening tests because screening is the top of the import graph: its fixtures
build a case with a missing episode, a submitted screening with its checklist, a draft, a Tier 2
draft waiting for its setting checklist, and a screening waiting for review.
"""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factories
from tests.rows import row_counts

from .conftest import start, start_follow_up

# The values a form must survive: empty, blank, huge, the wrong type, markup and SQL, numbers
# past any column, impossible dates, right-to-left overrides and other unicode, control
# characters (a NUL is refused at the edge with a 400), and whatever hypothesis makes up.
NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x0b\x0c\x1b",
    "x" * 5000,
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "2026-13-45",
    "0000-00-00",
    "99999-01-01",
    "2026-02-30T25:61",
    "<script>alert(1)</script>",
    "'; DROP TABLE cases_case; --",
    "{{ 7*7 }}",
    "[" * 200,
    '{"__proto__": 1}',
    "\u202eevil",
    "👧🏽" * 50,
    "../../etc/passwd",
    "on",
    "true",
]
HOSTILE = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
FUZZ = settings(
    max_examples=12,
    deadline=None,
    database=None,
    derandomize=True,  # the same examples every run: a failure here is a failure everywhere
    suppress_health_check=list(HealthCheck),
)

# Not fuzzed: logging out would end the session the rest of the test needs.
SKIP_ACTIONS = {"/accounts/logout/"}


class FormReader(HTMLParser):
    """The forms of a page: method, action and the fields as the browser would send them."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self.form = None
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.form = {
                "method": (a.get("method") or "get").lower(),
                "action": a.get("action") or a.get("hx-post") or "",
                "fields": [],
                "names": [],
            }
            self.forms.append(self.form)
        if self.form is None or tag not in ("input", "select", "option", "textarea"):
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if name not in self.form["names"]:
                self.form["names"].append(name)
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.form["fields"].append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self.select = {"name": name, "first": None, "chosen": None}
            self.form["names"].append(name)
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            if self.select["first"] is None:
                self.select["first"] = value
            if "selected" in a:
                self.select["chosen"] = value
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
            self.form["names"].append(name)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self.select is not None and self.form is not None:
            chosen = self.select["chosen"] if self.select["chosen"] is not None else self.select["first"]
            if chosen is not None:
                self.form["fields"].append((self.select["name"], chosen))
            self.select = None
        elif tag == "textarea" and self.textarea is not None and self.form is not None:
            self.form["fields"].append((self.textarea[0], self.textarea[1].lstrip("\n")))
            self.textarea = None
        elif tag == "form":
            self.form = None


def forms_on(client, pages):
    """Every form of these pages, once per (method, action), with the page it was read on."""
    found = {}
    for page in pages:
        response = client.get(page)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        reader = FormReader()
        reader.feed(response.content.decode())
        for form in reader.forms:
            action = form["action"] or page
            if urlsplit(action).netloc or action in SKIP_ACTIONS:
                continue
            found.setdefault((form["method"], action), dict(form, page=page, action=action))
    return list(found.values())


def fuzz_form(client, form):
    names = [n for n in form["names"] if n != "csrfmiddlewaretoken"]
    if not names:
        return

    @FUZZ
    @given(data=st.data())
    def post_hostile(data):
        targets = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))
        values = {name: data.draw(HOSTILE) for name in targets}
        fields = [(n, v) for n, v in form["fields"] if n not in values] + list(values.items())
        payload: dict[str, list[str]] = {}
        for name, value in fields:
            payload.setdefault(name, []).append(value)
        before = row_counts()
        if form["method"] == "post":
            response = client.post(form["action"], payload)
        else:
            response = client.get(form["action"], payload)
        where = f"{form['method'].upper()} {form['action']} (form of {form['page']}) with {values!r}"
        assert response.status_code < 500, where
        refused = response.status_code >= 400 or (form["method"] == "post" and response.status_code == 200)
        if refused:
            assert row_counts() == before, f"a refused {where} wrote something"

    post_hostile()


@pytest.fixture
def world(tier1_possible, caseworker, youth_case):
    """One of everything a form can be about, in team A (the caseworker's and the supervisor's)."""
    return {
        "case": youth_case,
        "episode": factories.MissingEpisodeFactory(case=youth_case),
        "submitted": tier1_possible,
        "draft": start(caseworker, youth_case, tier1_possible.instrument_version),
        "tier2": start_follow_up(caseworker, tier1_possible),
    }


def pages(world):
    case, episode = world["case"], world["episode"]
    return [
        "/",
        "/cases/",
        "/cases/new/",
        f"/cases/{case.pk}/",
        f"/cases/{case.pk}/edit/",
        f"/cases/{case.pk}/episodes/new/",
        f"/cases/{case.pk}/episodes/{episode.pk}/edit/",
        f"/cases/{case.pk}/reassign/",
        f"/cases/{case.pk}/screenings/new/",
        f"/screenings/{world['draft'].pk}/",
        f"/screenings/{world['tier2'].pk}/",
        f"/screenings/{world['submitted'].pk}/",
        f"/screenings/{world['submitted'].pk}/review/",
        "/reviews/",
        "/accounts/password/",
    ]


@pytest.mark.parametrize("persona", ["caseworker", "supervisor"], indirect=True)
def test_every_form_survives_hostile_input(client, persona, world):
    client.force_login(persona)
    forms = forms_on(client, pages(world))
    posts = {f["action"] for f in forms if f["method"] == "post"}
    # The pages still carry the forms this test is about (a rename would otherwise empty it).
    assert f"/cases/{world['case'].pk}/notes/new/" in posts
    assert "/accounts/password/" in posts
    for form in forms:
        fuzz_form(client, form)


def test_the_interview_mode_forms_survive_hostile_input(client, caseworker, world):
    """The pages of the interview mode (this session's): the draft's form, and leaving the mode."""
    client.force_login(caseworker)
    draft = world["draft"]
    assert client.post(f"/screenings/{draft.pk}/interview-mode/").status_code == 302
    forms = forms_on(client, [f"/screenings/{draft.pk}/", f"/screenings/{draft.pk}/interview-mode/leave/"])
    posts = {f["action"] for f in forms if f["method"] == "post"}
    assert {f"/screenings/{draft.pk}/save/", f"/screenings/{draft.pk}/interview-mode/leave/"} <= posts
    for form in forms:
        fuzz_form(client, form)


def test_the_login_form_survives_hostile_input(client, db):
    forms = forms_on(client, ["/accounts/login/"])
    assert [f["action"] for f in forms if f["method"] == "post"] == ["/accounts/login/"]
    for form in forms:
        fuzz_form(client, form)


LISTS = [
    "/",
    "/cases/",
    "/reviews/",
    "/work/due/",
    "/work/overdue/",
    "/admin/accounts/auditevent/",
    "/admin/indicators/instrumentversion/",
]
PARAMETERS = ["q", "status", "team", "page", "sort", "o", "p", "e", "at__year", "at__month", "action"]


LIST_PERSONAS = ["caseworker", "supervisor", "instrument_admin", "admin_user"]


@pytest.mark.parametrize("persona", LIST_PERSONAS, indirect=True)
def test_every_list_survives_hostile_query_parameters(client, persona, world):
    client.force_login(persona)
    for url in LISTS:
        ask_hostile(client, persona, url)


def ask_hostile(client, persona, url):
    # The list's own filter form names its parameters; add the usual ones of paging and sorting.
    reader = FormReader()
    reader.feed(client.get(url).content.decode())
    own = {n for f in reader.forms if f["method"] == "get" for n in f["names"]}
    names = sorted(own | set(PARAMETERS))

    @FUZZ
    @given(query=st.dictionaries(st.sampled_from(names), HOSTILE, min_size=1, max_size=4))
    def ask(query):
        before = row_counts()
        response = client.get(url, query)
        assert response.status_code < 500, f"{persona.username} GET {url} {query!r}"
        assert row_counts() == before

    ask()
