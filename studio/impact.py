"""A draft's impact (issue 18, item 5): the screenings of its instrument re-scored, in memory, with
the draft's content, by the engine a submission uses, and what would change: counts only.

Pure: this module reads rows it is given (studio/publication.py reads them from the database, a
bounded number, in one query) and never a youth's name or case number. Each row is one submitted
tier: its context, the youth's age, its answers and established items, and the level, rules,
identification and flags it was given at submission.

The draft's items are what its form would present for the row's context and age: an answer to an
item the draft no longer has (or no longer asks at that age or in that context) is dropped, and an
item the screening never answered stays unanswered.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from indicators import engine

STOP_FLAG = "stop_disclosure"


@dataclass(frozen=True)
class Scored:
    """What one tier's result says, as the impact compares it."""

    level: str
    rules: frozenset[str]
    identifies: frozenset[str]
    stop: bool

    @classmethod
    def stored(cls, level: str, result: Mapping[str, Any] | None) -> Scored:
        result = result or {}
        return cls(
            level=level or result.get("level", "none"),
            rules=frozenset(r.get("id", "") for r in result.get("fired_rules") or ()),
            identifies=frozenset(result.get("identifies") or ()),
            stop=STOP_FLAG in (result.get("flags") or ()),
        )

    @classmethod
    def of(cls, result: engine.ScoreResult) -> Scored:
        return cls(
            level=result.level,
            rules=frozenset(r.id for r in result.fired_rules),
            identifies=frozenset(result.identifies),
            stop=STOP_FLAG in result.flags,
        )


@dataclass
class Impact:
    """Counts over the re-scored screenings. ``transitions``: (level then, level with the draft)
    -> screenings; ``rules_gained`` / ``rules_lost``: rule id -> screenings whose outcome changed
    where the rule fires now and did not then / fired then and does not now."""

    rescored: int = 0
    not_scored: int = 0  # answers the draft's scales no longer accept
    changed: int = 0
    lowered: int = 0
    level_up: int = 0
    level_down: int = 0
    identification_gained: int = 0
    identification_lost: int = 0
    stop_gained: int = 0
    stop_lost: int = 0
    answers_dropped: int = 0  # screenings with answers to items the draft does not ask them
    left_unanswered: int = 0  # screenings with items of the draft they never answered
    transitions: Counter[tuple[str, str]] = field(default_factory=Counter)
    rules_gained: Counter[str] = field(default_factory=Counter)
    rules_lost: Counter[str] = field(default_factory=Counter)

    @property
    def lowers(self) -> bool:
        """A level down, an identification lost or a stop lost anywhere."""
        return self.lowered > 0

    def add(self, then: Scored, now: Scored) -> None:
        self.rescored += 1
        up = engine.level_rank(now.level) - engine.level_rank(then.level)
        id_lost, id_gained = bool(then.identifies - now.identifies), bool(now.identifies - then.identifies)
        stop_lost, stop_gained = then.stop and not now.stop, now.stop and not then.stop
        if not (up or id_lost or id_gained or stop_lost or stop_gained):
            return
        self.changed += 1
        if up:
            self.transitions[then.level, now.level] += 1
        self.level_up += up > 0
        self.level_down += up < 0
        self.identification_lost += id_lost
        self.identification_gained += id_gained
        self.stop_lost += stop_lost
        self.stop_gained += stop_gained
        self.lowered += up < 0 or id_lost or stop_lost
        self.rules_gained.update(now.rules - then.rules)
        self.rules_lost.update(then.rules - now.rules)

    def to_dict(self) -> dict[str, Any]:
        """As kept on a publication request (JSON): the same counts."""
        counts = {
            name: getattr(self, name)
            for name in (
                "rescored",
                "not_scored",
                "changed",
                "lowered",
                "level_up",
                "level_down",
                "identification_gained",
                "identification_lost",
                "stop_gained",
                "stop_lost",
                "answers_dropped",
                "left_unanswered",
            )
        }
        return {
            **counts,
            "transitions": [[a, b, n] for (a, b), n in sorted(self.transitions.items())],
            "rules_gained": dict(sorted(self.rules_gained.items())),
            "rules_lost": dict(sorted(self.rules_lost.items())),
        }


def rescore_one(content: Mapping[str, Any], row: Mapping[str, Any]) -> tuple[engine.ScoreResult, bool]:
    """Score one stored tier with ``content``: (the result, whether answers were dropped).
    Raises engine.AnswerError when a kept answer is not on the draft's scale."""
    presented = engine.items_for_context(content, row["context"], row["youth_age"])
    scope = set(presented)
    answers = {code: value for code, value in (row["answers"] or {}).items() if value}
    kept = {code: value for code, value in answers.items() if code in scope}
    established = [code for code in (row["established"] or {}) if code in scope]
    result = engine.score(
        content, kept, items_presented=presented, age=row["youth_age"], established=established
    )
    return result, len(kept) < len(answers)


def impact(content: Mapping[str, Any], rows: Iterable[Mapping[str, Any]]) -> Impact:
    """Re-score every row with ``content`` and count what changes against the stored result.

    ``rows``: mappings with ``context``, ``youth_age``, ``answers``, ``established``, ``level``
    and ``result`` (a Screening's columns)."""
    out = Impact()
    for row in rows:
        try:
            result, dropped = rescore_one(content, row)
        except (engine.AnswerError, engine.ContentError):
            out.not_scored += 1
            continue
        out.answers_dropped += dropped
        out.left_unanswered += bool(result.unanswered)
        out.add(Scored.stored(row["level"], row["result"]), Scored.of(result))
    return out
