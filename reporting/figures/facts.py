"""The pieces of a report (reporting/pieces.py) added up: the figures' facts for the period."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from ..aggregates import pieces_for
from ..pieces import EPOCH, empty, merge
from .base import Window
from .screenings import Identification


@dataclass
class Facts:
    total: dict
    by_month: dict[date, dict] = field(default_factory=dict)  # month -> levels
    found: list[Identification] = field(default_factory=list)


def gather(w: Window) -> Facts:
    """The period's facts for the window: stored months and live ones (reporting/aggregates.py)."""
    stored, live = pieces_for(w.period, w.team_ids, w.now)
    # A copy of the stored part (merge copies what it adds), which other requests share.
    total = merge(empty(), stored.total)
    by_month: dict[date, dict] = {month: dict(levels) for month, levels in stored.by_month.items()}
    for (_team, month), facts in live.items():
        merge(total, facts)
        merge(by_month.setdefault(month, {}), facts["levels"])
    return Facts(total, by_month, identifications(total["ident"]))


def identifications(items: list) -> list[Identification]:
    """Each youth once per kind: their first identification of that kind in the period."""
    first: dict[tuple[int, str], list] = {}
    for item in items:
        key = (item[0], item[2])
        if key not in first or (item[3], item[4]) < (first[key][3], first[key][4]):
            first[key] = item
    chosen = sorted(first.values(), key=lambda item: (item[3], item[4]))
    return [
        Identification(case_id, team_id, kind, EPOCH + timedelta(microseconds=at), age, placement)
        for case_id, team_id, kind, at, _pk, age, placement in chosen
    ]
