"""The agency's figures for a period and a scope, each with its definition (docs/reporting.md).

`build` computes every figure in a fixed number of queries, whatever the number of cases:
counts are aggregated in the database (COUNT ... FILTER), medians too on PostgreSQL
(percentile_cont), and only the identifications (few) are read as rows.
"""

from dataclasses import dataclass
from datetime import datetime

from .. import charts
from ..periods import Period
from . import follow_through, missing, screenings, trends
from .base import Figure, window


@dataclass
class Report:
    period: Period
    figures: list[Figure]

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)


def build(period: Period, team_ids: list[int] | None, now: datetime | None = None) -> Report:
    w = window(period, team_ids, now)
    c = screenings.screening_counts(w)
    found = screenings.identifications(w)
    monthly = trends.monthly(w, found)
    monthly.chart_spec = ("grouped", [0, 1, 2, 3, 4])
    monthly.chart = charts.draw(monthly)
    by_team = trends.by_team(w, found)
    by_team.chart_spec = ("stacked", [0, 1, 2])
    by_team.chart = charts.draw(by_team)
    figures = [
        screenings.by_level(c),
        monthly,
        by_team,
        screenings.by_kind(c),
        screenings.by_context(c),
        screenings.by_tier(w),
        screenings.identified(found),
        screenings.identified_by_age(found),
        screenings.identified_by_placement(found),
        missing.missing_reports(w),
        missing.returns_screened(w),
        follow_through.mandated_reports(w),
        follow_through.review_turnaround(w),
        screenings.not_completed(c),
    ]
    return Report(period, figures)
