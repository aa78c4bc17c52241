"""Each figure against a hand-built data set with known answers, edges included: a period's first
and last instant, a youth identified twice, a report at 24 hours and at 24 hours and one minute.
Each test runs twice (the `build` fixture): computed live, and from the stored months."""

from datetime import timedelta
from unittest import mock

import pytest

from indicators.models.choices import CONTEXT_LABELS
from reporting import periods
from screening.models import ReviewDecision
from tests import factories

from .conftest import MARCH, NOW, at, mandated, screening


def values(figure, label=None):
    rows = {row.label: [cell.value for cell in row.cells] for row in figure.rows}
    return rows if label is None else rows[label]


@pytest.fixture
def data(library, case_a, case_a2, case_b):
    t1, t2 = library.tier1, library.tier2
    first = screening(case_a, MARCH.start, version=t1, level="possible", kinds=["sex"])
    last = screening(case_a2, MARCH.end - timedelta(microseconds=1), version=t1, level="none")
    screening(case_a, MARCH.start - timedelta(microseconds=1), version=t1, level="clear")  # February
    screening(case_a, MARCH.end, version=t1, level="clear")  # April
    screening(case_b, at(10), version=t1, level="clear", identifies=["sex"])  # team B
    # Case A identified twice in March (sex), once as labor too; the interview follows the first.
    screening(
        case_a, at(5), version=t1, level="clear", identifies=["sex"], age=14, context="return_from_missing"
    )
    screening(case_a, at(20), version=t1, level="clear", identifies=["sex", "labor"], age=15)
    screening(case_a2, at(21), version=t1, level="possible", not_completed=True, kinds=["labor"], age=17)
    screening(case_a, at(2), version=t2, level="possible", follows=first)
    return {"first": first, "last": last}


def test_screenings_by_level_kind_context_and_tier(data, team_a, build):
    report = build(MARCH, [team_a.pk], NOW)
    levels = values(report.figure("screenings_by_level"))
    # In March on team A: first (possible), last (none), two identifications (clear), one
    # possible not completed; the interview counts with the screening it follows.
    assert levels["No concern indicated"] == [1]
    assert levels["Possible concern"] == [2]
    assert levels["Clear concern"] == [2]
    assert levels["All screenings"] == [5]
    assert levels["Youth screened (each youth once)"] == [2]
    kinds = values(report.figure("screenings_by_kind"))
    assert kinds["Sex trafficking"] == [3]
    assert kinds["Labor trafficking"] == [2]
    assert kinds["Both sex and labor trafficking"] == [1]
    contexts = values(report.figure("screenings_by_context"))
    assert contexts[str(CONTEXT_LABELS["return_from_missing"])] == [1]
    assert sum(v[0] for v in contexts.values()) == 5
    tiers = values(report.figure("screenings_by_tier"))
    assert tiers == {"Tier 1": [5], "Tier 2": [1]}
    assert values(report.figure("interviews_not_completed"), "Interview not completed (declined)") == [
        1,
        20.0,
    ]


def test_the_whole_agency_counts_every_team(data, build):
    report = build(MARCH, None, NOW)
    assert values(report.figure("screenings_by_level"))["All screenings"] == [6]


def test_a_youth_identified_twice_in_the_period_counts_once(data, team_a, build):
    report = build(MARCH, [team_a.pk], NOW)
    identified = values(report.figure("youth_identified"))
    assert identified["Sex trafficking"] == [1]
    assert identified["Labor trafficking"] == [1]
    assert identified["Either kind (each youth once)"] == [1]
    # At the first identification of each kind: sex at 14 (March 5), labor at 15 (March 20).
    by_age = values(report.figure("youth_identified_by_age"))
    assert by_age["12–14"] == [1, 0]
    assert by_age["15–17"] == [0, 1]
    by_placement = values(report.figure("youth_identified_by_placement"))
    assert by_placement["Foster family"] == [1, 1]
    assert by_placement["Group home or congregate care"] == [0, 0]


def test_trend_by_month_and_comparison_by_team(data, team_a, team_b, build):
    quarter = periods.quarter(2026, 1)
    report = build(quarter, None, NOW)
    trend = values(report.figure("trend_by_month"))
    assert len(trend) == 3
    jan, feb, mar = trend.values()
    assert jan == [0, 0, 0, 0, 0]
    assert feb == [0, 0, 1, 0, 0]  # the screening a microsecond before March
    assert mar == [1, 2, 3, 2, 1]  # team B's identification too
    teams = values(report.figure("comparison_by_team"))
    assert teams[team_a.name] == [1, 2, 3, 1]  # February's clear screening too
    assert teams[team_b.name] == [0, 0, 1, 1]
    chart = report.figure("trend_by_month").chart
    assert chart["kind"] == "grouped" and len(chart["bars"]) == 15


