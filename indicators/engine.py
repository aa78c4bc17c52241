"""Scoring engine for screening instruments.

Plain Python: no Django, no ORM. The engine reads the *content* of one instrument
version (the JSON described in ``docs/instrument-format.md``, already validated by
``indicators.schema``) and a mapping of answers, and returns a frozen
:class:`ScoreResult`. The same content and answers always give the same result.

Hard rule: ``unknown`` and ``declined`` are never a positive answer. They give no
points whatever an item's ``points`` map says, they never match a filter unless
the filter names them explicitly, and under ``not`` they count as "not known"
rather than as a negative (three-valued logic, see :func:`_Evaluator.eval`), so no
rule can turn them into ``yes``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

__all__ = [
    "CONTEXTS",
    "DEADLINE_KEYS",
    "EXPLOITATION_TYPES",
    "FLAGS",
    "KINDS",
    "LEVELS",
    "MAX_AGE",
    "NEXT_STEPS",
    "OPERATORS",
    "OUTCOME_SIGNALS",
    "PRIORITIES",
    "RECORD_FACTS",
    "RECOVERY_LOCATIONS",
    "SIGNALS",
    "TRAFFICKING_TYPES",
    "UNCERTAIN_ANSWERS",
    "AnswerError",
    "AnswerRef",
    "Contact",
    "ContentError",
    "FiredRule",
    "GuidanceAction",
    "Outcome",
    "Reason",
    "ScoreResult",
    "Tier",
    "established",
    "holds",
    "items_for_context",
    "items_shown",
    "level_rank",
    "max_level",
    "offered_at_age",
    "outcome",
    "prefill",
    "score",
    "sections_for_context",
    "stop_answers",
    "suits_age",
    "validate_answers",
    "vignette_outcome",
]

# --------------------------------------------------------------------------- constants

#: Result levels, lowest first. The engine deals in these codes only; their translated words
#: are indicators/levels.py (Django's side).
LEVELS: tuple[str, ...] = ("none", "possible", "clear")
_LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}

#: Answers that record "not known": never positive, never points.
UNCERTAIN_ANSWERS: frozenset[str] = frozenset({"unknown", "declined"})

#: The answer filters count when they do not say otherwise.
DEFAULT_FILTER_ANSWERS: tuple[str, ...] = ("yes",)

#: Flags a rule may raise.
#: - immediate_danger: the youth may be in danger now (call 911 first);
#: - stop_disclosure: the youth disclosed (or an exchange is known): stop questioning,
#:   refer to a forensic interview;
#: - tier2_recommended: complete the in-depth (Tier 2) interview.
#: - force_fraud_coercion: the answers show force, fraud or coercion (the criminal-law "severe
#:   form" needs it from the age the jurisdiction sets; labor trafficking always needs it);
#: - foreign_national: a foreign-national youth who may be a victim (HHS must be notified);
#: - caregiver_exploiter: a parent, caregiver or family member may be the exploiter (it changes
#:   the reporting path: do not alert the caregiver);
#: - online_sexual_exploitation: sexual images, sextortion or being advertised online (NCMEC's
#:   CyberTipline);
#: - missing_from_care: missing episodes that must each be reported.
FLAGS: tuple[str, ...] = (
    "immediate_danger",
    "stop_disclosure",
    "tier2_recommended",
    "force_fraud_coercion",
    "foreign_national",
    "caregiver_exploiter",
    "online_sexual_exploitation",
    "missing_from_care",
)

#: The kinds of exploitation an outcome can name.
EXPLOITATION_TYPES: tuple[str, ...] = ("sex", "labor")

#: Facts about an outcome that guidance conditions and mandated reports test (see
#: docs/screening-outcome.md), besides every flag a fired rule raises.
OUTCOME_SIGNALS: tuple[str, ...] = (
    "concern_possible",
    "concern_clear",
    "identified",
    "identified_sex",
    "identified_labor",
    "severe_form",
    "stop",
    "not_completed",
    "interview_offered",
    "below_interview_age",
)
SIGNALS: tuple[str, ...] = OUTCOME_SIGNALS + FLAGS

#: What the outcome says to do next, most pressing first.
NEXT_STEPS: tuple[str, ...] = (
    "stop",
    "offer_again",
    "interview",
    "forensic_interview",
    "gather_information",
    "follow_guidance",
    "observe",
)

#: Facts of the youth's record that can prefill items (item ``prefill``).
RECORD_FACTS: tuple[str, ...] = ("missing_episodes", "recovery_locations")
#: Where a youth was recovered after a missing episode (cases.MissingEpisode.RecoveryLocation).
RECOVERY_LOCATIONS: tuple[str, ...] = (
    "hotel",
    "street",
    "truck_stop",
    "other_city",
    "other_state",
    "unfamiliar_adult",
    "known_adult",
    "family",
    "friend",
    "returned_self",
    "other",
    "unknown",
)
#: Ages in whole years that ranges may name.
MAX_AGE = 30

#: Guidance priorities, most pressing first.
PRIORITIES: tuple[str, ...] = ("immediate", "urgent", "routine")
_PRIORITY_RANK = {p: rank for rank, p in enumerate(PRIORITIES)}

KINDS: tuple[str, ...] = ("indicator", "risk_factor", "question")
TRAFFICKING_TYPES: tuple[str, ...] = ("sex", "labor", "both", "vulnerability")

#: Screening contexts (tailored tools, seed 004 "SCREENING").
CONTEXTS: tuple[str, ...] = (
    "general",
    "cps_investigation",
    "entry_into_care",
    "return_from_missing",
)

#: Deadline keys a jurisdiction must set (hours) and guidance may refer to.
DEADLINE_KEYS: tuple[str, ...] = (
    "screening_after_return_from_missing",
    "screening_after_opening_with_runaway_history",
    "report_missing_to_law_enforcement",
    "report_missing_to_ncmec",
    "report_trafficking_to_law_enforcement",
    "notify_hhs_foreign_national_child",
    "report_online_exploitation_to_ncmec",
    "offer_interview_again",
)

#: Operators of the ``when`` expression language.
OPERATORS: tuple[str, ...] = (
    "all",
    "age_at_least",
    "age_below",
    "answered",
    "any",
    "count_at_least",
    "not",
    "points_at_least",
)

# --------------------------------------------------------------------------- errors


class AnswerError(ValueError):
    """The answers do not fit the instrument. ``problems`` lists every problem found."""

    def __init__(self, problems: Iterable[str]):
        self.problems: tuple[str, ...] = tuple(problems)
        super().__init__("invalid answers: " + "; ".join(self.problems))


class ContentError(ValueError):
    """The instrument content is malformed (it should have been validated first)."""


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class AnswerRef:
    """One answer behind a fired rule."""

    item: str
    answer: str
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"item": self.item, "answer": self.answer, "text": self.text}


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str | None = None
    text: str | None = None
    url: str | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "phone": self.phone,
            "text": self.text,
            "url": self.url,
            "note": self.note,
        }


@dataclass(frozen=True)
class FiredRule:
    id: str
    level: str
    reason: str
    flags: tuple[str, ...] = ()
    guidance: tuple[str, ...] = ()
    answers: tuple[AnswerRef, ...] = ()
    identifies: str | None = None  # "sex" or "labor": the rule marks an identification fact
    trafficking_types: tuple[str, ...] = ()  # the kinds of exploitation the rule points to

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "level": self.level,
            "reason": self.reason,
            "flags": list(self.flags),
            "guidance": list(self.guidance),
            "answers": [a.to_dict() for a in self.answers],
            "identifies": self.identifies,
            "trafficking_types": list(self.trafficking_types),
        }


@dataclass(frozen=True)
class GuidanceAction:
    code: str
    title: str
    description: str
    priority: str
    deadline: str | None
    contacts: tuple[Contact, ...]
    mandatory: bool
    rules: tuple[str, ...] = ()  # ids of the fired rules that called for this action
    # In an outcome: hours of the deadline under the jurisdiction, whether the jurisdiction's
    # mandated reports put it there, and the instrument (slug) or "jurisdiction" it comes from.
    deadline_hours: int | None = None
    mandated_report: bool = False
    origin: str = ""
    continues_screening: bool = False  # dropped once questioning stops

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "description": self.description,
            "priority": self.priority,
            "deadline": self.deadline,
            "contacts": [c.to_dict() for c in self.contacts],
            "mandatory": self.mandatory,
            "rules": list(self.rules),
            "deadline_hours": self.deadline_hours,
            "mandated_report": self.mandated_report,
            "origin": self.origin,
            "continues_screening": self.continues_screening,
        }


@dataclass(frozen=True)
class ScoreResult:
    instrument: str
    version: int
    level: str
    points: int | float
    fired_rules: tuple[FiredRule, ...]
    guidance: tuple[GuidanceAction, ...]
    flags: tuple[str, ...]
    next_step: str | None
    answers: tuple[tuple[str, str], ...] = ()  # (item code, answer), in instrument order
    unanswered: tuple[str, ...] = ()  # presented items with no answer, in instrument order
    tier: int = 1
    age: int | None = None  # the youth's age the items and rules followed (None: not known)
    identifies: tuple[str, ...] = ()  # kinds of exploitation a fired rule identified
    trafficking_types: tuple[str, ...] = ()  # kinds the concern (possible or clear) points to
    not_completed: bool = False  # more Declined/Unknown than the instrument's threshold
    # {"declined": n, "unknown": n, "counted": n}: over the items the not-completed threshold counts
    uncertain: Mapping[str, int] | None = None
    established: tuple[str, ...] = ()  # items the earlier tier established: recorded, not asked

    def to_dict(self) -> dict[str, Any]:
        return {
            "instrument": self.instrument,
            "version": self.version,
            "tier": self.tier,
            "level": self.level,
            "points": self.points,
            "fired_rules": [r.to_dict() for r in self.fired_rules],
            "guidance": [g.to_dict() for g in self.guidance],
            "flags": list(self.flags),
            "next_step": self.next_step,
            "answers": dict(self.answers),
            "unanswered": list(self.unanswered),
            "age": self.age,
            "identifies": list(self.identifies),
            "trafficking_types": list(self.trafficking_types),
            "not_completed": self.not_completed,
            "uncertain": dict(self.uncertain or {}),
            "established": list(self.established),
        }


# --------------------------------------------------------------------------- levels


def level_rank(level: str) -> int:
    try:
        return _LEVEL_RANK[level]
    except KeyError:
        raise ValueError(f'unknown level "{level}"; levels are: {", ".join(LEVELS)}') from None


def max_level(levels: Iterable[str]) -> str:
    """The highest of ``levels``; ``none`` for an empty iterable."""
    best = "none"
    for level in levels:
        if level_rank(level) > level_rank(best):
            best = level
    return best


# --------------------------------------------------------------------------- content helpers


def suits_age(ages: Mapping[str, Any] | None, age: int | None) -> bool:
    """Is ``age`` within an AGES range (``{"min": m, "max": n}``, inclusive)? An unknown age
    (``None``) suits every range: nothing is hidden on a guess."""
    if not ages or age is None:
        return True
    low, high = ages.get("min"), ages.get("max")
    return (low is None or age >= low) and (high is None or age <= high)


def offered_at_age(content: Mapping[str, Any], age: int | None) -> bool:
    """Is the instrument used with a youth of ``age`` (its top-level ``ages``)?"""
    return suits_age(content.get("ages"), age)


def sections_for_context(
    content: Mapping[str, Any], context: str, age: int | None = None
) -> list[Mapping[str, Any]]:
    """The sections shown in a screening ``context`` (sections without ``contexts`` show in all)
    to a youth of ``age``: sections and items whose ``ages`` do not suit the age are left out,
    and a section left without items is left out too. ``age=None`` shows every age's items."""
    if context not in CONTEXTS:
        raise ValueError(f'unknown context "{context}"; contexts are: {", ".join(CONTEXTS)}')
    shown = []
    for section in content.get("sections", []):
        if section.get("contexts") and context not in section["contexts"]:
            continue
        if age is None:
            shown.append(section)
            continue
        if not suits_age(section.get("ages"), age):
            continue
        items = [item for item in section.get("items", []) if suits_age(item.get("ages"), age)]
        if len(items) == len(section.get("items", [])):
            shown.append(section)
        elif items:
            shown.append({**section, "items": items})
    return shown


