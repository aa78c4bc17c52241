"""Who reaches which screening page: every view of screening/urls.py, every persona.

Allowed: the assigned caseworker, the team's supervisor, a system administrator. Everyone else
(a caseworker of the same team the case is not assigned to, another team's caseworker or
supervisor, the instrument administrator) gets 404 and changes nothing; anonymous visitors go to
the login page; a GET on a POST-only view is 405.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from screening import services
from screening.models import Addendum, GuidanceAction, Screening

from .conftest import T1_INDICATOR_A, answer_all, fake_request, start_follow_up


@dataclass
class Objects:
    case: object
    draft: Screening  # Tier 1 draft
    interview: Screening  # Tier 2 draft, setting not confirmed
    submitted: Screening  # Tier 1, possible
    action: GuidanceAction  # open
    closed_action: GuidanceAction


@pytest.fixture
def objects(library, caseworker, youth_case, tier1_draft, tier1_possible):
    action = tier1_possible.actions.get(code="tier2-interview")
    closed = tier1_possible.actions.get(code="safety-planning")
    closed = services.close_action(
        request=fake_request(caseworker),
        action=closed,
        status="done",
        reference="SP-1",
        version=closed.version,
    )
    return Objects(
        youth_case, tier1_draft, start_follow_up(caseworker, tier1_possible), tier1_possible, action, closed
    )


def _draft_answers(objects):
    return {"version": objects.draft.version, f"a_{T1_INDICATOR_A}": "yes"}


def _all_answers(objects):
    data = {"version": objects.draft.version}
    data.update({f"a_{code}": value for code, value in answer_all(objects.draft).items()})
    return data


# (name, method, what the url points at, POST data, the status an allowed persona gets)
VIEWS = [
    ("start", "get", "case", None, 200),
    ("start", "post", "case", lambda o, lib: {"context": "general", "version": lib.tier1.pk}, 302),
    ("detail", "get", "draft", None, 200),
    ("detail", "get", "interview", None, 200),
    ("detail", "get", "submitted", None, 200),
    (
        "setting",
        "post",
        "interview",
        lambda o, lib: {
            "private": "on",
            "confidentiality": "on",
            "purpose": "on",
            "interpreter": "not_needed",
        },
        302,
    ),
    ("save", "post", "draft", lambda o, lib: _draft_answers(o), 302),
    ("submit", "post", "draft", lambda o, lib: _all_answers(o), 302),
    ("determination", "post", "submitted", lambda o, lib: {"determination": "agree"}, 302),
    ("follow_up", "post", "submitted", lambda o, lib: {}, 302),
    ("addendum", "get", "submitted", None, 200),
    ("addendum", "post", "submitted", lambda o, lib: {"body": "The school called back."}, 302),
    (
        "action_close",
        "post",
        "action",
        lambda o, lib: {"status": "done", "reference": "HT-42", "version": o.action.version},
        302,
    ),
    (
        "action_reopen",
        "post",
        "closed_action",
        lambda o, lib: {"reason": "Closed by mistake.", "version": o.closed_action.version},
        302,
    ),
]
IDS = [f"{name}-{method}-{target}" for name, method, target, _data, _status in VIEWS]
POST_ONLY = {"setting", "save", "submit", "determination", "follow_up", "action_close", "action_reopen"}


def url_of(name, target, objects):
    if target == "case":
        return reverse(f"screening:{name}", kwargs={"case_pk": objects.case.pk})
    return reverse(f"screening:{name}", kwargs={"pk": getattr(objects, target).pk})


def request(client, method, url, data):
    if method == "get":
        return client.get(url)
    return client.post(url, data)


def snapshot(case):
    """Everything a screening view could change on this case."""
    return (
        list(
            Screening.objects.filter(case=case)
            .order_by("pk")
            .values_list("pk", "status", "version", "answers", "determination", "setting_confirmed_at")
        ),
        list(
            GuidanceAction.objects.filter(screening__case=case)
            .order_by("pk")
            .values_list("pk", "status", "version")
        ),
        Addendum.objects.filter(screening__case=case).count(),
        AuditEvent.objects.filter(case_id=case.pk).count(),
    )


@pytest.mark.parametrize(("name", "method", "target", "data", "status"), VIEWS, ids=IDS)
@pytest.mark.parametrize("persona", ["caseworker", "supervisor", "admin_user"], indirect=True)
def test_the_caseworker_the_supervisor_and_admins_may_use_it(
    client, persona, objects, library, name, method, target, data, status
):
    client.force_login(persona)
    before = snapshot(objects.case)
    response = request(client, method, url_of(name, target, objects), data and data(objects, library))
    assert response.status_code == status
    if name == "follow_up":
        # The Tier 2 draft already started is reused, not duplicated.
        assert response["Location"] == objects.interview.get_absolute_url()
    else:
        # Every page of a case leaves an audit event; every POST changes something.
        assert snapshot(objects.case) != before
    if method == "get":
        assert b"Lexi" in response.content


@pytest.mark.parametrize(("name", "method", "target", "data", "status"), VIEWS, ids=IDS)
def test_out_of_scope_is_404_and_changes_nothing(
    client, request_personas, objects, library, name, method, target, data, status
):
    url = url_of(name, target, objects)
    before = snapshot(objects.case)
    for persona_name, persona in request_personas.items():
        client.force_login(persona)
        response = request(client, method, url, data and data(objects, library))
        assert response.status_code == 404, persona_name
        assert b"Lexi" not in response.content and b"Jordan Alexis Smith" not in response.content
    assert snapshot(objects.case) == before


@pytest.fixture
def request_personas(caseworker2, other_caseworker, other_supervisor, instrument_admin):
    """Out of scope: Sam (same team, not assigned), team B's caseworker and supervisor, Ines."""
    return {
        "caseworker2": caseworker2,
        "other_caseworker": other_caseworker,
        "other_supervisor": other_supervisor,
        "instrument_admin": instrument_admin,
    }