def test_missing_reports_within_24_hours(team_a, case_a, case_b, build):
    went = at(10)
    factories.MissingEpisodeFactory(  # exactly 24 hours: in time; NCMEC at 24 h 1 min: late
        case=case_a,
        went_missing_at=went,
        reported_to_law_enforcement_at=went + timedelta(hours=24),
        reported_to_ncmec_at=went + timedelta(hours=24, minutes=1),
        returned_at=None,
    )
    factories.MissingEpisodeFactory(  # never reported, long ago: late for both
        case=case_a, went_missing_at=at(1, 0, 0), returned_at=None
    )
    factories.MissingEpisodeFactory(  # another team
        case=case_b, went_missing_at=went, returned_at=None
    )
    factories.MissingEpisodeFactory(  # before the period
        case=case_a, went_missing_at=MARCH.start - timedelta(seconds=1), returned_at=None
    )
    report = build(MARCH, [team_a.pk], NOW)
    rows = values(report.figure("missing_reports"))
    # episodes, within 24 h, late, not reported past 24 h, not yet due, share, median hours
    assert rows["Law enforcement"] == [2, 1, 0, 1, 0, 50.0, 24.0]
    assert rows["NCMEC"] == [2, 0, 1, 1, 0, 0.0, 24.0]


def test_an_unreported_episode_within_its_24_hours_is_not_yet_due(team_a, case_a, build):
    factories.MissingEpisodeFactory(case=case_a, went_missing_at=at(31, 12), returned_at=None)
    report = build(MARCH, [team_a.pk], at(31, 20))
    assert values(report.figure("missing_reports"), "Law enforcement") == [1, 0, 0, 0, 1, None, None]


def test_returns_screened_within_the_jurisdictions_deadline(library, team_a, case_a, case_a2, build):
    # federal-baseline: 24 hours after a return.
    factories.MissingEpisodeFactory(case=case_a, went_missing_at=at(1), returned_at=at(3))
    screening(case_a, at(4), version=library.tier1)  # 24 h after: in time
    factories.MissingEpisodeFactory(case=case_a2, went_missing_at=at(5), returned_at=at(6))
    screening(case_a2, at(7, 12, 1), version=library.tier1)  # 24 h 1 min: late
    factories.MissingEpisodeFactory(case=case_a2, went_missing_at=at(20), returned_at=at(25))  # never
    report = build(MARCH, [team_a.pk], NOW)
    # returns, in time, late, not screened past deadline, not yet due, share, median hours
    assert values(report.figure("returns_screened"), "Returns from missing") == [3, 1, 1, 1, 0, 33.3, 24.0]


def test_mandated_reports_overdue_now_and_closed_late(library, team_a, case_a, case_b, build):
    row = screening(case_a, at(2), version=library.tier1, level="clear", identifies=["sex"])
    mandated(row, "late", at(3), done_at=at(3, 12, 1))
    mandated(row, "in-time", at(3), done_at=at(3))
    mandated(row, "open-overdue", at(3))
    mandated(row, "open-not-due", NOW + timedelta(hours=1))
    other = screening(case_b, at(2), version=library.tier1, level="clear", identifies=["sex"])
    mandated(other, "open-overdue", at(3))
    report = build(MARCH, [team_a.pk], NOW)
    assert values(report.figure("mandated_reports")) == {
        "Overdue now": [1],
        "Closed late in the period": [1],
        "Closed in time in the period": [1],
    }


def test_review_turnaround_to_the_first_decision(library, team_a, case_a, supervisor, build):
    one = screening(case_a, at(2), version=library.tier1)
    two = screening(case_a, at(3), version=library.tier1)
    for row, decided in ((one, at(2, 18)), (two, at(4, 12)), (one, at(9))):
        # Decisions are kept as made (never updated): made at that moment.
        with mock.patch("django.utils.timezone.now", return_value=decided):
            ReviewDecision.objects.create(screening=row, decision="approve", decided_by=supervisor)
    report = build(MARCH, [team_a.pk], NOW)
    # First decisions after 6 and 24 hours: median 15.
    assert values(report.figure("review_turnaround"), "First decided in the period") == [2, 15.0]