def items_for_context(content: Mapping[str, Any], context: str, age: int | None = None) -> list[str]:
    """Codes of the items presented in a screening ``context`` to a youth of ``age``, in order."""
    return [item["code"] for s in sections_for_context(content, context, age) for item in s["items"]]


def items_shown(content: Mapping[str, Any], context: str | None, age: int | None) -> list[str] | None:
    """The items shown in ``context`` (any context when None) to a youth of ``age``, in order;
    ``None`` (every item) when neither is given. For vignettes and the score command."""
    if context is not None:
        return items_for_context(content, context, age)
    if age is None:
        return None
    shown = {code for c in CONTEXTS for code in items_for_context(content, c, age)}
    return [i["code"] for s in content.get("sections", []) for i in s["items"] if i["code"] in shown]


class _Index:
    """Items of one content, in order, with their section and allowed answer values."""

    def __init__(self, content: Mapping[str, Any]):
        if not isinstance(content, Mapping):
            raise ContentError("instrument content must be a mapping")
        scales = content.get("answer_scales") or {}
        self.scale_values: dict[str, tuple[str, ...]] = {}
        for name, scale in scales.items():
            self.scale_values[name] = tuple(opt["value"] for opt in scale.get("options", []))
        self.order: list[str] = []
        self.items: dict[str, Mapping[str, Any]] = {}
        self.section_of: dict[str, str] = {}
        self.values_of: dict[str, tuple[str, ...]] = {}
        self.fact_of: dict[str, str] = {}
        for section in content.get("sections", []):
            for item in section.get("items", []):
                code = item["code"]
                if code in self.items:
                    raise ContentError(f'duplicate item code "{code}"')
                scale = item.get("scale")
                if scale not in self.scale_values:
                    raise ContentError(f'item "{code}" uses unknown answer scale "{scale}"')
                self.order.append(code)
                self.items[code] = item
                self.section_of[code] = section["code"]
                self.values_of[code] = self.scale_values[scale]
                # Items describing the same fact count once (item "fact"); others are their own.
                self.fact_of[code] = item.get("fact") or f"item:{code}"
        self.position = {code: i for i, code in enumerate(self.order)}

    def by_fact(self, codes: Iterable[str]) -> dict[str, list[str]]:
        """``codes`` grouped by the fact they describe, in order of first appearance."""
        groups: dict[str, list[str]] = {}
        for code in codes:
            groups.setdefault(self.fact_of[code], []).append(code)
        return groups

    def points(self, code: str, answer: str) -> int | float:
        """Points of one answer: 0 for unknown/declined, whatever the map says."""
        if answer in UNCERTAIN_ANSWERS:
            return 0
        value = (self.items[code].get("points") or {}).get(answer, 0)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            return 0
        return value

    def max_points(self, code: str, allowed: frozenset[str] | None) -> int | float:
        """Most points a not-yet-known answer to ``code`` could still give."""
        best: int | float = 0
        for value in self.values_of[code]:
            if value in UNCERTAIN_ANSWERS:
                continue
            if allowed is not None and value not in allowed:
                continue
            best = max(best, self.points(code, value))
        return best


