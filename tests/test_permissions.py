"""Every object permission (cases/rules.py, screening/rules.py, studio/rules.py) against every persona.

The case is team A's, assigned to `caseworker`; once open, once closed. The views ask
`user.has_perm(name, obj)`, which gives the rule's answer for everyone, a system administrator
included (accounts.models.User.has_perm has no superuser shortcut).
"""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser, Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.access import cases_visible_to
from screening.models import Screening
from tests import factories

from .conftest import PERSONAS

WHO_SEES_IT = {"caseworker", "supervisor", "admin_user"}
SUPERVISOR_OR_ADMIN = {"supervisor", "admin_user"}
SUPERVISORS = {"supervisor", "other_supervisor"}
FIGURES = SUPERVISORS | {"program_manager", "admin_user"}

# permission -> (what it is asked of, who holds it on the open case, who on the closed case)
TABLE = {
    "cases.view_case": ("case", WHO_SEES_IT, WHO_SEES_IT),
    "cases.change_case": ("case", WHO_SEES_IT, WHO_SEES_IT),
    "cases.reassign_case": ("case", SUPERVISOR_OR_ADMIN, SUPERVISOR_OR_ADMIN),
    "cases.view_case_access_log": ("case", SUPERVISOR_OR_ADMIN, SUPERVISOR_OR_ADMIN),
    "screening.screen_case": ("case", WHO_SEES_IT, set()),
    # A system administrator is not a reviewer.
    "screening.review_screening": ("screening", {"supervisor"}, {"supervisor"}),
    "screening.view_review_queue": (None, SUPERVISORS, SUPERVISORS),
    # The agency's figures (reporting/): supervisors and program managers of some team, admins.
    "reporting.view_figures": (None, FIGURES, FIGURES),
    # The instrument studio: instrument administrators only (a system administrator with the role).
    "studio.use_studio": (None, {"instrument_admin"}, {"instrument_admin"}),
    # The draft editor: the same people (which version: a draft, studio/editor_access.py).
    "studio.edit_drafts": (None, {"instrument_admin"}, {"instrument_admin"}),
    # Approving or sending back a publication: another instrument administrator than its author
    # (asked here of no request; tests/studio/test_publication.py asks it of the author's own).
    "studio.decide_publication": (None, {"instrument_admin"}, {"instrument_admin"}),
}


@pytest.fixture(params=["open", "closed"])
def state(request):
    return request.param


@pytest.fixture
def the_case(youth_case, state):
    youth_case.status = state
    youth_case.save()
    return youth_case


def target(kind, case):
    if kind == "case":
        return case
    if kind == "screening":
        return Screening(case=case)  # the rule reads only the screening's case
    return None


def test_the_table_covers_every_permission_of_the_apps():
    apps = {"accounts", "cases", "screening", "reporting", "studio"}
    assert {name for name in rules.permissions.permissions if name.split(".")[0] in apps} == set(TABLE)


@pytest.mark.parametrize("perm", TABLE)
@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_every_permission_for_every_persona(request, persona, perm, the_case, state):
    name = request.node.callspec.params["persona"]
    kind, on_open, on_closed = TABLE[perm]
    expected = name in (on_open if state == "open" else on_closed)
    obj = target(kind, the_case)
    assert rules.has_perm(perm, persona, obj) is expected, (name, perm, state)
    # As the views ask it: the same answer, a system administrator included (no shortcut).
    assert persona.has_perm(perm, obj) is expected, (name, perm, state)


@pytest.mark.parametrize("perm", TABLE)
def test_anonymous_holds_nothing(perm, the_case):
    kind, _on_open, _on_closed = TABLE[perm]
    anonymous = AnonymousUser()
    assert rules.has_perm(perm, anonymous, target(kind, the_case)) is False
    assert anonymous.has_perm(perm, target(kind, the_case)) is False


@pytest.mark.parametrize("perm", TABLE)
@pytest.mark.parametrize("persona", ["supervisor", "admin_user"], indirect=True)
def test_a_deactivated_account_holds_nothing(perm, persona, the_case):
    kind, _on_open, _on_closed = TABLE[perm]
    persona.is_active = False
    assert rules.has_perm(perm, persona, target(kind, the_case)) is False
    assert persona.has_perm(perm, target(kind, the_case)) is False


def test_on_a_team_without_the_supervisor_role_is_not_a_supervisor(caseworker, team_a, youth_case):
    team_a.supervisors.add(caseworker)
    sams = factories.CaseFactory(team=team_a, assigned_caseworker=factories.caseworker("sam2", team_a))
    for perm in ("cases.view_case", "cases.reassign_case", "cases.view_case_access_log"):
        assert not rules.has_perm(perm, caseworker, sams), perm
    assert not rules.has_perm("screening.review_screening", caseworker, Screening(case=youth_case))
    assert not rules.has_perm("screening.view_review_queue", caseworker)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_the_rule_for_viewing_agrees_with_the_scope(persona, youth_case, other_case, team_a, caseworker2):
    closed = factories.CaseFactory(
        team=team_a, assigned_caseworker=youth_case.assigned_caseworker, status="closed"
    )
    sams = factories.CaseFactory(team=team_a, assigned_caseworker=caseworker2)
    visible = set(cases_visible_to(persona))
    for case in (youth_case, other_case, closed, sams):
        assert rules.has_perm("cases.view_case", persona, case) is (case in visible), case


def test_several_roles_hold_the_union(team_a, team_b, youth_case, other_case):
    both = factories.caseworker("both", team_b)
    both.groups.add(Group.objects.get(name="Supervisor"))
    team_a.supervisors.add(both)
    other_case.assigned_caseworker = both
    other_case.save()
    assert rules.has_perm("cases.change_case", both, other_case)  # assigned to them
    assert not rules.has_perm("cases.reassign_case", both, other_case)  # team B: not its supervisor
    assert rules.has_perm("cases.reassign_case", both, youth_case)  # team A: its supervisor


def test_asking_about_many_cases_reads_the_teams_once(supervisor, team_a, caseworker):
    cases = factories.CaseFactory.create_batch(10, team=team_a, assigned_caseworker=caseworker)

    def queries(n):
        user = type(supervisor).objects.get(pk=supervisor.pk)  # a fresh user object: nothing cached
        with CaptureQueriesContext(connection) as captured:
            for case in cases[:n]:
                for perm in ("cases.view_case", "cases.change_case", "cases.view_case_access_log"):
                    assert rules.has_perm(perm, user, case)
        return len(captured)

    assert queries(1) == queries(10)