def test_anonymous_visitors_go_to_the_login_page(client, objects, library):
    before = snapshot(objects.case)
    for name, method, target, data, _status in VIEWS:
        response = request(client, method, url_of(name, target, objects), data and data(objects, library))
        assert response.status_code == 302, name
        assert response["Location"].startswith("/accounts/login/?next="), name
    assert snapshot(objects.case) == before


def test_a_get_on_a_post_only_view_is_405(client, caseworker, objects):
    client.force_login(caseworker)
    before = snapshot(objects.case)
    for name, _method, target, _data, _status in VIEWS:
        if name in POST_ONLY:
            assert client.get(url_of(name, target, objects)).status_code == 405, name
    assert snapshot(objects.case) == before


@pytest.mark.parametrize(
    "url",
    [
        "/cases/999999/screenings/new/",
        "/screenings/999999/",
        "/screenings/999999/setting/",
        "/screenings/999999/save/",
        "/screenings/999999/submit/",
        "/screenings/999999/determination/",
        "/screenings/999999/follow-up/",
        "/screenings/999999/addenda/new/",
        "/actions/999999/close/",
        "/actions/999999/reopen/",
        "/screenings/abc/",
        "/screenings/-1/",
        "/actions/1e3/close/",
        "/screenings/99999999999999999999999/",
        "/actions/99999999999999999999999/close/",
        "/cases/99999999999999999999999/screenings/new/",
    ],
)
def test_an_unknown_id_is_404(client, admin_user, url):
    client.force_login(admin_user)
    assert client.get(url).status_code in (404, 405)
    assert client.post(url, {"version": 1}).status_code == 404


def test_a_screening_of_another_case_of_mine_is_still_mine_but_not_sams(
    client, caseworker, caseworker2, library, team_a
):
    """Sam is on Casey's team: the case assigned to Sam is Sam's, and Casey's stays Casey's."""
    from tests import factories

    from .conftest import start

    sams_case = factories.CaseFactory(team=team_a, assigned_caseworker=caseworker2, chosen_name="Dee")
    sams = start(caseworker2, sams_case, library.tier1)
    client.force_login(caseworker)
    assert client.get(f"/screenings/{sams.pk}/").status_code == 404
    client.force_login(caseworker2)
    assert client.get(f"/screenings/{sams.pk}/").status_code == 200
