"""The facts of the figures for one team and one calendar month (a "piece"), read from the records.

Every figure is made of pieces (docs/performance.md, "Pre-aggregated figures"): counts, the youth
screened and the identifications of the month (so that "each youth once per period" stays exact
across months), and the durations the medians need, to the microsecond. Nothing in a piece depends
on "now": what does (not yet due, overdue now, waiting now) is decided when the report is built.
The same code makes the pieces of the open month live and the stored pieces of closed months
(reporting/aggregates.py), so both give the same answers.

A record is placed in a month by its date in the agency's time zone (as periods are): a screening
by its submission, an episode by going missing (reports) and by its return (returns screened), a
mandated report by the time it was done, a screening's review by its first decision; in a team by
its case's team now (an identification keeps the case's placement now, as the figure shows it).
"""

import json
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db.models import DateTimeField, Exists, OuterRef, Q, Subquery
from django.utils import timezone

from cases.models import MissingEpisode
from screening.models import GuidanceAction, ReviewDecision, Screening

KINDS = ("sex", "labor")
REPORTS = (("reported_to_law_enforcement_at", "police"), ("reported_to_ncmec_at", "ncmec"))
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def micros(value: timedelta) -> int:
    return (value.days * 86400 + value.seconds) * 1_000_000 + value.microseconds


def stamp(moment: datetime) -> int:
    """A moment as microseconds since 1970 (exact, and comparable without time zones)."""
    return micros(moment - EPOCH)


def month_of(moment: datetime) -> date:
    local = timezone.localtime(moment)
    return date(local.year, local.month, 1)


def empty() -> dict:
    return {
        "total": 0,
        "levels": {},
        "contexts": {},
        "kinds": {},
        "both": 0,
        "not_completed": 0,
        "tiers": {},
        "youth": [],
        # [case_id, team_id, kind, submitted (stamp), screening pk, age, the case's placement]
        "ident": [],
        "teams": {},  # str(team_id): {"total": n, "levels": {...}}
        "episodes": 0,
        "police_took": [],
        "police_unreported": [],  # went missing (stamp) of the episodes not reported
        "ncmec_took": [],
        "ncmec_unreported": [],
        "returns": 0,
        "return_took": [],
        "return_unscreened": [],  # returned (stamp) of the returns not screened
        "done_late": 0,
        "done_in_time": 0,
        "decided": 0,
        "waits": [],  # microseconds from submission to the first decision (None: no submission time)
    }


def merge(into: dict, other: dict) -> dict:
    """Add `other`'s facts to `into` (counts add, lists join, counters add); `other` is left as
    it is (a stored piece may be read again)."""
    for key, value in other.items():
        if key == "teams":
            teams = into.setdefault("teams", {})
            for pk, team in value.items():
                mine = teams.get(pk)
                if mine is None:
                    teams[pk] = {"total": team["total"], "levels": dict(team["levels"])}
                else:
                    mine["total"] += team["total"]
                    _count(mine["levels"], team["levels"])
        elif isinstance(value, int):
            into[key] = into.get(key, 0) + value
        elif isinstance(value, list):
            into.setdefault(key, []).extend(value)
        elif isinstance(value, dict):
            _count(into.setdefault(key, {}), value)
    return into


def _count(into: dict, other: dict) -> None:
    for key, n in other.items():
        into[key] = into.get(key, 0) + n


def _add(counter: dict, key, n: int = 1) -> None:
    counter[key] = counter.get(key, 0) + n


def _mentions(value, kind: str) -> bool:
    """The outcome's list mentions `kind`, as the database test does (`icontains '"sex"'` on its
    JSON text)."""
    return value is not None and f'"{kind}"' in json.dumps(value, ensure_ascii=False).lower()


@dataclass(frozen=True)
class Span:
    """Records of one calendar month, [start, end), of these teams (None: every team)."""

    month: date
    start: datetime
    end: datetime
    team_ids: list[int] | None


def _ranges(spans: Iterable[Span]) -> list[tuple[datetime, datetime, list[int] | None]]:
    """The spans' conditions, adjoining spans of the same teams joined into one range (a fiscal
    year's open month and the months after it are one range): the same rows, a shorter query.
    Each record is still placed in its own month (Pieces.of)."""
    out: list[tuple[datetime, datetime, list[int] | None]] = []
    for span in sorted(spans, key=lambda s: s.start):
        if out and out[-1][1] == span.start and out[-1][2] == span.team_ids:
            out[-1] = (out[-1][0], span.end, span.team_ids)
        else:
            out.append((span.start, span.end, span.team_ids))
    return out


def _where(spans: Iterable[Span], field: str, prefix: str) -> Q:
    condition = Q(pk__in=[])
    for start, end, team_ids in _ranges(spans):
        part = Q(**{f"{field}__gte": start, f"{field}__lt": end})
        if team_ids is not None:
            part &= Q(**{f"{prefix}team_id__in": team_ids})
        condition |= part
    return condition


class Pieces(dict):
    """(team_id, first day of the month) -> facts; team_id None when not `by_team` (a report
    adds the teams up, but for the comparison by team, which each piece keeps in "teams")."""

    def __init__(self, spans: list[Span], by_team: bool) -> None:
        super().__init__()
        self.by_team = by_team
        months = sorted({(span.start, span.month) for span in spans})
        self.starts = [start for start, _month in months]
        self.months = [month for _start, month in months]

    def of(self, team_id: int, moment: datetime) -> dict:
        # The spans are months: the month of a record is that of the last span starting before it.
        key = (team_id if self.by_team else None, self.months[bisect_right(self.starts, moment) - 1])
        piece = self.get(key)
        if piece is None:
            piece = self[key] = empty()
        return piece


