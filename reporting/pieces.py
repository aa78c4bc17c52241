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

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from screening.models import GuidanceAction, Screening

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
    it is (a stored piece may be read again), and so is every team's entry of `into` (a merged
    team gets a new one): a copy of `into`'s first level is enough to share the rest of it."""
    for key, value in other.items():
        if key == "teams":
            teams = into.setdefault("teams", {})
            for pk, team in value.items():
                mine = teams.get(pk)
                levels = dict(team["levels"])
                if mine is None:
                    teams[pk] = {"total": team["total"], "levels": levels}
                else:
                    _count(levels, mine["levels"])
                    teams[pk] = {"total": mine["total"] + team["total"], "levels": levels}
        elif isinstance(value, int):
            into[key] = into.get(key, 0) + value
        elif isinstance(value, list):
            into.setdefault(key, []).extend(value)
        elif isinstance(value, dict):
            _count(into.setdefault(key, {}), value)
    return into


def copy(facts: dict) -> dict:
    """A copy of the facts' first level (lists and counters), to merge into: what merge leaves
    alone (the teams' entries) is shared."""
    return {
        key: list(value) if isinstance(value, list) else dict(value) if isinstance(value, dict) else value
        for key, value in facts.items()
    }


def ident_order(item: list) -> tuple[int, int]:
    """An identification's place in time: submitted, then the screening's id."""
    return item[3], item[4]


def settle(facts: dict) -> dict:
    """Sort the facts' lists (the durations and moments by value, the identifications by time),
    in place: added up once and kept (reporting/aggregates.py), the stored part of a report is
    then sorted already, and each report sorts only what it adds to it (Python's sort runs
    through a sorted list in linear time)."""
    for key, value in facts.items():
        if key == "ident":
            value.sort(key=ident_order)
        elif key == "waits":
            value.sort(key=lambda v: (v is None, v or 0))
        elif isinstance(value, list):
            value.sort()
    return facts


def _count(into: dict, other: dict) -> None:
    for key, n in other.items():
        into[key] = into.get(key, 0) + n


def _add(counter: dict, key, n: int = 1) -> None:
    counter[key] = counter.get(key, 0) + n


def _mentions(text: str | None, kind: str) -> bool:
    """The outcome's list (its JSON text) mentions `kind`, as the database test does (`icontains
    '"sex"'` on its JSON text)."""
    return text is not None and f'"{kind}"' in text.lower()


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


def _select(sql: str, spans: Iterable[Span], moment: str, team: str, params: list) -> list[tuple]:
    """Run one of the live queries: `sql` with its {spans} (the records whose `moment` column is
    in one of the spans' ranges, of their teams by the `team` column) and its other `params`
    (their placeholders come before {spans} in `sql`).

    SQL written once, for both databases (PostgreSQL, and SQLite for the demo), instead of the
    ORM: a report of the whole agency runs these five queries at every view, and building them
    through the ORM took longer than running them (docs/performance.md)."""
    ops = connection.ops
    ranges, values = [], []
    for start, end, team_ids in _ranges(spans):
        if team_ids is not None and not team_ids:
            continue  # no team: no record
        condition = f"{moment} >= %s AND {moment} < %s"
        values += [ops.adapt_datetimefield_value(start), ops.adapt_datetimefield_value(end)]
        if team_ids is not None:
            condition += f" AND {team} IN ({', '.join(['%s'] * len(team_ids))})"
            values += team_ids
        ranges.append(f"({condition})")
    if not ranges:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql.format(spans=" OR ".join(ranges)), [*params, *values])
        return cursor.fetchall()