def _as_tuple(value: Any) -> tuple:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def validate_answers(
    content: Mapping[str, Any],
    answers: Mapping[str, str | None],
    *,
    items_presented: Iterable[str] | None = None,
) -> dict[str, str]:
    """Check ``answers`` against the instrument and return them cleaned.

    A ``None`` value means "not answered" and is dropped. Raises :class:`AnswerError`
    listing every unknown item code, every value not on the item's scale, and every
    answer to an item that was not presented.
    """
    return _validate(_Index(content), answers, items_presented)[0]


def _validate(
    idx: _Index,
    answers: Mapping[str, str | None],
    items_presented: Iterable[str] | None,
) -> tuple[dict[str, str], frozenset[str]]:
    problems: list[str] = []
    if not isinstance(answers, Mapping):
        raise AnswerError([f"answers must be a mapping of item code to answer, got {type(answers).__name__}"])
    if items_presented is None:
        scope = frozenset(idx.order)
    else:
        if isinstance(items_presented, str):
            raise AnswerError(["items_presented must be a collection of item codes, not a string"])
        presented = list(items_presented)
        for code in presented:
            if code not in idx.items:
                problems.append(f'items_presented names unknown item code "{code}"')
        scope = frozenset(code for code in presented if code in idx.items)
    clean: dict[str, str] = {}
    for code in sorted(answers, key=lambda c: (idx.position.get(c, len(idx.order)), str(c))):
        value = answers[code]
        if code not in idx.items:
            problems.append(f'unknown item code "{code}"')
            continue
        if value is None:
            continue
        if not isinstance(value, str):
            problems.append(f'item "{code}": answer must be a string, got {type(value).__name__}')
            continue
        allowed = idx.values_of[code]
        if value not in allowed:
            problems.append(
                f'item "{code}": "{value}" is not an allowed answer; allowed: {", ".join(allowed)}'
            )
            continue
        if code not in scope:
            problems.append(f'item "{code}" was answered but not presented')
            continue
        clean[code] = value
    if problems:
        raise AnswerError(problems)
    return clean, scope


# --------------------------------------------------------------------------- evaluation

# Truth values of the three-valued logic: True, False, or None ("not known").
_Truth = bool | None


