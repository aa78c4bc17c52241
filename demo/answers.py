"""Answer sets for synthetic screenings, and their scoring by the real engine, once per answer set.

The answer sets are drawn from a small library made from the instrument's own content (its items'
kinds and its rules), not from item codes written here, so that any loaded library works. A
screening's stored level, result and outcome are always the engine's for its answers
(`indicators.engine`): the class an answer set was drawn for only steers the mix.
"""

import random
from collections.abc import Iterable, Mapping
from typing import Any

from indicators import engine

UNCERTAIN = engine.UNCERTAIN_ANSWERS


def _answered(expr: Any) -> Iterable[Mapping[str, Any]]:
    """Every `answered` condition inside a rule's `when`."""
    if isinstance(expr, Mapping):
        if isinstance(expr.get("answered"), Mapping):
            yield expr["answered"]
        for key in ("any", "all"):
            for part in expr.get(key) or ():
                yield from _answered(part)
        if "not" in expr:
            yield from _answered(expr["not"])


def _answer_of(spec: Mapping[str, Any]) -> str:
    values = spec.get("answer") or "yes"
    values = [values] if isinstance(values, str) else list(values)
    return next((v for v in values if v not in UNCERTAIN), values[0])


def satisfy(expr: Any, rng: random.Random) -> dict[str, str]:
    """Answers that make a rule's `when` true: one branch of an `any`, every part of an `all`, one
    item of an `answered` (all of them in mode "all"). Counts and points are left to chance."""
    if not isinstance(expr, Mapping):
        return {}
    if isinstance(expr.get("answered"), Mapping):
        spec = expr["answered"]
        items = list(spec.get("items") or ())
        if spec.get("mode") != "all" and items:
            items = [rng.choice(items)]
        return dict.fromkeys(items, _answer_of(spec))
    if expr.get("any"):
        return satisfy(rng.choice(expr["any"]), rng)
    out: dict[str, str] = {}
    for part in expr.get("all") or ():
        out.update(satisfy(part, rng))
    return out


class Library:
    """A few dozen answer sets of one instrument version, by class, drawn once per run: few, so
    that many screenings share an answer set and each is scored once (Scorer)."""

    SIZES = {"none": 20, "possible": 30, "clear": 15, "concern": 20, "declined": 1, "disclosure": 4}

    def __init__(self, content: Mapping[str, Any], seed: str):
        rng = random.Random(seed)
        items = [item for section in content.get("sections", []) for item in section["items"]]
        rules = content.get("rules", [])
        concern_items = {
            c for r in rules if r["level"] != "none" for s in _answered(r["when"]) for c in s["items"]
        }
        special = {
            c
            for r in rules
            if r["level"] == "clear" or {"immediate_danger", "stop_disclosure"} & set(r.get("flags") or ())
            for s in _answered(r["when"])
            for c in s["items"]
        }
        # Circumstantial: what a caseworker marks, not filled in from the record, naming no
        # identification or danger by itself.
        circumstantial = [
            i["code"]
            for i in items
            if i.get("kind") in ("indicator", "question")
            and i.get("trafficking_type") != "vulnerability"
            and not i.get("prefill")
            and i["code"] not in special
        ]
        risks = [
            i["code"] for i in items if i.get("kind") == "risk_factor" and i["code"] not in concern_items
        ]
        indicators = [i["code"] for i in items if i.get("kind") == "indicator" and not i.get("prefill")]
        clear_rules = [r for r in rules if r["level"] == "clear"]
        stop_rules = [r for r in rules if "stop_disclosure" in (r.get("flags") or ())]
        asked = [i["code"] for i in items]

        def risk_set() -> dict[str, str]:  # most youth in care have a risk factor or two
            return {c: "yes" for c in risks if rng.random() < 0.18}

        def some(pool: list[str], low: int, high: int, answer: str = "yes") -> dict[str, str]:
            return dict.fromkeys(rng.sample(pool, min(len(pool), rng.randint(low, high))), answer)

        makers = {
            "none": lambda: {
                **risk_set(),
                **(some(indicators, 1, 3, "unknown") if rng.random() < 0.25 else {}),
            },
            "possible": lambda: {**risk_set(), **some(circumstantial, 1, 4)},
            "clear": lambda: {
                **risk_set(),
                **(some(circumstantial, 0, 2)),
                **(satisfy(rng.choice(clear_rules)["when"], rng) if clear_rules else {}),
            },
            "concern": lambda: some(circumstantial, 1, 3),
            "declined": lambda: dict.fromkeys(asked, "declined"),
            "disclosure": lambda: satisfy(rng.choice(stop_rules)["when"], rng) if stop_rules else {},
        }
        self.sets = {name: [make() for _ in range(self.SIZES[name])] for name, make in makers.items()}

    def draw(self, rng: random.Random, name: str) -> dict[str, str]:
        return rng.choice(self.sets[name])


class Scorer:
    """engine.score and engine.outcome, computed once for each distinct input and reused: most
    synthetic screenings share their answers with hundreds of others."""

    def __init__(self, profile: Mapping[str, Any]):
        self.profile = profile
        self.scores: dict[tuple, tuple[engine.ScoreResult, dict]] = {}
        self.outcomes: dict[tuple, tuple[engine.Outcome, dict]] = {}
        self.calls = 0

    def score(
        self,
        version_pk: int,
        content: Mapping[str, Any],
        answers: dict[str, str],
        *,
        presented: tuple[str, ...],
        age: int,
        established: tuple[str, ...] = (),
    ) -> tuple[tuple, engine.ScoreResult, dict]:
        """(a key for outcome(), the result, its dict as stored)."""
        key = (version_pk, presented, age, frozenset(answers.items()), established)
        if key not in self.scores:
            self.calls += 1
            result = engine.score(
                content, answers, items_presented=presented, age=age, established=established
            )
            self.scores[key] = (result, result.to_dict())
        result, stored = self.scores[key]
        return key, result, stored

    def outcome(
        self,
        tiers: list[tuple[tuple, Mapping[str, Any]]],
        *,
        age: int,
        next_tier: tuple[int, Mapping[str, Any]] | None,
    ) -> tuple[engine.Outcome, dict]:
        """The outcome over tiers given as (score key, content), in order; `next_tier`: the
        (version id, content) of the interview that would follow, if any."""
        key = (tuple(k for k, _c in tiers), age, next_tier[0] if next_tier else None)
        if key not in self.outcomes:
            scored = [engine.Tier(content, self.scores[k][0]) for k, content in tiers]
            outcome = engine.outcome(
                scored, age=age, profile=self.profile, next_tier=next_tier[1] if next_tier else None
            )
            self.outcomes[key] = (outcome, outcome.to_dict())
        return self.outcomes[key]
