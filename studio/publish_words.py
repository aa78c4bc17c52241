"""What the publish and approval pages show, in words: the impact's counts (from a live report or
from the snapshot a request keeps, the same dict), the comparison with the version replaced, and
the vignette run."""

from __future__ import annotations

from typing import Any

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from indicators import engine, lifecycle
from indicators.comparison import Comparison, compare
from indicators.exports import current_content
from indicators.levels import Level
from indicators.models import InstrumentVersion

from . import publication


def level_label(level: str) -> str:
    return str(Level(level).label) if level in Level.values else level


def rule_reasons(*contents: dict[str, Any]) -> dict[str, str]:
    """Rule id -> its reason, the first content that has it winning (the draft's, then the older)."""
    reasons: dict[str, str] = {}
    for content in contents:
        for rule in content.get("rules") or ():
            reasons.setdefault(rule.get("id", ""), rule.get("reason", ""))
    return reasons


def impact_words(counts: dict[str, Any], reasons: dict[str, str]) -> dict[str, Any]:
    """The impact's table rows: each change of direction with its count, the lowering ones marked,
    and the rules responsible (fire now and did not / fired and do not now)."""
    directions = []
    for then, now, n in counts.get("transitions", ()):
        lower = engine.level_rank(now) < engine.level_rank(then)
        directions.append(
            {
                "then": level_label(then),
                "now": level_label(now),
                "count": n,
                "lower": lower,
                "key": f"{then}-{now}",
            }
        )
    others = [
        ("identification_lost", _("Identification lost (a victim no longer identified)"), True),
        ("identification_gained", _("Identification gained"), False),
        ("stop_lost", _("The questions would no longer stop on disclosure"), True),
        ("stop_gained", _("The questions would now stop on disclosure"), False),
    ]
    for key, words, lower in others:
        if counts.get(key):
            directions.append({"then": "", "now": words, "count": counts[key], "lower": lower, "key": key})
    rules = [
        {"id": rule_id, "reason": reasons.get(rule_id, ""), "count": n, "fires": fires}
        for fires, mapping in (
            (True, counts.get("rules_gained") or {}),
            (False, counts.get("rules_lost") or {}),
        )
        for rule_id, n in sorted(mapping.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    since, until = counts.get("since"), counts.get("until")
    return {
        **counts,
        "directions": directions,
        "rules": rules,
        "since": parse_datetime(since) if isinstance(since, str) else since,
        "until": parse_datetime(until) if isinstance(until, str) else until,
        "lowers": bool(counts.get("lowered")),
    }


def comparison_groups(comparison: Comparison | None) -> list[tuple[str, Any, Any, Any]]:
    if comparison is None:
        return []
    return [
        (_("Items"), comparison.items_added, comparison.items_removed, comparison.items_changed),
        (_("Rules"), comparison.rules_added, comparison.rules_removed, comparison.rules_changed),
        (_("Sections"), comparison.sections_added, comparison.sections_removed, comparison.sections_changed),
        (_("Guidance"), comparison.guidance_added, comparison.guidance_removed, comparison.guidance_changed),
    ]


def facts(version: InstrumentVersion) -> dict[str, Any]:
    """What is read before publishing: the comparison, the vignette run, the impact (live)."""
    previous = version.previous()
    comparison = compare(previous, version) if previous else None
    _content, errors, failures = lifecycle.check_publishable(version)
    report = publication.impact_of(version)
    draft_content = current_content(version)
    reasons = rule_reasons(draft_content, previous.content if previous else {})
    return {
        "previous": previous,
        "comparison": comparison,
        "groups": comparison_groups(comparison),
        "errors": errors,
        "failures": failures,
        "vignette_count": len(draft_content.get("vignettes") or []),
        "report": report,
        "impact": impact_words(report.to_dict(), reasons),
        "reasons": reasons,
    }