def _moment(value) -> datetime | None:
    """A moment as the database gives it to a query written in SQL: aware on PostgreSQL, naive in
    UTC on SQLite (and text there when computed by a subquery)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


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
    # The outcome's keys as JSON text (`->`: the same text on PostgreSQL and SQLite).
    rows = _select(
        """
        SELECT s.id, s.case_id, c.team_id, s.submitted_at, s.follows_id, i.tier, s.outcome_level,
               s.level, s.context, s.youth_age, s.outcome -> 'trafficking_types',
               s.outcome -> 'identifies', s.outcome -> 'not_completed', c.placement_type
        FROM screening_screening s
        JOIN cases_case c ON c.id = s.case_id
        JOIN indicators_instrumentversion v ON v.id = s.instrument_version_id
        JOIN indicators_instrument i ON i.id = v.instrument_id
        WHERE s.status = %s AND ({spans})
        """,
        spans,
        "s.submitted_at",
        "c.team_id",
        [Screening.Status.SUBMITTED],
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
        at = _moment(at)
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
        if nc == "true":
            piece["not_completed"] += 1
        youth.setdefault(id(piece), (piece, set()))[1].add(case_id)
        if _mentions(ids, "sex") or _mentions(ids, "labor"):
            identifies = json.loads(ids)
            if isinstance(identifies, list):
                # Every identification; the report keeps the first of each youth and kind.
                for kind in set(identifies) & set(KINDS):
                    piece["ident"].append([case_id, team_id, kind, stamp(at), pk, age, placed])
    for piece, cases in youth.values():
        piece["youth"] = sorted(cases)


def _episodes(pieces: Pieces, spans: list[Span]) -> None:
    rows = _select(
        """
        SELECT c.team_id, e.went_missing_at, e.reported_to_law_enforcement_at, e.reported_to_ncmec_at
        FROM cases_missingepisode e
        JOIN cases_case c ON c.id = e.case_id
        WHERE {spans}
        """,
        spans,
        "e.went_missing_at",
        "c.team_id",
        [],
    )
    for team_id, went, *reported in rows:
        went = _moment(went)
        piece = pieces.of(team_id, went)
        piece["episodes"] += 1
        for (_field, key), at in zip(REPORTS, reported, strict=True):
            if at is None:
                piece[f"{key}_unreported"].append(stamp(went))
            else:
                piece[f"{key}_took"].append(micros(_moment(at) - went))


def _returns(pieces: Pieces, spans: list[Span]) -> None:
    # The first screening submitted at or after the return (any tier), as the deadlines module
    # counts a return screened.
    rows = _select(
        """
        SELECT c.team_id, e.returned_at,
               (SELECT MIN(s.submitted_at) FROM screening_screening s
                WHERE s.case_id = e.case_id AND s.status = %s AND s.submitted_at >= e.returned_at)
        FROM cases_missingepisode e
        JOIN cases_case c ON c.id = e.case_id
        WHERE {spans}
        """,
        spans,
        "e.returned_at",
        "c.team_id",
        [Screening.Status.SUBMITTED],
    )
    for team_id, returned, screened in rows:
        returned = _moment(returned)
        piece = pieces.of(team_id, returned)
        piece["returns"] += 1
        if screened is None:
            piece["return_unscreened"].append(stamp(returned))
        else:
            piece["return_took"].append(micros(_moment(screened) - returned))


def _actions(pieces: Pieces, spans: list[Span]) -> None:
    rows = _select(
        """
        SELECT c.team_id, a.done_at, a.due_at
        FROM screening_guidanceaction a
        JOIN screening_screening s ON s.id = a.screening_id
        JOIN cases_case c ON c.id = s.case_id
        WHERE a.mandated_report = %s AND a.due_at IS NOT NULL AND a.status = %s AND ({spans})
        """,
        spans,
        "a.done_at",
        "c.team_id",
        [True, GuidanceAction.Status.DONE],
    )
    for team_id, done, due in rows:
        done = _moment(done)
        piece = pieces.of(team_id, done)
        piece["done_late" if done > _moment(due) else "done_in_time"] += 1


def _reviews(pieces: Pieces, spans: list[Span]) -> None:
    # A screening's first decision (by time, then id): the decisions in the spans that no earlier
    # decision of the same screening precedes.
    rows = _select(
        """
        SELECT c.team_id, s.submitted_at, r.decided_at
        FROM screening_reviewdecision r
        JOIN screening_screening s ON s.id = r.screening_id
        JOIN cases_case c ON c.id = s.case_id
        WHERE ({spans}) AND NOT EXISTS (
            SELECT 1 FROM screening_reviewdecision earlier
            WHERE earlier.screening_id = r.screening_id
              AND (earlier.decided_at < r.decided_at
                   OR (earlier.decided_at = r.decided_at AND earlier.id < r.id)))
        """,
        spans,
        "r.decided_at",
        "c.team_id",
        [],
    )
    for team_id, submitted, decided in rows:
        decided = _moment(decided)
        piece = pieces.of(team_id, decided)
        piece["decided"] += 1
        piece["waits"].append(None if submitted is None else micros(decided - _moment(submitted)))