class _Evaluator:
    def __init__(
        self, idx: _Index, answers: Mapping[str, str], scope: frozenset[str], age: int | None = None
    ):
        self.idx = idx
        self.answers = answers
        self.scope = scope
        self.age = age

    # -- filters

    def _structural(self, flt: Mapping[str, Any]) -> list[str]:
        """Item codes in scope that a filter selects, ignoring its ``answer`` key."""
        sections = set(_as_tuple(flt.get("section")))
        kinds = set(_as_tuple(flt.get("kind")))
        types = set(_as_tuple(flt.get("trafficking_type")))
        tags = set(_as_tuple(flt.get("tags_any")))
        codes = set(_as_tuple(flt.get("items")))
        selected = []
        for code in self.idx.order:
            if code not in self.scope:
                continue
            item = self.idx.items[code]
            if sections and self.idx.section_of[code] not in sections:
                continue
            if kinds and item.get("kind") not in kinds:
                continue
            if types and item.get("trafficking_type") not in types:
                continue
            if tags and not tags.intersection(item.get("tags") or ()):
                continue
            if codes and code not in codes:
                continue
            selected.append(code)
        return selected

    def _match(self, code: str, wanted: frozenset[str]) -> _Truth:
        """Does the answer to ``code`` match one of ``wanted``? None = not known."""
        answer = self.answers.get(code)
        if answer is None:
            return None  # presented but unanswered: could still be anything
        if answer in wanted:
            return True
        if answer in UNCERTAIN_ANSWERS and (wanted - UNCERTAIN_ANSWERS):
            return None  # "unknown"/"declined" is neither yes nor no
        return False

    def _count(self, codes: Iterable[str], wanted: frozenset[str], n: int, *, by_fact: bool = True):
        """At least ``n`` distinct facts among ``codes`` match: items of one fact count once.
        ``by_fact=False`` counts the named items themselves (``answered``)."""
        matched: list[str] = []
        facts = 0
        maybe = 0
        groups = self.idx.by_fact(codes).values() if by_fact else [[code] for code in codes]
        for group in groups:
            truths = [(code, self._match(code, wanted)) for code in group]
            hits = [code for code, m in truths if m is True]
            if hits:
                facts += 1
                matched.extend(hits)
            elif any(m is None for _, m in truths):
                maybe += 1
        if facts >= n:
            return True, matched
        if facts + maybe < n:
            return False, []
        return None, []

    # -- expressions

    def eval(self, expr: Mapping[str, Any]) -> tuple[_Truth, list[str]]:
        """Evaluate an expression: (truth, item codes of the answers that made it true).

        Three-valued (Kleene) logic: an unanswered item, or an ``unknown``/``declined``
        answer where the expression asks for a substantive one, is "not known" (None).
        ``all`` is False if any part is False, True if all are True, else None; ``any``
        is True if any part is True, False if all are False, else None; ``not`` swaps
        True and False and keeps None. A rule fires only on True.
        """
        if not isinstance(expr, Mapping):
            raise ContentError(f"expression must be an object, got {type(expr).__name__}")
        if "all" in expr:
            parts = [self.eval(e) for e in expr["all"]]
            if any(t is False for t, _ in parts):
                return False, []
            if all(t is True for t, _ in parts):
                return True, [c for _, ev in parts for c in ev]
            return None, []
        if "any" in expr:
            parts = [self.eval(e) for e in expr["any"]]
            true_parts = [ev for t, ev in parts if t is True]
            if true_parts:
                return True, [c for ev in true_parts for c in ev]
            if all(t is False for t, _ in parts):
                return False, []
            return None, []
        if "not" in expr:
            truth, _ = self.eval(expr["not"])
            return (None if truth is None else not truth), []
        if "count_at_least" in expr:
            flt = expr.get("where") or {}
            wanted = frozenset(_as_tuple(flt.get("answer")) or DEFAULT_FILTER_ANSWERS)
            return self._count(self._structural(flt), wanted, int(expr["count_at_least"]))
        if "answered" in expr:
            spec = expr["answered"]
            codes = list(dict.fromkeys(_as_tuple(spec.get("items"))))
            wanted = frozenset(_as_tuple(spec.get("answer")) or DEFAULT_FILTER_ANSWERS)
            in_scope = [c for c in codes if c in self.scope]
            need = 1 if spec.get("mode", "any") == "any" else len(codes)
            if len(in_scope) < need:
                return False, []
            return self._count(in_scope, wanted, need, by_fact=False)
        if "points_at_least" in expr:
            flt = expr.get("where") or {}
            allowed = frozenset(_as_tuple(flt.get("answer"))) or None
            threshold = expr["points_at_least"]
            total: int | float = 0
            potential: int | float = 0
            contributing: list[str] = []
            # A fact gives the points of its best-scoring item, once: two items describing one
            # fact never add up.
            for group in self.idx.by_fact(self._structural(flt)).values():
                known: int | float = 0
                best_code = None
                could: int | float = 0
                for code in group:
                    answer = self.answers.get(code)
                    if answer is None or answer in UNCERTAIN_ANSWERS:
                        could = max(could, self.idx.max_points(code, allowed))
                        continue
                    if allowed is not None and answer not in allowed:
                        continue
                    pts = self.idx.points(code, answer)
                    if pts > known:
                        known, best_code = pts, code
                total += known
                potential += max(0, could - known)
                if best_code is not None:
                    contributing.append(best_code)
            if total >= threshold:
                return True, contributing
            if total + potential < threshold:
                return False, []
            return None, []
        if "age_at_least" in expr:
            if self.age is None:
                return None, []
            return self.age >= expr["age_at_least"], []
        if "age_below" in expr:
            if self.age is None:
                return None, []
            return self.age < expr["age_below"], []
        raise ContentError(f"unknown operator in expression: {sorted(expr)}")


# --------------------------------------------------------------------------- scoring


def _number(value: int | float) -> int | float:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _contact(c: Mapping[str, Any]) -> Contact:
    return Contact(
        name=c.get("name", ""), phone=c.get("phone"), text=c.get("text"), url=c.get("url"), note=c.get("note")
    )


def _action(
    defn: Mapping[str, Any],
    *,
    rules: Iterable[str] = (),
    origin: str = "",
    deadline_hours: int | None = None,
    mandated_report: bool = False,
) -> GuidanceAction:
    return GuidanceAction(
        code=defn["code"],
        title=defn.get("title", ""),
        description=defn.get("description", ""),
        priority=defn.get("priority", "routine"),
        deadline=defn.get("deadline"),
        contacts=tuple(_contact(c) for c in defn.get("contacts") or ()),
        mandatory=bool(defn.get("mandatory", False)) or mandated_report,
        rules=tuple(rules),
        deadline_hours=deadline_hours,
        mandated_report=mandated_report,
        origin=origin,
        continues_screening=bool(defn.get("continues_screening")),
    )


def _rule_types(rule: Mapping[str, Any], evidence: Iterable[str], idx: _Index) -> tuple[str, ...]:
    """The kinds of exploitation a fired rule points to: what it says, else what it identifies,
    else the sex/labor types of the items that made it fire (``both`` names neither on its own)."""
    if rule.get("trafficking_types"):
        types = set(rule["trafficking_types"])
    elif rule.get("identifies"):
        types = {rule["identifies"]}
    else:
        types = {idx.items[c].get("trafficking_type") for c in evidence if c in idx.items}
    return tuple(t for t in EXPLOITATION_TYPES if t in types)


