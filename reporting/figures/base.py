"""What every figure is made of (a table with its definition) and the few helpers they share:
the window (a period and the teams), and medians of the durations the pieces keep
(reporting/pieces.py)."""

import statistics
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from ..periods import Period
from ..pieces import EPOCH

COUNT, PERCENT, HOURS = "count", "percent", "hours"


@dataclass
class Cell:
    value: int | float | None
    kind: str = COUNT


@dataclass
class Row:
    label: str
    cells: list[Cell]
    # The number of records the shares and medians of the row rest on (None: counts only).
    base: int | None = None


@dataclass
class Figure:
    key: str
    title: str
    definition: str
    columns: list[str]
    rows: list[Row]
    # The chart drawn from the figure: ("grouped" or "stacked", the columns drawn); `chart` is it
    # drawn with exact counts (the page), reporting.charts.draw draws it for an export.
    chart_spec: tuple[str, list[int]] | None = None
    chart: dict | None = None


@dataclass(frozen=True)
class Window:
    """A period and the teams whose records count (None: every team of the agency)."""

    period: Period
    team_ids: list[int] | None
    now: datetime

    @property
    def start(self) -> datetime:
        return self.period.start

    @property
    def end(self) -> datetime:
        return self.period.end

    def teams(self, prefix: str = "") -> Q:
        """The scope's condition on a row reached through `prefix` ("case__", "screening__case__")."""
        if self.team_ids is None:
            return Q()
        return Q(**{f"{prefix}team_id__in": self.team_ids})

    def during(self, field_name: str) -> Q:
        return Q(**{f"{field_name}__gte": self.start, f"{field_name}__lt": self.end})


def window(period: Period, team_ids: list[int] | None, now: datetime | None = None) -> Window:
    return Window(period, team_ids, now or timezone.now())


def median(values: list) -> timedelta | None:
    """The median of durations in microseconds (None ignored), as PostgreSQL's percentile_cont(0.5)
    gives it: the middle value, or halfway between the two middle ones."""
    known = [v for v in values if v is not None]
    if not known:
        return None
    return timedelta(microseconds=statistics.median(known))


def at_most(durations: list[int], limit: int) -> int:
    """How many of the durations (microseconds, none missing) are at most `limit`: sorted (in
    linear time: a stored part's are sorted already) and bisected (a whole agency's year holds
    tens of thousands)."""
    return bisect_right(sorted(durations), limit)


def before(stamps: list[int], moment: datetime) -> int:
    """How many of the moments (microseconds since 1970, reporting/pieces.py) are before `moment`:
    sorted (in linear time: a stored part's are sorted already) and bisected."""
    limit = (moment - EPOCH) // timedelta(microseconds=1)
    return bisect_left(sorted(stamps), limit)


def hours(duration: timedelta | None) -> float | None:
    return None if duration is None else round(duration.total_seconds() / 3600, 1)


def share(part: int, whole: int) -> float | None:
    return None if not whole else round(100 * part / whole, 1)


def counts(*values: int) -> list[Cell]:
    return [Cell(v) for v in values]
