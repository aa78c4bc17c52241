"""The agency's figures for a period and a scope, each with its definition (docs/reporting.md).

`build` computes every figure in a fixed number of queries, whatever the number of cases or of
months: from the facts of each team's month (reporting/pieces.py), stored for closed months
(reporting/aggregates.py, `manage.py aggregate_figures`) and read live for the open month and
any month not stored or changed since (docs/performance.md, "Pre-aggregated figures").
"""

from dataclasses import dataclass
from datetime import datetime

from .. import charts
from ..periods import Period
from . import follow_through, missing, screenings, trends
from .base import Figure, window
from .facts import gather


@dataclass
class Report:
    period: Period
    figures: list[Figure]

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)


def build(period: Period, team_ids: list[int] | None, now: datetime | None = None) -> Report:
    w = window(period, team_ids, now)
    facts = gather(w)
    c, found = facts.total, facts.found
    monthly = trends.monthly(w, facts.by_month, found)
    monthly.chart_spec = ("grouped", [0, 1, 2, 3, 4])
    monthly.chart = charts.draw(monthly)
    by_team = trends.by_team(c["teams"], found, facts.ranked)
    by_team.chart_spec = ("stacked", [0, 1, 2])
    by_team.chart = charts.draw(by_team)
    figures = [
        screenings.by_level(c),
        monthly,
        by_team,
        screenings.by_kind(c),
        screenings.by_context(c),
        screenings.by_tier(c),
        screenings.identified(found),
        screenings.identified_by_age(found),
        screenings.identified_by_placement(found),
        missing.missing_reports(w, c),
        missing.returns_screened(w, c),
        follow_through.mandated_reports(w, c),
        follow_through.review_turnaround(w, c),
        screenings.not_completed(c),
    ]
    return Report(period, figures)
