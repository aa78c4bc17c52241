"""The stored months (reporting/aggregates.py, `manage.py aggregate_figures`): read back for closed
months, kept exact when a record of a stored month changes, rebuilt the same way twice, and read
in a number of queries that does not grow with the months of the period."""

import io
import uuid
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from reporting import figures, periods
from reporting.models import AggregatedMonth, MonthFigures
from screening.models import ReviewDecision
from tests import factories

from .conftest import MARCH, NOW, aggregate, at, mandated, screening

FY = periods.fiscal_year(2026)  # October 2025 to September 2026


def everything(report) -> dict:
    return {
        figure.key: {row.label: [cell.value for cell in row.cells] for row in figure.rows}
        for figure in report.figures
    }


def live(period, team_ids, now=NOW) -> dict:
    """The answer computed from the records alone (no stored month), the stored ones untouched."""
    with transaction.atomic():
        AggregatedMonth.objects.all().delete()
        answer = everything(figures.build(period, team_ids, now))
        transaction.set_rollback(True)
    return answer


@pytest.fixture
def records(library, team_a, case_a, case_a2, case_b, supervisor):
    t1 = library.tier1
    first = screening(case_a, at(2), version=t1, level="possible", kinds=["sex"])
    screening(case_a, at(3), version=library.tier2, level="clear", follows=first)
    screening(case_a2, at(4), version=t1, level="clear", identifies=["labor"], age=16)
    screening(case_b, at(5), version=t1, level="clear", identifies=["sex"])
    screening(case_a, at(5, month=2), version=t1, level="clear", identifies=["sex"], age=14)
    episode = factories.MissingEpisodeFactory(
        case=case_a, went_missing_at=at(8), returned_at=at(9), reported_to_law_enforcement_at=at(8, 20)
    )
    mandated(first, "late", at(3), done_at=at(4))
    ReviewDecision.objects.create(screening=first, decision="approve", decided_by=supervisor)
    return {"first": first, "episode": episode}


def test_the_report_reads_the_stored_months(records, team_a):
    aggregate()
    assert AggregatedMonth.objects.filter(month=MARCH.first_day).exists()
    # Change the stored facts behind the records' back: the report shows them, so it read them.
    row = MonthFigures.objects.get(month=MARCH.first_day, team=team_a)
    row.facts["total"] += 40
    row.save()
    report = figures.build(MARCH, [team_a.pk], NOW)
    assert report.figure("screenings_by_level").rows[-2].cells[0].value == 42


def test_stored_and_live_answers_are_the_same_for_every_scope_and_period(records, team_a, team_b):
    expected = {
        (period.key, str(ids)): live(period, ids)
        for period in (MARCH, periods.quarter(2026, 1), FY)
        for ids in (None, [team_a.pk], [team_b.pk])
    }
    aggregate()
    for period in (MARCH, periods.quarter(2026, 1), FY):
        for ids in (None, [team_a.pk], [team_b.pk]):
            assert everything(figures.build(period, ids, NOW)) == expected[period.key, str(ids)]


def test_a_late_report_on_a_stored_month_is_counted_at_once(
    records, team_a, django_capture_on_commit_callbacks
):
    aggregate()
    episode = records["episode"]
    with django_capture_on_commit_callbacks(execute=True):
        episode.reported_to_ncmec_at = at(10)  # late: 38 hours
        episode.save()
    assert MonthFigures.objects.get(month=MARCH.first_day, team=team_a).facts is None
    assert not MonthFigures.objects.filter(month=MARCH.first_day, team__isnull=True).exists()
    for ids in ([team_a.pk], None):
        answer = everything(figures.build(MARCH, ids, NOW))
        assert answer["missing_reports"]["NCMEC"][:4] == [1, 0, 1, 0]
        assert answer == live(MARCH, ids)
    # The next run stores the month again, with the change.
    aggregate()
    assert MonthFigures.objects.get(month=MARCH.first_day, team=team_a).facts["ncmec_took"]
    assert everything(figures.build(MARCH, [team_a.pk], NOW))["missing_reports"]["NCMEC"][:4] == [1, 0, 1, 0]


