"""Closed months kept per team (reporting.models), read back for a report, and rebuilt.

A report's pieces (reporting/pieces.py) come from the stored months when they are there and
fresh, and are computed live otherwise: the open month, a month not aggregated yet, and the
months of a team marked stale by a change since (reporting/invalidation.py). The answers are the
same either way; only the time differs."""

from datetime import date, datetime, time

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from cases.models import MissingEpisode
from screening.models import GuidanceAction, ReviewDecision, Screening

from .models import AggregatedMonth, MonthFigures
from .periods import Period
from .pieces import Span, empty, live, merge, month_of


def span(month: date, team_ids: list[int] | None) -> Span:
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    start = timezone.make_aware(datetime.combine(month, time.min))
    return Span(month, start, timezone.make_aware(datetime.combine(following, time.min)), team_ids)


def pieces_for(period: Period, team_ids: list[int] | None, now: datetime) -> list[tuple[date, dict]]:
    """The pieces of the period's months for the teams (None: the whole agency), stored or live:
    at most three queries to read the stored ones and five for the live ones, whatever the
    number of months."""
    months = period.months()
    current = month_of(now)
    closed = [m for m in months if m < current]
    marked = set(AggregatedMonth.objects.filter(month__in=closed).values_list("month", flat=True))
    out: list[tuple[date, dict]] = []
    spans = [span(m, team_ids) for m in months if m not in marked]
    stale: dict[date, list[int]] = {}
    if marked:
        rows = MonthFigures.objects.filter(month__in=marked)
        if team_ids is None:
            agency = dict(rows.filter(team__isnull=True).values_list("month", "facts"))
            out += [(m, facts) for m, facts in agency.items() if facts is not None]
            missing = [m for m in marked if agency.get(m) is None]
            rows = rows.filter(month__in=missing, team__isnull=False)
        else:
            missing = sorted(marked)
            rows = rows.filter(team_id__in=team_ids)
        if missing:
            for m, team_id, facts in rows.values_list("month", "team_id", "facts"):
                if facts is None:
                    stale.setdefault(m, []).append(team_id)
                else:
                    out.append((m, facts))
    spans += [span(m, sorted(teams)) for m, teams in sorted(stale.items())]
    out += [(m, facts) for (_team, m), facts in live(spans, by_team=False).items()]
    return out


def closed_months(now: datetime, since: date | None = None) -> list[date]:
    """The closed months from `since` (default: the first month with a record) to the last."""
    if since is None:
        since = first_month()
    months: list[date] = []
    current = month_of(now)
    month = since
    while since is not None and month < current:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def first_month() -> date | None:
    firsts = [
        Screening.objects.filter(status=Screening.Status.SUBMITTED).aggregate(m=Min("submitted_at"))["m"],
        MissingEpisode.objects.aggregate(m=Min("went_missing_at"))["m"],
        MissingEpisode.objects.aggregate(m=Min("returned_at"))["m"],
        GuidanceAction.objects.filter(mandated_report=True).aggregate(m=Min("done_at"))["m"],
        ReviewDecision.objects.aggregate(m=Min("decided_at"))["m"],
    ]
    moments = [m for m in firsts if m is not None]
    return month_of(min(moments)) if moments else None


def rebuild(month: date, now: datetime) -> int:
    """Store the pieces of one closed month, replacing what was stored (idempotent). Returns the
    number of teams with a record in it. The month's marker is locked while its records are
    read and written, and mark_stale takes the same lock: a change committed during the rebuild
    is either read by it or marked stale after it."""
    with transaction.atomic():
        marker, _created = AggregatedMonth.objects.select_for_update().get_or_create(
            month=month, defaults={"computed_at": now}
        )
        pieces = live([span(month, None)])
        agency = empty()
        rows = [MonthFigures(month=month, team=None, facts=agency)]
        for (team_id, _month), facts in pieces.items():
            merge(agency, facts)
            rows.append(MonthFigures(month=month, team_id=team_id, facts=facts))
        MonthFigures.objects.filter(month=month).delete()
        MonthFigures.objects.bulk_create(rows, batch_size=500)
        marker.computed_at = now
        marker.save(update_fields=["computed_at"])
    return len(rows) - 1


def mark_stale(team_id: int, moments) -> None:
    """A record of these moments changed on a case of this team: its closed months are computed
    live until the next run of aggregate_figures (the whole agency's piece of the month too)."""
    if team_id is None:
        return
    current = month_of(timezone.now())
    months = {month_of(m) for m in moments if m is not None}
    months = {m for m in months if m < current}
    if not months:
        return
    with transaction.atomic():
        locked = AggregatedMonth.objects.select_for_update().filter(month__in=months)
        stored = list(locked.values_list("month", flat=True))
        if not stored:
            return
        MonthFigures.objects.filter(month__in=stored, team__isnull=True).delete()
        MonthFigures.objects.bulk_create(
            [MonthFigures(month=m, team_id=team_id, facts=None) for m in stored],
            update_conflicts=True,
            unique_fields=["month", "team"],
            update_fields=["facts"],
        )
