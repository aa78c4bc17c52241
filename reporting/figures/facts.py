"""The pieces of a report (reporting/pieces.py) added up: the figures' facts for the period.

The stored part of a report (reporting/aggregates.py) is added up once per process and version,
and so is what the figures derive from it here (each youth's first identification of each kind,
in time order); a report merges only its live pieces into them: at a state's size, a fiscal
year's stored part holds tens of thousands of durations and thousands of identifications, the
live part an hour's records."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from ..aggregates import Stored, pieces_for
from ..pieces import EPOCH, copy, ident_order, merge
from .base import Window
from .screenings import Identification
from .trends import TEAMS_COMPARED

# (case, kind) -> (its place in time, the identification): each youth's first of each kind.
Firsts = dict[tuple[int, str], tuple[tuple[int, int], Identification]]


@dataclass
class Facts:
    total: dict
    by_month: dict[date, dict] = field(default_factory=dict)  # month -> levels
    found: list[Identification] = field(default_factory=list)
    # The teams that may rank among the most screened: the stored ranking, then the teams the
    # live pieces added to (a team's count only grows when pieces are added: no other team can
    # overtake one of the stored ranking's first).
    ranked: list[int] = field(default_factory=list)


def gather(w: Window) -> Facts:
    """The period's facts for the window: stored months and live ones (reporting/aggregates.py)."""
    stored, live = pieces_for(w.period, w.team_ids, w.now)
    # A copy of the stored part's first level (what merge changes), which other requests share.
    total = copy(stored.total)
    by_month: dict[date, dict] = {month: dict(levels) for month, levels in stored.by_month.items()}
    added: list = []
    touched: set[int] = set()
    for (_team, month), facts in live.items():
        merge(total, facts)
        merge(by_month.setdefault(month, {}), facts["levels"])
        added += facts["ident"]
        touched.update(int(pk) for pk in facts["teams"])
    firsts, found = _stored_firsts(stored)
    if added:
        firsts = dict(firsts)
        _keep_firsts(firsts, added)
        found = _in_order(firsts)
    else:
        found = list(found)
    ranked = sorted(touched.union(stored.ranked[:TEAMS_COMPARED]))
    return Facts(total, by_month, found, ranked)


def _stored_firsts(stored: Stored) -> tuple[Firsts, list[Identification]]:
    """The stored part's first identifications, worked out once for it (shared: never changed)."""
    derived = stored.derived.get("firsts")
    if derived is None:
        firsts: Firsts = {}
        _keep_firsts(firsts, stored.total["ident"])
        derived = stored.derived["firsts"] = (firsts, _in_order(firsts))
    return derived


def _keep_firsts(firsts: Firsts, items: list) -> None:
    """Each youth once per kind: their first identification of that kind in the period."""
    for item in items:
        key = (item[0], item[2])
        order = ident_order(item)
        kept = firsts.get(key)
        if kept is None or order < kept[0]:
            case_id, team_id, kind, at, _pk, age, placement = item
            at_moment = EPOCH + timedelta(microseconds=at)
            firsts[key] = (order, Identification(case_id, team_id, kind, at_moment, age, placement))


def _in_order(firsts: Firsts) -> list[Identification]:
    return [identification for _order, identification in sorted(firsts.values(), key=lambda f: f[0])]