def test_a_screening_submitted_later_screens_a_return_of_a_stored_month(
    records, library, team_a, case_a, django_capture_on_commit_callbacks
):
    aggregate()
    # returns, screened in time, late, not screened past the deadline: the return of March 9 is
    # not screened (no screening of the case after it).
    before = everything(figures.build(MARCH, [team_a.pk], NOW))
    assert before["returns_screened"]["Returns from missing"][:4] == [1, 0, 0, 1]
    with django_capture_on_commit_callbacks(execute=True):
        factories.MissingEpisodeFactory(case=case_a, went_missing_at=at(30), returned_at=at(31, 10))
        screening(case_a, at(1, 9, month=4), version=library.tier1)  # 23 hours later, in April
    # The April screening screens the return of March 31 in time and that of March 9 late.
    answer = everything(figures.build(MARCH, [team_a.pk], NOW))
    assert answer["returns_screened"]["Returns from missing"][:4] == [2, 1, 1, 0]
    assert answer == live(MARCH, [team_a.pk])


def test_a_case_moved_to_another_team_moves_its_stored_figures(
    records, team_a, team_b, case_a, django_capture_on_commit_callbacks
):
    aggregate()
    with django_capture_on_commit_callbacks(execute=True):
        case_a.team = team_b
        case_a.save()
    for ids in ([team_a.pk], [team_b.pk], None):
        assert everything(figures.build(MARCH, ids, NOW)) == live(MARCH, ids)
    assert everything(figures.build(MARCH, [team_b.pk], NOW))["screenings_by_level"]["All screenings"] == [2]


def test_a_review_decided_on_a_stored_month_is_counted(
    records, library, team_a, case_a, supervisor, django_capture_on_commit_callbacks
):
    aggregate()
    row = screening(case_a, at(6), version=library.tier1)
    with django_capture_on_commit_callbacks(execute=True):
        with mock.patch("django.utils.timezone.now", return_value=at(6, 18)):
            ReviewDecision.objects.create(screening=row, decision="approve", decided_by=supervisor)
    answer = everything(figures.build(MARCH, [team_a.pk], NOW))
    # The decision on the records' first screening is made now (December), not in March.
    assert answer["review_turnaround"]["First decided in the period"] == [1, 6.0]
    assert answer == live(MARCH, [team_a.pk])


def stored() -> list:
    rows = MonthFigures.objects.values_list("month", "team_id", "facts")
    return sorted(rows, key=lambda row: (row[0], row[1] or 0))


def test_the_command_is_idempotent(records):
    aggregate()
    first = stored()
    months = list(AggregatedMonth.objects.order_by("month").values_list("month", flat=True))
    out = io.StringIO()
    call_command("aggregate_figures", stdout=out)
    assert "month(s)" in out.getvalue()
    assert stored() == first
    assert list(AggregatedMonth.objects.order_by("month").values_list("month", flat=True)) == months
    assert months[0] == periods.month(2026, 2).first_day  # from the first month with a record


@pytest.mark.parametrize("since", ["2026-13", "March", "2026-3-01", ""])
def test_the_command_refuses_a_bad_month(since, records):
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("aggregate_figures", since=since, stdout=io.StringIO())
    assert not AggregatedMonth.objects.exists()


def test_a_month_not_stored_yet_is_computed_live(records, team_a):
    aggregate("2026-03")  # February not stored
    assert not AggregatedMonth.objects.filter(month=periods.month(2026, 2).first_day).exists()
    quarter = periods.quarter(2026, 1)
    assert everything(figures.build(quarter, [team_a.pk], NOW)) == live(quarter, [team_a.pk])