def _uncertain(
    idx: _Index,
    content: Mapping[str, Any],
    clean: Mapping[str, str],
    scope: frozenset[str],
    established: frozenset[str],
    stopped: bool,
) -> tuple[bool, dict[str, int]]:
    """Was the tier *not completed*? More of its counted items answered Declined/Unknown than the
    instrument's ``not_completed.share_above``. Items established by an earlier tier were not asked
    and do not count; after a stop the questions were not asked, so a stop is never "not completed"."""
    config = content.get("not_completed") or {}
    counted_answers = frozenset(config.get("answers") or UNCERTAIN_ANSWERS)
    codes = [
        c
        for c in _Evaluator(idx, clean, scope)._structural(config.get("where") or {})
        if c not in established
    ]
    declined = sum(1 for c in codes if clean.get(c) == "declined")
    unknown = sum(1 for c in codes if clean.get(c) == "unknown")
    counts = {"declined": declined, "unknown": unknown, "counted": len(codes)}
    if not config or not codes or stopped:
        return False, counts
    uncertain = sum(1 for c in codes if clean.get(c) in counted_answers)
    return uncertain / len(codes) > config["share_above"], counts


def score(
    content: Mapping[str, Any],
    answers: Mapping[str, str | None],
    *,
    items_presented: Iterable[str] | None = None,
    age: int | None = None,
    established: Iterable[str] = (),
) -> ScoreResult:
    """Score ``answers`` against one instrument version's ``content``.

    ``items_presented``: the item codes that were shown (e.g. from
    :func:`items_for_context`); ``None`` means every item. Items not presented cannot
    be answered and never match. ``age``: the youth's age (rules may test it; ``None`` =
    not known). ``established``: presented items the earlier tier established (their answers
    are in ``answers``; they were not asked, so they never make a tier "not completed").
    Raises :class:`AnswerError` for answers that do not fit the instrument.
    """
    idx = _Index(content)
    clean, scope = _validate(idx, answers, items_presented)
    established = frozenset(established)
    strays = sorted(c for c in established if c not in scope)
    if strays:
        raise AnswerError([f'item "{c}" is marked established but was not presented' for c in strays])
    evaluator = _Evaluator(idx, clean, scope, age)

    guidance_defs = {g["code"]: g for g in content.get("guidance", [])}
    fired: list[FiredRule] = []
    for rule in content.get("rules", []):
        truth, evidence = evaluator.eval(rule["when"])
        if truth is not True:
            continue
        codes = sorted(set(evidence), key=idx.position.__getitem__)
        for code in rule.get("guidance") or ():
            if code not in guidance_defs:
                raise ContentError(f'rule "{rule["id"]}" refers to unknown guidance "{code}"')
        fired.append(
            FiredRule(
                id=rule["id"],
                level=rule["level"],
                reason=rule.get("reason", ""),
                flags=tuple(rule.get("flags") or ()),
                guidance=tuple(rule.get("guidance") or ()),
                answers=tuple(
                    AnswerRef(item=c, answer=clean[c], text=idx.items[c].get("text", "")) for c in codes
                ),
                identifies=rule.get("identifies"),
                trafficking_types=_rule_types(rule, codes, idx),
            )
        )

    level = max_level(r.level for r in fired)
    raised = {flag for r in fired for flag in r.flags}
    flags = tuple(f for f in FLAGS if f in raised) + tuple(sorted(raised - set(FLAGS)))
    stopped = "stop_disclosure" in raised
    if stopped:
        next_step: str | None = "stop_disclosure"
    elif "tier2_recommended" in raised:
        next_step = "tier2_recommended"
    else:
        next_step = None
    not_completed, uncertain = _uncertain(idx, content, clean, scope, established, stopped)
    identifies = tuple(t for t in EXPLOITATION_TYPES if any(r.identifies == t for r in fired))
    concern = [r for r in fired if level_rank(r.level) > 0]
    types = tuple(t for t in EXPLOITATION_TYPES if any(t in r.trafficking_types for r in concern))

    # This tier's own checklist, as if it were the whole screening (the outcome recomputes it
    # over every tier): the fired rules' guidance that applies, once each.
    instrument = content.get("instrument") or {}
    tier = instrument.get("tier", 1)
    signals = _signals(
        level=level,
        identified=identifies,
        severe_form=None,
        flags=flags,
        not_completed=not_completed,
        interview_offered=("tier2_recommended" in raised and not stopped and tier < 2),
        below_interview_age=False,
    )
    candidates = [(code, rule.id) for rule in fired for code in rule.guidance]
    if not_completed:
        candidates += [(code, "not_completed") for code in content["not_completed"].get("guidance", ())]
    guidance = _checklist(
        [(guidance_defs[code], rule_id, instrument.get("slug", "")) for code, rule_id in candidates],
        signals=signals,
        age=age,
        types=types,
    )

    total = sum((idx.points(code, value) for code, value in clean.items()), 0)
    return ScoreResult(
        instrument=instrument.get("slug", ""),
        version=content.get("version", 0),
        level=level,
        points=_number(total),
        fired_rules=tuple(fired),
        guidance=guidance,
        flags=flags,
        next_step=next_step,
        answers=tuple((code, clean[code]) for code in idx.order if code in clean),
        unanswered=tuple(code for code in idx.order if code in scope and code not in clean),
        tier=tier,
        age=age,
        identifies=identifies,
        trafficking_types=types,
        not_completed=not_completed,
        uncertain=uncertain,
        established=tuple(c for c in idx.order if c in established),
    )


# --------------------------------------------------------------------------- conditions


def _signals(
    *,
    level: str,
    identified: Iterable[str],
    severe_form: bool | None,
    flags: Iterable[str],
    not_completed: bool,
    interview_offered: bool,
    below_interview_age: bool,
) -> frozenset[str]:
    out = set(flags)
    if level_rank(level) >= level_rank("possible"):
        out.add("concern_possible")
    if level == "clear":
        out.add("concern_clear")
    for kind in identified:
        out.update(("identified", f"identified_{kind}"))
    if severe_form:
        out.add("severe_form")
    if "stop_disclosure" in out:
        out.add("stop")
    if not_completed:
        out.add("not_completed")
    if interview_offered:
        out.add("interview_offered")
    if below_interview_age:
        out.add("below_interview_age")
    return frozenset(out)


