"""Trends by month and comparisons by team, for the charts (each chart has its table)."""

import heapq
from bisect import bisect_right
from datetime import UTC, datetime, time

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Team
from indicators.levels import Level

from .base import Figure, Row, Window, counts
from .screenings import KINDS, Identification, kind_label

# The comparison lists the teams with the most screenings in the period, at most this many.
TEAMS_COMPARED = 20


def monthly(w: Window, levels_by_month: dict, found: list[Identification]) -> Figure:
    months = w.period.months()
    # Each identification's month by its moment against the months' first instants (local
    # midnight, in UTC as the moments are): a bisection instead of a time zone conversion each.
    starts = [timezone.make_aware(datetime.combine(m, time.min)).astimezone(UTC) for m in months]
    identified: dict = {m: {k: set() for k in KINDS} for m in months}
    for item in found:
        index = bisect_right(starts, item.at) - 1
        if index >= 0:
            identified[months[index]][item.kind].add(item.case_id)
    table = []
    for first in months:
        levels = levels_by_month.get(first, {})
        kinds = identified[first]
        table.append(
            Row(
                date_format(first, "M Y"),
                counts(*(levels.get(level, 0) for level in Level.values), *(len(kinds[k]) for k in KINDS)),
            )
        )
    return Figure(
        "trend_by_month",
        _("Trend by month"),
        _(
            'For each month of the period: screenings submitted, by level (as in "Screenings by '
            'level"), and youth identified as victims of each kind (as in "Youth identified as '
            'victims", by the month of their first identification of that kind in the period).'
        ),
        [str(label) for label in Level.labels]
        + [_("Identified: %(kind)s") % {"kind": kind_label(k)} for k in KINDS],
        table,
    )


def by_team(teams: dict, found: list[Identification], candidates: list[int]) -> Figure:
    """`candidates`: the teams that may be among the TEAMS_COMPARED with the most screenings
    (reporting/figures/facts.py: a few dozen at most, where a state has thousands of teams)."""
    # The most screenings first, then the lowest id.
    scored = ((teams[str(pk)]["total"], pk) for pk in candidates if str(pk) in teams)
    first = heapq.nsmallest(TEAMS_COMPARED, ((-total, pk) for total, pk in scored if total))
    rows = [
        {"case__team_id": pk, **{level: teams[str(pk)]["levels"].get(level, 0) for level in Level.values}}
        for _total, pk in first
    ]
    names = dict(Team.objects.filter(pk__in=[r["case__team_id"] for r in rows]).values_list("pk", "name"))
    identified: dict = {}
    for item in found:
        identified.setdefault(item.team_id, set()).add(item.case_id)
    table = [
        Row(
            names.get(r["case__team_id"], "?"),
            counts(*(r[level] for level in Level.values), len(identified.get(r["case__team_id"], ()))),
        )
        for r in rows
    ]
    return Figure(
        "comparison_by_team",
        _("Comparison by team"),
        _(
            "For each team of the scope with screenings in the period (the %(n)s with the most): "
            "screenings by level, and youth identified as victims of either kind (each youth once)."
        )
        % {"n": TEAMS_COMPARED},
        [str(label) for label in Level.labels] + [_("Youth identified")],
        table,
    )
