"""The demo's program manager (`seed_demo`): the figures of both demo teams, no case; a re-run
gives the same memberships."""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts import roles
from accounts.models import Team, User
from cases.access import cases_visible_to
from demo import data as demo_data
from reporting.scope import report_team_ids

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_the_demo_program_manager_sees_the_figures_of_both_teams_and_no_case(settings):
    settings.DEMO_PASSWORD = "demo-pass-1"
    output = seed()
    seed()  # again: nothing doubles
    manager = User.objects.get(username="programmanager")
    assert set(manager.groups.values_list("name", flat=True)) == {roles.PROGRAM_MANAGER}
    teams = Team.objects.filter(name__in=[t["name"] for t in demo_data.TEAMS])
    assert report_team_ids(manager) == sorted(teams.values_list("pk", flat=True))
    assert Team.program_managers.through.objects.filter(user=manager).count() == 2
    assert cases_visible_to(manager).count() == 0
    assert "programmanager" in output
    # The supervisors see their own team's figures only.
    supervisor = User.objects.get(username="supervisor")
    assert report_team_ids(supervisor) == [Team.objects.get(name=demo_data.TEAMS[0]["name"]).pk]