def holds(
    condition: Mapping[str, Any] | None, *, signals: Iterable[str], age: int | None, types: Iterable[str]
) -> bool:
    """Does an outcome meet a CONDITION (guidance ``applies_if``, a mandated report's trigger)?
    All its keys must hold. An unknown age meets any ``ages``: on a guess, show more, not less."""
    if not condition:
        return True
    signals = frozenset(signals)
    if not suits_age(condition.get("ages"), age):
        return False
    wanted_types = condition.get("trafficking_types_any")
    if wanted_types and not set(wanted_types) & set(types):
        return False
    if condition.get("signals_any") and not signals.intersection(condition["signals_any"]):
        return False
    if condition.get("signals_all") and not signals.issuperset(condition["signals_all"]):
        return False
    if condition.get("signals_none") and signals.intersection(condition["signals_none"]):
        return False
    return True


def _checklist(
    candidates,
    *,
    signals: frozenset[str],
    age: int | None,
    types: Iterable[str],
    reports: Iterable[GuidanceAction] = (),
) -> tuple[GuidanceAction, ...]:
    """The actions that apply, once each, most pressing first.

    ``candidates``: (guidance definition, id of the rule that asked for it, origin), in the order
    asked. An action whose ``applies_if`` the outcome does not meet is left out; so is one that
    ``continues_screening`` once questioning stopped. A mandated report replaces the instrument's
    action with the same code. Order: priority, then mandated reports first, then first asked.
    """
    stopped = "stop" in signals
    first_seen: dict[str, int] = {}
    defs: dict[str, Mapping[str, Any]] = {}
    origins: dict[str, str] = {}
    asked_by: dict[str, list[str]] = {}
    for defn, rule_id, origin in candidates:
        if stopped and defn.get("continues_screening"):
            continue
        if not holds(defn.get("applies_if"), signals=signals, age=age, types=types):
            continue
        code = defn["code"]
        if code not in defs:
            first_seen[code], defs[code], origins[code] = len(first_seen), defn, origin
        if rule_id not in asked_by.setdefault(code, []):
            asked_by[code].append(rule_id)
    actions = {code: _action(defs[code], rules=asked_by[code], origin=origins[code]) for code in defs}
    for report in reports:
        first_seen.setdefault(report.code, len(first_seen))
        actions[report.code] = report
    return tuple(
        sorted(
            actions.values(),
            key=lambda a: (_PRIORITY_RANK.get(a.priority, 99), not a.mandated_report, first_seen[a.code]),
        )
    )


# --------------------------------------------------------------------------- the outcome


@dataclass(frozen=True)
class Tier:
    """One tier of a screening: its instrument version's content and its result (a
    :class:`ScoreResult`, or the ``to_dict()`` kept when it was scored)."""

    content: Mapping[str, Any]
    result: ScoreResult | Mapping[str, Any]


@dataclass(frozen=True)
class Reason:
    """A fired rule, named with the tier it fired in."""

    instrument: str
    tier: int
    id: str
    level: str
    reason: str
    identifies: str | None
    answers: tuple[Mapping[str, Any], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "instrument": self.instrument,
            "tier": self.tier,
            "id": self.id,
            "level": self.level,
            "reason": self.reason,
            "identifies": self.identifies,
            "answers": [dict(a) for a in self.answers],
        }


@dataclass(frozen=True)
class Outcome:
    """The screening's outcome over its tiers (docs/screening-outcome.md)."""

    level: str
    identifies: tuple[str, ...]
    severe_form: bool | None
    trafficking_types: tuple[str, ...]
    stop: bool
    not_completed: bool
    signals: frozenset[str]
    actions: tuple[GuidanceAction, ...]
    next_step: str
    reasons: tuple[Reason, ...]
    also_noted: tuple[Reason, ...]
    tiers: tuple[Mapping[str, Any], ...]
    flags: tuple[str, ...]
    age: int | None = None
    notes: tuple[str, ...] = ()  # how the jurisdiction's definitions applied, in words

    @property
    def identified(self) -> bool:
        return bool(self.identifies)

    @property
    def mandated_reports(self) -> tuple[GuidanceAction, ...]:
        return tuple(a for a in self.actions if a.mandated_report)

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "identified": self.identified,
            "identifies": list(self.identifies),
            "severe_form": self.severe_form,
            "trafficking_types": list(self.trafficking_types),
            "stop": self.stop,
            "not_completed": self.not_completed,
            "signals": [s for s in SIGNALS if s in self.signals] + sorted(self.signals - set(SIGNALS)),
            "mandated_reports": [a.to_dict() for a in self.mandated_reports],
            "actions": [a.to_dict() for a in self.actions],
            "next_step": self.next_step,
            "reasons": [r.to_dict() for r in self.reasons],
            "also_noted": [r.to_dict() for r in self.also_noted],
            "tiers": [dict(t) for t in self.tiers],
            "flags": list(self.flags),
            "age": self.age,
            "notes": list(self.notes),
        }


def _result_dict(result: ScoreResult | Mapping[str, Any]) -> Mapping[str, Any]:
    return result.to_dict() if isinstance(result, ScoreResult) else result


def _tier_types(content: Mapping[str, Any], result: Mapping[str, Any]) -> tuple[str, ...]:
    """The kinds a tier's concern points to; results kept before instruments v2 did not record
    them, so they are worked out from the pinned content the same way."""
    if "trafficking_types" in result:
        return tuple(result["trafficking_types"])
    idx = _Index(content)
    rules = {r["id"]: r for r in content.get("rules", [])}
    types: set[str] = set()
    for fired in result.get("fired_rules", []):
        if level_rank(fired["level"]) > 0:
            evidence = [a["item"] for a in fired.get("answers", [])]
            types.update(_rule_types(rules.get(fired["id"], {}), evidence, idx))
    return tuple(t for t in EXPLOITATION_TYPES if t in types)


