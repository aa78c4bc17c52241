"""Closed months kept per team (reporting.models), read back for a report, and rebuilt.

A report's pieces (reporting/pieces.py) come from the stored months when they are there and
fresh, and are computed live otherwise: the open month, a month not aggregated yet, and the
months of a team marked stale by a change since (reporting/invalidation.py). The answers are the
same either way; only the time differs."""

import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from cases.models import MissingEpisode
from screening.models import GuidanceAction, ReviewDecision, Screening

from .models import AggregatedMonth, MonthFigures
from .periods import Period
from .pieces import Span, empty, live, merge, month_of, settle


def span(
    month: date, team_ids: list[int] | None, start: datetime | None = None, end: datetime | None = None
) -> Span:
    """The records of the month (from `start`, up to `end` when given) of the teams."""
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return Span(
        month,
        start or timezone.make_aware(datetime.combine(month, time.min)),
        end or timezone.make_aware(datetime.combine(following, time.min)),
        team_ids,
    )


def cutoff(now: datetime) -> datetime:
    """Where a run at `now` stops storing the open month: the start of the hour."""
    return now.replace(minute=0, second=0, microsecond=0)


@dataclass(frozen=True)
class Stored:
    """The stored pieces of a period and a scope added up (`total`, and each month's levels for
    the trend), and the spans still to read live. Shared between requests: never changed; a
    report adds its live pieces to a copy (reporting/figures/facts.py)."""

    total: dict  # its lists sorted (pieces.settle)
    by_month: dict[date, dict]
    spans: list[Span]
    # The teams with screenings, the most first (then the lowest id), for the comparison by team.
    ranked: tuple[int, ...] = ()
    # What the figures derive from it once (reporting/figures/facts.py), kept with it.
    derived: dict = field(default_factory=dict, compare=False)


# The stored parts last added up in this process, by scope, months and the versions of the
# months' pieces (AggregatedMonth.version, new at every rebuild and stale mark): a fiscal year's
# agency pieces are megabytes of JSON to read and add up, the same until the next hourly run.
STORED_KEPT = 4
_stored: OrderedDict[tuple, Stored] = OrderedDict()
_stored_lock = threading.Lock()


def stored_part(period: Period, team_ids: list[int] | None, now: datetime) -> Stored:
    """The period's stored pieces for the teams (None: the whole agency) added up, and what is to
    be read live: a month not stored, the rest of a month stored up to a moment (the open month),
    a team's month marked stale (live up to where its pieces end). One query when this process
    added them up already for these versions; otherwise at most three."""
    months = period.months()
    current = month_of(now)
    markers = sorted(
        AggregatedMonth.objects.filter(month__in=months).values_list("month", "until", "version")
    )
    key = (None if team_ids is None else tuple(sorted(team_ids)), tuple(months), current, tuple(markers))
    with _stored_lock:
        kept = _stored.get(key)
        if kept is not None:
            _stored.move_to_end(key)
            return kept
    # A closed month stored whole, or any month stored up to a moment (the open month).
    marked = {m: until for m, until, _version in markers if until is not None or m < current}
    out: list[tuple[date, dict]] = []
    spans = [span(m, team_ids) for m in months if m not in marked]
    # The rest of a month stored up to a moment: every team of the scope, from that moment.
    spans += [span(m, team_ids, start=until) for m, until in sorted(marked.items()) if until]
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
    # A stale team's month: live up to where the stored pieces end (the rest is read above).
    spans += [span(m, sorted(teams), end=marked[m]) for m, teams in sorted(stale.items())]
    total = empty()
    by_month: dict[date, dict] = {}
    for m, facts in out:
        merge(total, facts)
        merge(by_month.setdefault(m, {}), facts["levels"])
    ranked = sorted((-team["total"], int(pk)) for pk, team in total["teams"].items() if team["total"])
    kept = Stored(settle(total), by_month, spans, tuple(pk for _most, pk in ranked))
    with _stored_lock:
        _stored[key] = kept
        while len(_stored) > STORED_KEPT:
            _stored.popitem(last=False)
    return kept


