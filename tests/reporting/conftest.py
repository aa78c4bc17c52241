"""Reporting fixtures: a hand-built set of records with known answers, in March 2026 (a month
whose figures no other record touches), and helpers that write rows as the services leave them."""

import io
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from indicators.models import Jurisdiction
from reporting import figures, periods
from reporting.models import AggregatedMonth
from reporting.pieces import month_of
from screening.models import GuidanceAction, Screening
from tests import factories
from tests.screening.conftest import library  # noqa: F401 (a fixture)

MARCH = periods.month(2026, 3)
# "Now" for the figures that depend on it: well after the period.
NOW = timezone.make_aware(datetime(2026, 4, 15, 12, 0))


def at(day: int, hour: int = 12, minute: int = 0, month: int = 3) -> datetime:
    return timezone.make_aware(datetime(2026, month, day, hour, minute))


def screening(
    case,
    when,
    *,
    version,
    level="possible",
    identifies=(),
    kinds=(),
    not_completed=False,
    age=15,
    context="general",
    follows=None,
):
    """A submitted screening as the services leave it (its outcome kept on its first tier)."""
    outcome = None
    if follows is None:
        outcome = {
            "level": level,
            "identified": bool(identifies),
            "identifies": list(identifies),
            "trafficking_types": list(kinds or identifies),
            "not_completed": not_completed,
        }
    return Screening.objects.create(
        case=case,
        context=context,
        instrument_version=version,
        jurisdiction=Jurisdiction.objects.get(slug=settings.SCREENING_JURISDICTION),
        created_by=case.assigned_caseworker,
        status=Screening.Status.SUBMITTED,
        submitted_at=when,
        submitted_by=case.assigned_caseworker,
        level=level,
        outcome=outcome,
        outcome_level=level if follows is None else "",
        youth_age=age,
        follows=follows,
    )


def mandated(screening_row, code, due_at, *, done_at=None):
    status = GuidanceAction.Status.DONE if done_at else GuidanceAction.Status.OPEN
    return GuidanceAction.objects.create(
        screening=screening_row,
        code=code,
        title=code,
        priority=GuidanceAction.Priority.URGENT,
        mandatory=True,
        mandated_report=True,
        due_at=due_at,
        status=status,
        done_at=done_at,
        closed_at=done_at,
        reference="R-1" if done_at else "",
    )


def aggregate(since: str | None = None) -> None:
    """Store every closed month (as the nightly run does), from `since` (YYYY-MM) if given."""
    options = {"since": since} if since else {}
    call_command("aggregate_figures", stdout=io.StringIO(), **options)


@pytest.fixture(params=["live", "aggregated"])
def build(request):
    """figures.build, computed live, or from the months stored by aggregate_figures (the records
    written before the call; every month of the tests' periods is closed)."""

    def run(period, team_ids, now=None):
        if request.param == "aggregated":
            aggregate(f"{period.first_day:%Y-%m}")
            closed = [m for m in period.months() if m < month_of(now or timezone.now())]
            assert AggregatedMonth.objects.filter(month__in=closed).count() == len(closed)
        return figures.build(period, team_ids, now)

    return run


@pytest.fixture
def case_a(team_a, caseworker):
    return factories.CaseFactory(
        case_number="A-1001", legal_name="Jordan Alexis Smith", team=team_a, assigned_caseworker=caseworker
    )


@pytest.fixture
def case_a2(team_a, caseworker):
    return factories.CaseFactory(
        case_number="A-1002",
        legal_name="Avery Lane Cruz",
        team=team_a,
        assigned_caseworker=caseworker,
        placement_type="congregate",
    )


@pytest.fixture
def case_b(team_b, other_caseworker):
    return factories.CaseFactory(
        case_number="B-2001",
        legal_name="Taylor Quinn Brooks",
        team=team_b,
        assigned_caseworker=other_caseworker,
    )


__all__ = ["MARCH", "NOW", "at", "screening", "mandated", "timedelta"]