def _definition_age(profile: Mapping[str, Any] | None, name: str) -> tuple[bool, int | None]:
    """(the profile defines it, the age from which force, fraud or coercion is needed or None)."""
    definition = ((profile or {}).get("legal_definitions") or {}).get(name)
    if definition is None:
        return False, None
    return True, definition.get("force_fraud_coercion_needed_from_age")


def outcome(
    tiers: Sequence[Tier],
    *,
    age: int | None = None,
    profile: Mapping[str, Any] | None = None,
    next_tier: Mapping[str, Any] | None = None,
) -> Outcome:
    """One outcome over a screening's tiers, in order (Tier 1 first).

    ``profile``: the jurisdiction (its fixture form: ``deadlines_hours``, ``legal_definitions``,
    ``mandated_reports``); ``None`` adds no mandated report and leaves the severe form unknown.
    ``next_tier``: the content of the in-depth interview that would follow the last tier (for its
    ``ages``), or ``None`` when none follows (none configured, or it was done).
    The rules of combination are in docs/screening-outcome.md.
    """
    if not tiers:
        raise ValueError("an outcome needs at least one tier")
    results = [_result_dict(t.result) for t in tiers]
    last = results[-1]
    last_content = tiers[-1].content

    # Never lower: the highest level any tier supports.
    level = max_level(r["level"] for r in results)
    raised = {flag for r in results for flag in r.get("flags", ())}
    flags = tuple(f for f in FLAGS if f in raised) + tuple(sorted(raised - set(FLAGS)))
    stop = "stop_disclosure" in raised
    coercion = "force_fraud_coercion" in raised
    types = {t for tier, r in zip(tiers, results, strict=True) for t in _tier_types(tier.content, r)}

    # Identification, under the jurisdiction's definitions of who is a victim at which age.
    notes: list[str] = []
    marked = [t for t in EXPLOITATION_TYPES if any(t in r.get("identifies", ()) for r in results)]
    identifies: list[str] = []
    for kind in marked:
        if kind == "sex":
            _defined, from_age = _definition_age(profile, "sex_trafficking_victim")
            if from_age is not None and age is not None and age >= from_age and not coercion:
                notes.append(
                    f"At {age}, this jurisdiction's definition of a sex trafficking victim also needs "
                    "force, fraud or coercion, which the answers do not show: concern, not identification."
                )
                continue
        identifies.append(kind)
    types.update(identifies)
    severe_form: bool | None = None
    if "labor" in identifies:
        severe_form = True  # labor trafficking is established only with force, fraud or coercion
    elif "sex" in identifies:
        defined, from_age = _definition_age(profile, "severe_form")
        if not defined:
            severe_form = None
        elif from_age is None or coercion or (age is not None and age < from_age):
            severe_form = True
        elif age is None:
            severe_form = None
        else:
            severe_form = False
            notes.append(
                f"At {age}, the criminal-law severe form of sex trafficking needs force, fraud or "
                "coercion, which the answers do not show; the child-welfare definition still applies."
            )
    trafficking_types = tuple(t for t in EXPLOITATION_TYPES if t in types)

    # What comes next: the interview, when recommended, not done, no stop, and the age fits it.
    last_tier = (last_content.get("instrument") or {}).get("tier", last.get("tier", 1))
    recommended = "tier2_recommended" in last.get("flags", ()) and next_tier is not None
    interview_offered = recommended and not stop and offered_at_age(next_tier or {}, age)
    minimum = ((next_tier or {}).get("ages") or {}).get("min")
    below_interview_age = recommended and age is not None and minimum is not None and age < minimum
    not_completed = bool(last.get("not_completed"))
    signals = _signals(
        level=level,
        identified=identifies,
        severe_form=severe_form,
        flags=flags,
        not_completed=not_completed,
        interview_offered=interview_offered,
        below_interview_age=below_interview_age,
    )
    concern = level != "none"
    if stop:
        next_step = "stop"
    elif not_completed and last_tier >= 2:
        next_step = "offer_again"
    elif interview_offered:
        next_step = "interview"
    elif below_interview_age and concern:
        next_step = "forensic_interview"
    elif not_completed:
        next_step = "gather_information"
    elif concern:
        next_step = "follow_guidance"
    else:
        next_step = "observe"

    # The checklist: every tier's guidance that applies to the whole outcome, and the
    # jurisdiction's mandated reports its signals trigger, once each.
    candidates = []
    for tier, result in zip(tiers, results, strict=True):
        defs = {g["code"]: g for g in tier.content.get("guidance", [])}
        slug = result.get("instrument", "")
        for fired in result.get("fired_rules", []):
            for code in fired.get("guidance", ()):
                if code in defs:
                    candidates.append((defs[code], fired["id"], slug))
        if result.get("not_completed"):
            for code in (tier.content.get("not_completed") or {}).get("guidance", ()):
                if code in defs:
                    candidates.append((defs[code], "not_completed", slug))
    hours = (profile or {}).get("deadlines_hours") or {}
    reports = []
    for report in (profile or {}).get("mandated_reports", ()):
        if not holds(report.get("applies_if"), signals=signals, age=age, types=trafficking_types):
            continue
        defn = dict(report)
        for variant in report.get("variants", ()):
            if holds(variant.get("applies_if"), signals=signals, age=age, types=trafficking_types):
                defn.update({k: v for k, v in variant.items() if k in ("title", "description", "contacts")})
                break
        reports.append(_action(defn, origin="jurisdiction", mandated_report=True))
    actions = tuple(
        replace(a, deadline_hours=hours.get(a.deadline)) if a.deadline else a
        for a in _checklist(candidates, signals=signals, age=age, types=trafficking_types, reports=reports)
    )

    # Reasons: the rules that set the level, and any identification, first; the rest "also noted".
    reasons: list[Reason] = []
    also: list[Reason] = []
    for result in results:
        for fired in result.get("fired_rules", []):
            reason = Reason(
                instrument=result.get("instrument", ""),
                tier=result.get("tier", 1),
                id=fired["id"],
                level=fired["level"],
                reason=fired.get("reason", ""),
                identifies=fired.get("identifies"),
                answers=tuple(fired.get("answers", ())),
            )
            sets_level = concern and fired["level"] == level
            (reasons if sets_level or fired.get("identifies") else also).append(reason)
    reasons.sort(key=lambda r: not r.identifies)

    tier_summaries = tuple(
        {
            "instrument": r.get("instrument", ""),
            "version": r.get("version", 0),
            "tier": r.get("tier", (t.content.get("instrument") or {}).get("tier", 1)),
            "level": r["level"],
            "not_completed": bool(r.get("not_completed")),
            "uncertain": dict(r.get("uncertain") or {}),
            "stop": "stop_disclosure" in r.get("flags", ()),
            "identifies": list(r.get("identifies", ())),
        }
        for t, r in zip(tiers, results, strict=True)
    )
    return Outcome(
        level=level,
        identifies=tuple(identifies),
        severe_form=severe_form,
        trafficking_types=trafficking_types,
        stop=stop,
        not_completed=not_completed,
        signals=signals,
        actions=actions,
        next_step=next_step,
        reasons=tuple(reasons),
        also_noted=tuple(also),
        tiers=tier_summaries,
        flags=flags,
        age=age,
        notes=tuple(notes),
    )


