"""The open month stored up to the start of the hour (`aggregate_figures`, and hourly with
`--open-month`), the rest of it read live: the same answers as computed live, a change to a
record before that hour counted at once, a record after it never double counted."""

import io
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting import figures, periods
from reporting.models import AggregatedMonth, MonthFigures
from screening.models import ReviewDecision
from tests import factories

from .conftest import at, mandated, screening
from .test_aggregates import everything, live

APRIL = periods.month(2026, 4)
FY = periods.fiscal_year(2026)


@pytest.fixture
def clock():
    """timezone.now(), set by the test: `clock.now = ...`."""
    holder = mock.Mock(now=at(15, 12, 30, month=4))
    with mock.patch("django.utils.timezone.now", side_effect=lambda: holder.now):
        yield holder


def run(*args) -> None:
    call_command("aggregate_figures", *args, stdout=io.StringIO())


def report(period, ids, clock):
    return everything(figures.build(period, ids, clock.now))


@pytest.fixture
def april(library, case_a, case_a2, case_b, supervisor, clock):
    t1 = library.tier1
    first = screening(case_a, at(3, month=4), version=t1, level="possible", kinds=["sex"])
    screening(case_a2, at(4, month=4), version=t1, level="clear", identifies=["labor"], age=16)
    screening(case_b, at(15, 11, 59, month=4), version=t1, level="clear", identifies=["sex"])
    screening(case_a, at(5, month=3), version=t1, level="clear", identifies=["sex"], age=14)
    episode = factories.MissingEpisodeFactory(
        case=case_a,
        went_missing_at=at(8, month=4),
        returned_at=at(9, month=4),
        reported_to_law_enforcement_at=at(8, 20, month=4),
    )
    mandated(first, "late", at(3, month=4), done_at=at(4, month=4))
    clock.now = at(10, month=4)
    ReviewDecision.objects.create(screening=first, decision="approve", decided_by=supervisor)
    clock.now = at(15, 12, 30, month=4)
    # After the hour the run stops at (12:00): read live, never stored.
    screening(case_a2, at(15, 12, 10, month=4), version=t1, level="possible", kinds=["labor"])
    return {"first": first, "episode": episode}


def test_the_open_month_is_stored_up_to_the_hour(april, team_a, team_b, clock):
    expected = {str(ids): live(APRIL, ids, clock.now) for ids in (None, [team_a.pk], [team_b.pk])}
    run()
    marker = AggregatedMonth.objects.get(month=APRIL.first_day)
    assert marker.until == at(15, 12, month=4)
    # Stored: the three screenings before 12:00, not the one at 12:10.
    assert MonthFigures.objects.get(month=APRIL.first_day, team__isnull=True).facts["total"] == 3
    for ids in (None, [team_a.pk], [team_b.pk]):
        assert report(APRIL, ids, clock) == expected[str(ids)]
        assert report(FY, ids, clock) == live(FY, ids, clock.now)
    assert expected["None"]["screenings_by_level"]["All screenings"] == [4]
    # What is stored is what is read.
    row = MonthFigures.objects.get(month=APRIL.first_day, team__isnull=True)
    row.facts["total"] += 40
    row.save()
    assert report(APRIL, None, clock)["screenings_by_level"]["All screenings"] == [44]


def test_a_change_before_the_stored_hour_is_counted_at_once(
    april, team_a, clock, django_capture_on_commit_callbacks
):
    run()
    with django_capture_on_commit_callbacks(execute=True):
        april["episode"].reported_to_ncmec_at = at(10, month=4)
        april["episode"].save()
    assert MonthFigures.objects.get(month=APRIL.first_day, team=team_a).facts is None
    for ids in (None, [team_a.pk]):
        answer = report(APRIL, ids, clock)
        assert answer["missing_reports"]["NCMEC"][:4] == [1, 0, 1, 0]
        assert answer == live(APRIL, ids, clock.now)


def test_a_record_after_the_stored_hour_marks_nothing(
    april, library, case_b, team_a, team_b, clock, django_capture_on_commit_callbacks
):
    run()
    with django_capture_on_commit_callbacks(execute=True):
        screening(case_b, at(15, 12, 20, month=4), version=library.tier1, level="none")
    # The whole agency's stored piece is kept, and the new screening counted once, live.
    assert MonthFigures.objects.filter(month=APRIL.first_day, team__isnull=True).exists()
    assert not MonthFigures.objects.filter(month=APRIL.first_day, facts__isnull=True).exists()
    for ids in (None, [team_a.pk], [team_b.pk]):
        assert report(APRIL, ids, clock) == live(APRIL, ids, clock.now)
    assert report(APRIL, None, clock)["screenings_by_level"]["All screenings"] == [5]


def test_the_hourly_run_moves_the_open_month_on_and_closes_it(april, team_a, clock):
    run()
    march = AggregatedMonth.objects.get(month=periods.month(2026, 3).first_day)
    clock.now = at(15, 13, 5, month=4)
    run("--open-month")
    assert AggregatedMonth.objects.get(month=APRIL.first_day).until == at(15, 13, month=4)
    assert AggregatedMonth.objects.get(pk=march.pk).computed_at == march.computed_at  # untouched
    assert MonthFigures.objects.get(month=APRIL.first_day, team__isnull=True).facts["total"] == 4
    # The first hourly run of May stores April whole and starts May.
    clock.now = at(1, 0, 10, month=5)
    run("--open-month")
    assert AggregatedMonth.objects.get(month=APRIL.first_day).until is None
    assert AggregatedMonth.objects.get(month=periods.month(2026, 5).first_day).until == at(1, 0, month=5)
    for ids in (None, [team_a.pk]):
        assert report(APRIL, ids, clock) == live(APRIL, ids, clock.now)


def test_the_queries_do_not_grow_with_the_open_month(
    april, library, case_a, case_b, team_a, clock, django_capture_on_commit_callbacks
):
    def queries(ids) -> int:
        with CaptureQueriesContext(connection) as captured:
            report(FY, ids, clock)
        return len(captured)

    def change(day: int) -> None:
        """A record before the stored hour changed since the run: its team's month is stale."""
        with django_capture_on_commit_callbacks(execute=True):
            april["episode"].reported_to_ncmec_at = at(day, month=4)
            april["episode"].save()

    run()
    change(10)
    few = {str(ids): queries(ids) for ids in (None, [team_a.pk])}
    for day in range(1, 15):  # more records before the hour
        screening(case_a, at(day, 9, month=4), version=library.tier1, identifies=["labor"])
        screening(case_b, at(day, 10, month=4), version=library.tier1)
    run()
    change(11)
    assert {str(ids): queries(ids) for ids in (None, [team_a.pk])} == few


def test_a_record_dated_in_a_later_month_stays_in_its_month(april, library, case_b, team_b, clock):
    """The open month's rest and the months after it are read as one range: each record is still
    counted in its own month (a return entered with a later date, a clock ahead)."""
    screening(case_b, at(3, month=6), version=library.tier1, level="none")
    run()
    trend = report(FY, None, clock)["trend_by_month"]
    rows = list(trend.values())
    months = [m.month for m in FY.months()]
    assert sum(rows[months.index(6)][:4]) == 1
    assert sum(rows[months.index(5)][:4]) == 0
    assert report(FY, None, clock) == live(FY, None, clock.now)
    assert report(FY, [team_b.pk], clock) == live(FY, [team_b.pk], clock.now)
