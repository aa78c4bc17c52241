"""The report's choice of teams at a state's size: past REPORT_TEAMS_LISTED teams the list offers
the counties and offices (and the chosen team), and "Find a team" finds the others by name; a scope
is checked by its key alone (reporting.scope.scope_for), whatever the number of teams."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent
from reporting.scope import find_teams, scope_for, scope_list, scopes_for
from tests import factories

from .conftest import MARCH, at, screening

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_teams(team_a, team_b):
    """Five more teams: two in North County (one in the Harbor office), three in West County."""
    return [
        factories.TeamFactory(name="North County Team C", county="North County", office="Harbor office"),
        factories.TeamFactory(name="North County Team D", county="North County"),
        factories.TeamFactory(name="West County Team E", county="West County", office="West office"),
        factories.TeamFactory(name="West County Team F", county="West County", office="West office"),
        factories.TeamFactory(name="West County Team G", county="West County", office="West office"),
    ]


def options(page: str) -> list[str]:
    select = page.split('id="id_scope"')[1].split("</select>")[0]
    return [part.split('"')[0] for part in select.split('<option value="')[1:]]


def test_a_key_is_checked_alone_and_gives_the_same_scope_as_the_whole_list(
    admin_user, supervisor, many_teams
):
    for user in (admin_user, supervisor):
        for listed in scopes_for(user):
            found = scope_for(user, listed.key)
            assert found is not None and found.label == listed.label
            assert sorted(found.team_ids or []) == sorted(listed.team_ids or []) or listed.team_ids is None


@pytest.mark.parametrize(
    "key",
    [
        "",
        "team-",
        "team-abc",
        "team-١٢",
        "team-99999999999999999999",
        "county-",
        "county-Nowhere",
        "office-",
        "region-North",
        "all-",
        "ALL",
        "team--1",
    ],
)
def test_a_key_that_is_no_scope_is_refused(admin_user, key, many_teams):
    assert scope_for(admin_user, key) is None


def test_a_supervisor_cannot_choose_a_team_county_or_office_of_others(supervisor, team_a, team_b, many_teams):
    assert scope_for(supervisor, f"team-{team_b.pk}") is None
    assert scope_for(supervisor, "county-South County") is None
    assert scope_for(supervisor, "county-West County") is None
    # North County holds teams C and D too: the supervisor's county is its own team only.
    assert scope_for(supervisor, "county-North County").team_ids == [team_a.pk]


def test_up_to_the_limit_every_team_is_listed(admin_user, many_teams):
    scopes, left_out = scope_list(admin_user, None, limit=7)
    assert not left_out and [s.key for s in scopes] == [s.key for s in scopes_for(admin_user)]


def test_past_the_limit_the_list_offers_counties_offices_and_the_chosen_team(admin_user, team_a, many_teams):
    chosen = scope_for(admin_user, f"team-{many_teams[3].pk}")
    scopes, left_out = scope_list(admin_user, chosen, limit=6)
    assert left_out
    assert [s.key for s in scopes] == [
        "all",
        "county-North County",
        "county-South County",
        "county-West County",
        "office-Central office",
        "office-Harbor office",
        "office-West office",
        f"team-{many_teams[3].pk}",
    ]


def test_a_team_is_found_by_name_county_or_office_among_those_one_sees(
    admin_user, supervisor, team_a, team_b, many_teams
):
    names = lambda found: [s.label for s in found[0]]  # noqa: E731
    assert names(find_teams(admin_user, "team e", 25)) == ["Team: West County Team E"]
    assert names(find_teams(admin_user, "harbor", 25)) == ["Team: North County Team C"]
    assert names(find_teams(admin_user, "West", 2)) == [
        "Team: West County Team E",
        "Team: West County Team F",
    ]
    assert find_teams(admin_user, "West", 2)[1] is True  # more match
    assert find_teams(admin_user, "West", 3)[1] is False
    assert names(find_teams(supervisor, "County", 25)) == [f"Team: {team_a.name}"]
    assert find_teams(supervisor, "South", 25) == ([], False)
    assert find_teams(admin_user, "   ", 25) == ([], False)


HTMX = {"HX-Request": "true", "HX-Target": "team-matches"}


@pytest.fixture
def few_listed(settings):
    settings.REPORT_TEAMS_LISTED = 3


def test_the_page_offers_find_a_team_when_teams_are_left_out(client, admin_user, many_teams, few_listed):
    client.force_login(admin_user)
    page = client.get(reverse("reporting:report"), {"period": MARCH.key, "scope": "all"}).content.decode()
    assert 'id="id_find"' in page
    assert not [key for key in options(page) if key.startswith("team-")]
    assert "county-West County" in options(page)


def test_the_page_lists_every_team_when_they_are_few(client, supervisor, many_teams):
    client.force_login(supervisor)
    page = client.get(reverse("reporting:report"), {"period": MARCH.key}).content.decode()
    assert 'id="id_find"' not in page


def test_finding_a_team_without_javascript_links_to_its_report(
    client, admin_user, library, team_a, many_teams, few_listed, caseworker
):
    team_e = many_teams[2]
    case = factories.CaseFactory(team=team_e, assigned_caseworker=caseworker)
    screening(case, at(3), version=library.tier1, level="none")
    client.force_login(admin_user)
    response = client.get(
        reverse("reporting:report"), {"period": MARCH.key, "scope": "all", "find": "team e"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    link = f'href="/reports/?period={MARCH.key}&amp;scope=team-{team_e.pk}"'
    assert link in page and "1 team found" in page
    # The link's report: that team only, and the list shows it chosen.
    response = client.get(reverse("reporting:report"), {"period": MARCH.key, "scope": f"team-{team_e.pk}"})
    assert response.status_code == 200
    rows = {r.label: r.cells[0].value for r in response.context["report"].figure("screenings_by_level").rows}
    assert rows["All screenings"] == 1
    assert (
        f'<option value="team-{team_e.pk}" selected>Team: West County Team E</option>'
        in response.content.decode()
    )


def test_finding_as_one_types_answers_the_teams_only_and_audits_nothing(
    client, admin_user, many_teams, few_listed
):
    client.force_login(admin_user)
    response = client.get(
        reverse("reporting:report"),
        {"period": MARCH.key, "find": "west"},
        headers=HTMX,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "3 teams found" in page and "<html" not in page and "<svg" not in page
    assert "HX-Request" in response["Vary"]
    assert not AuditEvent.objects.filter(user=admin_user, action="viewed").exists()
    none = client.get(
        reverse("reporting:report"),
        {"find": "zzz"},
        headers=HTMX,
    )
    assert "No team you may see matches" in none.content.decode()


def test_a_supervisor_finds_none_of_another_teams(client, supervisor, team_b, many_teams, settings):
    settings.REPORT_TEAMS_LISTED = 1
    client.force_login(supervisor)
    page = client.get(
        reverse("reporting:report"),
        {"find": "South"},
        headers=HTMX,
    ).content.decode()
    assert team_b.name not in page and "No team you may see matches" in page


@pytest.mark.parametrize("find", ["x" * 101, "a\x00b"])
def test_what_cannot_be_a_team_name_gets_a_clear_message(client, admin_user, many_teams, few_listed, find):
    client.force_login(admin_user)
    response = client.get(reverse("reporting:report"), {"period": MARCH.key, "find": find})
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(user=admin_user, action="viewed").exists()


def test_the_chosen_scope_costs_the_same_queries_whatever_the_number_of_teams(
    client, admin_user, team_a, few_listed
):
    client.force_login(admin_user)
    query = {"period": MARCH.key, "scope": f"team-{team_a.pk}"}
    client.get(reverse("reporting:report"), query)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("reporting:report"), query).status_code == 200
        return len(captured.captured_queries)

    for n in range(10):
        factories.TeamFactory(name=f"Team {n:02}", county=f"County {n % 3}")
    few = queries()
    for n in range(10, 40):
        factories.TeamFactory(name=f"Team {n:02}", county=f"County {n % 3}")
    assert queries() == few
    page = client.get(reverse("reporting:report"), query).content.decode()
    assert len(options(page)) == 1 + 4 + 1 + 1  # the agency, 4 counties, 1 office, the team chosen