# --------------------------------------------------------------------------- stopping at once


def stop_answers(content: Mapping[str, Any]) -> dict[str, list[str]]:
    """Answers that stop questioning by themselves: {item code: [answer values]}.

    From the rules that raise ``stop_disclosure`` on one answer: a ``when`` that is an
    ``answered`` (an ``answer`` left out means ``"yes"``, as in scoring), found as it is, as a part
    of an ``any`` or as the only part of an ``all``. A rule that needs something more (another
    part of an ``all``, a count, points) is left out: no single answer is sure to fire it. The
    ``mode`` of an ``answered`` is not read, so with ``"all"`` each of its items is listed, as
    the answers form always had it. The form shows the stop as soon as such an answer is chosen.
    """
    out: dict[str, list[str]] = {}
    for rule in content.get("rules") or ():
        if "stop_disclosure" not in (rule.get("flags") or ()):
            continue
        for spec in _single_answer_conditions(rule.get("when")):
            values = [
                v for v in _as_tuple(spec.get("answer")) or DEFAULT_FILTER_ANSWERS if isinstance(v, str)
            ]
            for code in _as_tuple(spec.get("items")):
                listed = out.setdefault(code, [])
                listed.extend(v for v in values if v not in listed)
    return out


def _single_answer_conditions(expr: Any) -> Iterator[Mapping[str, Any]]:
    """The ``answered`` conditions of ``expr`` that make it true on their own."""
    if not isinstance(expr, Mapping):
        return
    if isinstance(expr.get("answered"), Mapping):
        yield expr["answered"]
    elif isinstance(expr.get("any"), list):
        for part in expr["any"]:
            yield from _single_answer_conditions(part)
    elif isinstance(expr.get("all"), list) and len(expr["all"]) == 1:
        yield from _single_answer_conditions(expr["all"][0])


# --------------------------------------------------------------------------- the record


def prefill(
    content: Mapping[str, Any], record: Mapping[str, Any], *, items_presented: Iterable[str] | None = None
) -> dict[str, str]:
    """Answers the youth's record already gives (item ``prefill``): {item code: answer}.

    ``record``: ``{"missing_episodes": int, "recovery_locations": [location type, ...]}``. Only
    what the record shows is filled in; a record that says nothing fills in nothing (it is not a No).
    """
    idx = _Index(content)
    scope = set(idx.order if items_presented is None else items_presented)
    out: dict[str, str] = {}
    for code in idx.order:
        spec = idx.items[code].get("prefill")
        if not spec or code not in scope:
            continue
        value = record.get(spec["from"])
        if spec["from"] == "missing_episodes":
            met = isinstance(value, int) and not isinstance(value, bool) and value >= spec["at_least"]
        elif spec["from"] == "recovery_locations":
            met = any(v in spec["any_of"] for v in value or ())
        else:
            raise ContentError(f'item "{code}": unknown record fact "{spec["from"]}"')
        if met:
            out[code] = spec.get("answer", "yes")
    return out


def established(
    content: Mapping[str, Any],
    *,
    earlier_instrument: str,
    earlier_answers: Mapping[str, str],
    items_presented: Iterable[str] | None = None,
) -> dict[str, dict[str, Any]]:
    """Items an earlier tier already established (item ``established_by``): recorded with their
    answer and not asked again. {item code: {"answer": value, "from": [earlier item codes]}}."""
    idx = _Index(content)
    scope = set(idx.order if items_presented is None else items_presented)
    out: dict[str, dict[str, Any]] = {}
    for code in idx.order:
        spec = idx.items[code].get("established_by")
        if not spec or code not in scope or spec["instrument"] != earlier_instrument:
            continue
        hits = [c for c in spec["items"] if earlier_answers.get(c) == "yes"]
        if hits:
            out[code] = {"answer": spec.get("answer", "yes"), "from": hits}
    return out


# --------------------------------------------------------------------------- vignettes


def vignette_outcome(content: Mapping[str, Any], vignette: Mapping[str, Any]) -> Outcome:
    """The outcome a vignette describes: its answers scored at its age, after the earlier tier
    it ``follows`` (a summary), with its ``interview`` (Tier 1: absent = one at every age)."""
    age = vignette.get("age")
    presented = items_shown(content, vignette.get("context"), age)
    result = score(
        content,
        vignette["answers"],
        items_presented=presented,
        age=age,
        established=vignette.get("established", ()),
    )
    tiers = []
    tier = (content.get("instrument") or {}).get("tier", 1)
    earlier = vignette.get("follows")
    if earlier is not None:
        tiers.append(
            Tier(
                content={"instrument": {"slug": "earlier-tier", "tier": max(1, tier - 1)}, "guidance": []},
                result={
                    "instrument": "earlier-tier",
                    "version": 0,
                    "tier": max(1, tier - 1),
                    "level": earlier["level"],
                    "fired_rules": [],
                    "flags": list(earlier.get("flags", ())),
                    "identifies": list(earlier.get("identifies", ())),
                    "trafficking_types": list(earlier.get("trafficking_types", ())),
                    "not_completed": bool(earlier.get("not_completed")),
                },
            )
        )
    tiers.append(Tier(content, result))
    next_tier = None
    if tier < 2:
        next_tier = {"ages": (vignette.get("interview") or {}).get("ages")}
    return outcome(tiers, age=age, next_tier=next_tier)