def test_the_queries_do_not_grow_with_the_months(library, team_a, team_b, case_a, case_b, supervisor):
    def queries(ids) -> int:
        with CaptureQueriesContext(connection) as captured:
            figures.build(FY, ids, at(15, month=9))
        return len(captured)

    def stale(*months: int) -> None:
        """As a change since the last run leaves them (reporting.aggregates.mark_stale)."""
        MonthFigures.objects.filter(team=team_a, month__month__in=months).update(facts=None)
        MonthFigures.objects.filter(team__isnull=True, month__month__in=months).delete()
        AggregatedMonth.objects.filter(month__month__in=months).update(version=uuid.uuid4())

    screening(case_a, at(2, month=10) - timedelta(days=365), version=library.tier1, identifies=["sex"])
    aggregate()
    stale(10)
    few = {str(ids): queries(ids) for ids in (None, [team_a.pk])}
    for month in range(1, 9):  # records in eight more months, three of them changed since
        screening(case_a, at(3, month=month), version=library.tier1, identifies=["labor"])
        screening(case_b, at(4, month=month), version=library.tier1)
    aggregate()
    stale(2, 5, 10)
    assert {str(ids): queries(ids) for ids in (None, [team_a.pk])} == few


def test_a_new_placement_shows_in_the_stored_months(records, case_a2, django_capture_on_commit_callbacks):
    aggregate()
    with django_capture_on_commit_callbacks(execute=True):
        case_a2.placement_type = "kinship"  # was congregate when March was stored
        case_a2.save()
    for ids in ([case_a2.team_id], None):
        answer = everything(figures.build(MARCH, ids, NOW))
        assert answer["youth_identified_by_placement"]["Kinship care"] == [0, 1]
        assert answer["youth_identified_by_placement"]["Group home or congregate care"] == [0, 0]
        assert answer == live(MARCH, ids)


def test_a_process_adds_up_the_stored_months_once_per_version(
    records, team_a, django_capture_on_commit_callbacks
):
    """The stored part is kept between reports (reporting.aggregates.stored_part) until a rebuild
    or a stale mark gives its months a new version: never an answer older than the records."""
    aggregate()

    def report_and_queries(ids):
        with CaptureQueriesContext(connection) as captured:
            answer = everything(figures.build(FY, ids, NOW))
        return answer, len(captured)

    first, first_queries = report_and_queries(None)
    again, again_queries = report_and_queries(None)
    assert again == first == live(FY, None)
    assert again_queries < first_queries  # the stored rows were not read again
    # A late report on a stored month: its month gets a new version, read again at once.
    episode = records["episode"]
    with django_capture_on_commit_callbacks(execute=True):
        episode.reported_to_ncmec_at = at(10)
        episode.save()
    after_mark = everything(figures.build(FY, None, NOW))
    assert after_mark != first and after_mark == live(FY, None)
    # The next run stores it again (a new version): the same answer, from the new pieces.
    aggregate()
    assert everything(figures.build(FY, None, NOW)) == after_mark
    assert everything(figures.build(FY, [team_a.pk], NOW)) == live(FY, [team_a.pk])


def test_what_a_report_does_with_its_facts_never_reaches_the_next_one(records):
    from reporting.figures.base import window
    from reporting.figures.facts import gather

    aggregate()
    before = everything(figures.build(FY, None, NOW))
    facts = gather(window(FY, None, NOW))
    for value in facts.total.values():
        if isinstance(value, list):
            value.append(value[0] if value else 1)
        elif isinstance(value, dict):
            value["made up"] = 1000
    for levels in facts.by_month.values():
        levels["none"] = 1000
    facts.found.clear()
    facts.ranked.clear()
    assert everything(figures.build(FY, None, NOW)) == before