def pieces_for(period: Period, team_ids: list[int] | None, now: datetime) -> tuple[Stored, dict]:
    """The period's stored part (stored_part) and its live pieces ((team, month) -> facts, the
    teams added up): at most three queries for the stored part and five for the live ones,
    whatever the number of months."""
    stored = stored_part(period, team_ids, now)
    return stored, live(stored.spans, by_team=False)


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
    """Store the pieces of one month, replacing what was stored (idempotent): a closed month
    whole, the open month up to the start of the hour (reporting.models.AggregatedMonth.until).
    Returns the number of teams with a record in it. The month's marker is locked while its
    records are read and written, and mark_stale takes the same lock: a change committed during
    the rebuild is either read by it or marked stale after it."""
    whole = span(month, None)
    until = None if whole.end <= now else max(whole.start, cutoff(now))
    with transaction.atomic():
        marker, _created = AggregatedMonth.objects.select_for_update().get_or_create(
            month=month, defaults={"computed_at": now, "until": until}
        )
        pieces = live([span(month, None, end=until)])
        agency = empty()
        rows = [MonthFigures(month=month, team=None, facts=agency)]
        for (team_id, _month), facts in pieces.items():
            merge(agency, facts)
            rows.append(MonthFigures(month=month, team_id=team_id, facts=facts))
        MonthFigures.objects.filter(month=month).delete()
        MonthFigures.objects.bulk_create(rows, batch_size=500)
        marker.computed_at = now
        marker.until = until
        marker.version = uuid.uuid4()
        marker.save(update_fields=["computed_at", "until", "version"])
    return len(rows) - 1


def partly_stored(now: datetime) -> list[date]:
    """The months stored up to a moment that a run at `now` would store further: the open month
    (stored or not) and a closed month stored before it closed."""
    current = month_of(now)
    months = set(AggregatedMonth.objects.filter(until__isnull=False).values_list("month", flat=True))
    return sorted({m for m in months if m <= current} | {current})


def stale_months() -> list[date]:
    """The stored months a change has marked stale since their last run (a team's piece emptied,
    the agency's removed): until rebuilt, a report reads those teams' months live, which for a
    whole month of a large team costs a report some hundreds of milliseconds at a state's size.
    `aggregate_figures --stale` rebuilds them, every few minutes."""
    return sorted(set(MonthFigures.objects.filter(facts__isnull=True).values_list("month", flat=True)))


# A run stores the open month up to the start of its hour (cutoff): a record's moment at or after
# cutoff(now + CLOCKS) was stored by no run that read before the change, so needs no marking
# (CLOCKS: a margin for the clocks of the hosts running the app and the command).
CLOCKS = timedelta(minutes=5)


def mark_stale(team_id: int, moments) -> None:
    """A record of these moments changed on a case of this team: its stored months (those
    stored up to a moment: if one of the moments is before it) are computed live until the next
    run of aggregate_figures (the whole agency's piece of the month too)."""
    if team_id is None:
        return
    now = timezone.now()
    unstored = cutoff(now + CLOCKS)
    earliest: dict[date, datetime] = {}
    for moment in moments:
        if moment is not None and moment < unstored:
            m = month_of(moment)
            earliest[m] = min(earliest.get(m, moment), moment)
    if not earliest:
        return
    with transaction.atomic():
        locked = AggregatedMonth.objects.select_for_update().filter(month__in=earliest)
        stored = [
            m for m, until in locked.values_list("month", "until") if until is None or earliest[m] < until
        ]
        if not stored:
            return
        # A new version: the stored parts added up before this mark are not used again.
        AggregatedMonth.objects.filter(month__in=stored).update(version=uuid.uuid4())
        MonthFigures.objects.filter(month__in=stored, team__isnull=True).delete()
        MonthFigures.objects.bulk_create(
            [MonthFigures(month=m, team_id=team_id, facts=None) for m in stored],
            update_conflicts=True,
            unique_fields=["month", "team"],
            update_fields=["facts"],
        )