def live(spans: list[Span], by_team: bool = True) -> Pieces:
    """The pieces of the records in the spans, read now (five queries whatever the spans)."""
    pieces = Pieces(spans, by_team)
    if not spans:
        return pieces
    _screenings(pieces, spans)
    _episodes(pieces, spans)
    _returns(pieces, spans)
    _actions(pieces, spans)
    _reviews(pieces, spans)
    return pieces


def _screenings(pieces: Pieces, spans: list[Span]) -> None:
    rows = (
        Screening.objects.filter(status=Screening.Status.SUBMITTED)
        .filter(_where(spans, "submitted_at", "case__"))
        .order_by("submitted_at", "pk")
        .values_list(
            "pk",
            "case_id",
            "case__team_id",
            "submitted_at",
            "follows_id",
            "instrument_version__instrument__tier",
            "outcome_level",
            "level",
            "context",
            "youth_age",
            "outcome__trafficking_types",
            "outcome__identifies",
            "outcome__not_completed",
            "case__placement_type",
        )
    )
    youth: dict = {}
    for (
        pk,
        case_id,
        team_id,
        at,
        follows_id,
        tier,
        outcome_level,
        level,
        context,
        age,
        types,
        ids,
        nc,
        placed,
    ) in rows:
        piece = pieces.of(team_id, at)
        _add(piece["tiers"], str(tier))
        if follows_id is not None:
            continue
        report_level = outcome_level or level
        piece["total"] += 1
        _add(piece["levels"], report_level)
        _add(piece["contexts"], context)
        team = piece["teams"].setdefault(str(team_id), {"total": 0, "levels": {}})
        team["total"] += 1
        _add(team["levels"], report_level)
        for kind in KINDS:
            if _mentions(types, kind):
                _add(piece["kinds"], kind)
        if _mentions(types, "sex") and _mentions(types, "labor"):
            piece["both"] += 1
        if nc is True:
            piece["not_completed"] += 1
        youth.setdefault(id(piece), (piece, set()))[1].add(case_id)
        if (_mentions(ids, "sex") or _mentions(ids, "labor")) and isinstance(ids, list):
            # Every identification; the report keeps the first of each youth and kind.
            for kind in set(ids) & set(KINDS):
                piece["ident"].append([case_id, team_id, kind, stamp(at), pk, age, placed])
    for piece, cases in youth.values():
        piece["youth"] = sorted(cases)


def _episodes(pieces: Pieces, spans: list[Span]) -> None:
    rows = MissingEpisode.objects.filter(_where(spans, "went_missing_at", "case__")).values_list(
        "case__team_id", "went_missing_at", *(field for field, _key in REPORTS)
    )
    for team_id, went, *reported in rows:
        piece = pieces.of(team_id, went)
        piece["episodes"] += 1
        for (_field, key), at in zip(REPORTS, reported, strict=True):
            if at is None:
                piece[f"{key}_unreported"].append(stamp(went))
            else:
                piece[f"{key}_took"].append(micros(at - went))


def _returns(pieces: Pieces, spans: list[Span]) -> None:
    # The first screening submitted at or after the return (any tier), as the deadlines module
    # counts a return screened.
    first = (
        Screening.objects.filter(
            case_id=OuterRef("case_id"),
            status=Screening.Status.SUBMITTED,
            submitted_at__gte=OuterRef("returned_at"),
        )
        .order_by("submitted_at")
        .values("submitted_at")[:1]
    )
    rows = (
        MissingEpisode.objects.filter(_where(spans, "returned_at", "case__"))
        .annotate(screened_at=Subquery(first, output_field=DateTimeField()))
        .values_list("case__team_id", "returned_at", "screened_at")
    )
    for team_id, returned, screened in rows:
        piece = pieces.of(team_id, returned)
        piece["returns"] += 1
        if screened is None:
            piece["return_unscreened"].append(stamp(returned))
        else:
            piece["return_took"].append(micros(screened - returned))


def _actions(pieces: Pieces, spans: list[Span]) -> None:
    rows = (
        GuidanceAction.objects.filter(
            mandated_report=True, due_at__isnull=False, status=GuidanceAction.Status.DONE
        )
        .filter(_where(spans, "done_at", "screening__case__"))
        .values_list("screening__case__team_id", "done_at", "due_at")
    )
    for team_id, done, due in rows:
        piece = pieces.of(team_id, done)
        piece["done_late" if done > due else "done_in_time"] += 1


def _reviews(pieces: Pieces, spans: list[Span]) -> None:
    # A screening's first decision (by time, then id): the decisions in the spans that no earlier
    # decision of the same screening precedes.
    earlier = ReviewDecision.objects.filter(screening=OuterRef("screening")).filter(
        Q(decided_at__lt=OuterRef("decided_at")) | Q(decided_at=OuterRef("decided_at"), pk__lt=OuterRef("pk"))
    )
    rows = (
        ReviewDecision.objects.filter(_where(spans, "decided_at", "screening__case__"))
        .filter(~Exists(earlier))
        .values_list("screening__case__team_id", "screening__submitted_at", "decided_at")
    )
    for team_id, submitted, decided in rows:
        piece = pieces.of(team_id, decided)
        piece["decided"] += 1
        piece["waits"].append(None if submitted is None else micros(decided - submitted))