def test_the_stale_run_stores_again_only_the_months_a_change_marked(
    records, team_a, django_capture_on_commit_callbacks
):
    aggregate()
    out = io.StringIO()
    call_command("aggregate_figures", stale=True, stdout=out)
    assert "Aggregated 0 month(s)" in out.getvalue()  # nothing changed since
    computed = dict(AggregatedMonth.objects.values_list("month", "computed_at"))
    episode = records["episode"]
    with django_capture_on_commit_callbacks(execute=True):
        episode.reported_to_ncmec_at = at(10)  # a late report on March, stored
        episode.save()
    assert MonthFigures.objects.filter(facts__isnull=True).exists()
    expected = live(MARCH, None)
    call_command("aggregate_figures", stale=True, stdout=out)
    assert not MonthFigures.objects.filter(facts__isnull=True).exists()
    assert MonthFigures.objects.filter(month=MARCH.first_day, team__isnull=True).exists()
    after = dict(AggregatedMonth.objects.values_list("month", "computed_at"))
    assert [m for m in after if after[m] != computed[m]] == [MARCH.first_day]  # March only
    assert everything(figures.build(MARCH, None, NOW)) == expected
    assert everything(figures.build(MARCH, None, NOW))["missing_reports"]["NCMEC"][:4] == [1, 0, 1, 0]


@pytest.mark.parametrize(
    "options",
    [
        {"stale": True, "open_month": True},
        {"stale": True, "since": "2026-03"},
        {"open_month": True, "since": "2026-03"},
    ],
)
def test_the_command_refuses_options_that_do_not_go_together(options, records):
    with pytest.raises(CommandError, match="--open-month|--stale|--since"):
        call_command("aggregate_figures", stdout=io.StringIO(), **options)
    with pytest.raises(CommandError):  # typed on the command line: argparse refuses the pair
        call_command(
            "aggregate_figures",
            *(f"--{k.replace('_', '-')}" for k in options if k != "since"),
            *([f"--since={options['since']}"] if "since" in options else []),
            stdout=io.StringIO(),
        )
    assert not AggregatedMonth.objects.exists()


def test_a_team_the_live_records_lift_into_the_comparison(records, library, team_a, team_b, case_b):
    """The comparison by team ranks the stored part's teams once (reporting.aggregates.Stored) and
    the teams the live records add to; a team below the stored first ones can overtake them."""
    aggregate()  # February and March stored; April, the open month at NOW, is read live
    with (
        mock.patch("reporting.figures.facts.TEAMS_COMPARED", 1),
        mock.patch("reporting.figures.trends.TEAMS_COMPARED", 1),
    ):
        before = everything(figures.build(FY, None, NOW))["comparison_by_team"]
        assert list(before) == [team_a.name]  # 3 screenings against team B's 1
        for day in (1, 2, 3):
            screening(case_b, at(day, month=4), version=library.tier1, identifies=["labor"])
        after = everything(figures.build(FY, None, NOW))
        assert list(after["comparison_by_team"]) == [team_b.name]  # 4 against 3
        assert after["comparison_by_team"][team_b.name][-1] == 1  # youth identified: case B once
        assert after == live(FY, None)


def test_a_live_identification_before_a_stored_one_is_the_youths_first(
    records, library, case_a2, django_capture_on_commit_callbacks
):
    """Each youth counts once per kind, at the first identification: one read live (a month a
    change marked stale) can come before one of the stored part."""
    aggregate()
    # Case A2 was identified (labor, age 16) in March, stored; a screening of February recorded
    # late identifies them (labor, age 11): February is read live from then on.
    with django_capture_on_commit_callbacks(execute=True):
        screening(case_a2, at(20, month=2), version=library.tier1, identifies=["labor"], age=11)
    answer = everything(figures.build(FY, None, NOW))
    assert answer["youth_identified"]["Labor trafficking"] == [1]
    assert answer["youth_identified_by_age"]["0–11"] == [0, 1]
    assert answer["youth_identified_by_age"]["15–17"] == [1, 0]  # case B (sex, age 15) alone
    assert answer["trend_by_month"]["Feb 2026"][-1] == 1  # identified: labor, in February
    assert answer["trend_by_month"]["Mar 2026"][-1] == 0
    assert answer == live(FY, None)
