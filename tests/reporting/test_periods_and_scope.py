"""Periods (month, calendar quarter, federal fiscal year) and scopes (teams, county, office,
the whole agency), and the medians, live and from the stored months."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts import roles
from cases.access import cases_visible_to
from reporting import figures, periods
from reporting.scope import report_team_ids, scopes_for
from tests import factories

from .conftest import MARCH, NOW, aggregate, at, screening


def test_a_federal_fiscal_year_runs_from_october_to_september():
    fy = periods.fiscal_year(2026)
    assert (fy.first_day, fy.last_day) == (date(2025, 10, 1), date(2026, 9, 30))
    assert fy.key == "FY2026" and fy.label == "Federal fiscal year 2026"
    assert periods.fiscal_year_of(date(2025, 10, 1)) == 2026
    assert periods.fiscal_year_of(date(2026, 9, 30)) == 2026
    assert len(fy.months()) == 12 and fy.months()[0] == date(2025, 10, 1)


def test_months_and_quarters():
    assert (MARCH.first_day, MARCH.last_day, MARCH.key) == (date(2026, 3, 1), date(2026, 3, 31), "2026-03")
    q4 = periods.quarter(2026, 4)
    assert (q4.first_day, q4.end_day, q4.key) == (date(2026, 10, 1), date(2027, 1, 1), "2026-Q4")
    december = periods.month(2026, 12)
    assert december.end_day == date(2027, 1, 1)
    assert periods.last_full_month(date(2026, 1, 15)).key == "2025-12"


def test_the_form_offers_started_periods_only():
    offered = {p.key for p in periods.offered(date(2026, 12, 2))}
    assert {"2026-12", "2026-11", "2026-Q4", "FY2027", "FY2023"} <= offered
    assert not {"2027-01", "2027-Q1", "FY2028", "FY2022"} & offered
    assert periods.by_key("FY2027", date(2026, 12, 2)) == periods.fiscal_year(2027)
    assert periods.by_key("2026-13", date(2026, 12, 2)) is None


def test_scopes_are_the_teams_a_person_sees(supervisor, team_a, team_b, admin_user):
    keys = [s.key for s in scopes_for(supervisor)]
    assert keys == ["all", "county-North County", "office-Central office", f"team-{team_a.pk}"]
    assert report_team_ids(supervisor) == [team_a.pk]
    agency = scopes_for(admin_user)
    assert agency[0].team_ids is None and agency[0].label == "The whole agency"
    assert f"team-{team_b.pk}" in [s.key for s in agency]


def test_a_supervisor_who_manages_another_team_sees_both_teams_figures_and_only_its_cases(
    supervisor, team_b, youth_case, other_case
):
    supervisor.groups.add(Group.objects.get(name=roles.PROGRAM_MANAGER))
    team_b.program_managers.add(supervisor)
    fresh = type(supervisor).objects.get(pk=supervisor.pk)
    assert report_team_ids(fresh) == sorted([youth_case.team_id, team_b.pk])
    assert set(cases_visible_to(fresh)) == {youth_case}


def test_a_program_manager_without_teams_has_no_reports(client, team_a):
    lonely = factories.UserFactory(username="lonely", roles=[roles.PROGRAM_MANAGER])
    client.force_login(lonely)
    assert client.get(reverse("reporting:report")).status_code == 404


def test_a_county_scope_counts_the_teams_of_that_county(
    client, admin_user, library, team_a, team_b, caseworker
):
    other = factories.TeamFactory(name="North County Team C", county="North County")
    for team in (team_a, team_b, other):
        case = factories.CaseFactory(team=team, assigned_caseworker=caseworker)
        screening(case, at(3), version=library.tier1, level="none")
    client.force_login(admin_user)
    response = client.get(reverse("reporting:report"), {"period": MARCH.key, "scope": "county-North County"})
    rows = {r.label: r.cells[0].value for r in response.context["report"].figure("screenings_by_level").rows}
    assert rows["All screenings"] == 2


def medians(report) -> list:
    return [
        report.figure("missing_reports").rows[0].cells[-1].value,
        report.figure("returns_screened").rows[0].cells[-1].value,
        report.figure("review_turnaround").rows[0].cells[-1].value,
    ]


@pytest.fixture
def timed(library, team_a, case_a, supervisor):
    from unittest import mock

    from screening.models import ReviewDecision

    for hours, day in ((2, 1), (30, 5), (7, 9)):
        went = at(day)
        factories.MissingEpisodeFactory(
            case=case_a,
            went_missing_at=went,
            reported_to_law_enforcement_at=went + timedelta(hours=hours),
            returned_at=went + timedelta(hours=1),
        )
        row = screening(case_a, went + timedelta(hours=1 + hours), version=library.tier1)
        with mock.patch("django.utils.timezone.now", return_value=row.submitted_at + timedelta(hours=hours)):
            ReviewDecision.objects.create(screening=row, decision="approve", decided_by=supervisor)
    return [team_a.pk]


def test_medians_in_the_database(timed):
    assert medians(figures.build(MARCH, timed, NOW)) == [7.0, 7.0, 7.0]


def test_medians_from_the_stored_months_are_the_same(timed):
    aggregate()
    assert medians(figures.build(MARCH, timed, NOW)) == [7.0, 7.0, 7.0]
