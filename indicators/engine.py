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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "CONTEXTS",
    "DEADLINE_KEYS",
    "FLAGS",
    "KINDS",
    "LEVELS",
    "OPERATORS",
    "PRIORITIES",
    "TRAFFICKING_TYPES",
    "UNCERTAIN_ANSWERS",
    "AnswerError",
    "AnswerRef",
    "Contact",
    "ContentError",
    "FiredRule",
    "GuidanceAction",
    "LevelLabel",
    "ScoreResult",
    "items_for_context",
    "level_label",
    "level_rank",
    "max_level",
    "score",
    "sections_for_context",
    "validate_answers",
]

# --------------------------------------------------------------------------- constants

#: Result levels, lowest first.
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
FLAGS: tuple[str, ...] = ("immediate_danger", "stop_disclosure", "tier2_recommended")

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
)

#: Operators of the ``when`` expression language.
OPERATORS: tuple[str, ...] = (
    "all",
    "answered",
    "any",
    "count_at_least",
    "not",
    "points_at_least",
)

_LEVEL_TEXT = {
    "none": (
        "No concern indicated",
        "No rule for a possible or clear concern fired on the answers given. This is not "
        "proof that the youth is safe: keep observing, follow any guidance listed, and "
        "screen again when circumstances change.",
    ),
    "possible": (
        "Possible concern",
        "One or more signs associated with trafficking are present. One sign alone does "
        "not establish trafficking: gather more information (for example with the "
        "in-depth interview) and follow the guidance.",
    ),
    "clear": (
        "Clear concern",
        "The answers show a strong combination of signs, or a disclosure, of trafficking. "
        "Follow the guidance now, including any required reports.",
    ),
}


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
class LevelLabel:
    level: str
    label: str
    explanation: str

    def __str__(self) -> str:
        return self.label


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "level": self.level,
            "reason": self.reason,
            "flags": list(self.flags),
            "guidance": list(self.guidance),
            "answers": [a.to_dict() for a in self.answers],
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

    @property
    def label(self) -> LevelLabel:
        """Plain-language label and explanation of ``level``."""
        return level_label(self.level)

    def to_dict(self) -> dict[str, Any]:
        return {
            "instrument": self.instrument,
            "version": self.version,
            "level": self.level,
            "level_label": self.label.label,
            "level_explanation": self.label.explanation,
            "points": self.points,
            "fired_rules": [r.to_dict() for r in self.fired_rules],
            "guidance": [g.to_dict() for g in self.guidance],
            "flags": list(self.flags),
            "next_step": self.next_step,
            "answers": dict(self.answers),
            "unanswered": list(self.unanswered),
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


def level_label(level: str) -> LevelLabel:
    """Plain-language label and a short explanation of a level."""
    level_rank(level)
    label, explanation = _LEVEL_TEXT[level]
    return LevelLabel(level=level, label=label, explanation=explanation)


# --------------------------------------------------------------------------- content helpers


def sections_for_context(content: Mapping[str, Any], context: str) -> list[Mapping[str, Any]]:
    """The sections shown in a screening ``context`` (sections without ``contexts`` show in all)."""
    if context not in CONTEXTS:
        raise ValueError(f'unknown context "{context}"; contexts are: {", ".join(CONTEXTS)}')
    return [
        section
        for section in content.get("sections", [])
        if not section.get("contexts") or context in section["contexts"]
    ]


def items_for_context(content: Mapping[str, Any], context: str) -> list[str]:
    """Codes of the items presented in a screening ``context``, in instrument order."""
    return [item["code"] for s in sections_for_context(content, context) for item in s["items"]]


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
        self.position = {code: i for i, code in enumerate(self.order)}

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
    def __init__(self, idx: _Index, answers: Mapping[str, str], scope: frozenset[str]):
        self.idx = idx
        self.answers = answers
        self.scope = scope

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

    def _count(self, codes: Iterable[str], wanted: frozenset[str], n: int):
        matched: list[str] = []
        maybe = 0
        for code in codes:
            m = self._match(code, wanted)
            if m is True:
                matched.append(code)
            elif m is None:
                maybe += 1
        if len(matched) >= n:
            return True, matched
        if len(matched) + maybe < n:
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
            return self._count(in_scope, wanted, need)
        if "points_at_least" in expr:
            flt = expr.get("where") or {}
            allowed = frozenset(_as_tuple(flt.get("answer"))) or None
            threshold = expr["points_at_least"]
            total: int | float = 0
            potential: int | float = 0
            contributing: list[str] = []
            for code in self._structural(flt):
                answer = self.answers.get(code)
                if answer is None or answer in UNCERTAIN_ANSWERS:
                    potential += self.idx.max_points(code, allowed)
                    continue
                if allowed is not None and answer not in allowed:
                    continue
                pts = self.idx.points(code, answer)
                if pts > 0:
                    total += pts
                    contributing.append(code)
            if total >= threshold:
                return True, contributing
            if total + potential < threshold:
                return False, []
            return None, []
        raise ContentError(f"unknown operator in expression: {sorted(expr)}")


# --------------------------------------------------------------------------- scoring


def _number(value: int | float) -> int | float:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def score(
    content: Mapping[str, Any],
    answers: Mapping[str, str | None],
    *,
    items_presented: Iterable[str] | None = None,
) -> ScoreResult:
    """Score ``answers`` against one instrument version's ``content``.

    ``items_presented``: the item codes that were shown (e.g. from
    :func:`items_for_context`); ``None`` means every item. Items not presented cannot
    be answered and never match. Raises :class:`AnswerError` for answers that do not
    fit the instrument.
    """
    idx = _Index(content)
    clean, scope = _validate(idx, answers, items_presented)
    evaluator = _Evaluator(idx, clean, scope)

    guidance_defs = {g["code"]: g for g in content.get("guidance", [])}
    fired: list[FiredRule] = []
    for rule in content.get("rules", []):
        truth, evidence = evaluator.eval(rule["when"])
        if truth is not True:
            continue
        codes = sorted(set(evidence), key=idx.position.__getitem__)
        fired.append(
            FiredRule(
                id=rule["id"],
                level=rule["level"],
                reason=rule.get("reason", ""),
                flags=tuple(rule.get("flags") or ()),
                guidance=tuple(rule.get("guidance") or ()),
                answers=tuple(
                    AnswerRef(item=c, answer=clean[c], text=idx.items[c].get("text", ""))
                    for c in codes
                ),
            )
        )

    level = max_level(r.level for r in fired)

    # Guidance: de-duplicated, by priority, then by first appearance.
    first_seen: dict[str, int] = {}
    asked_by: dict[str, list[str]] = {}
    for rule in fired:
        for code in rule.guidance:
            if code not in guidance_defs:
                raise ContentError(f'rule "{rule.id}" refers to unknown guidance "{code}"')
            first_seen.setdefault(code, len(first_seen))
            if rule.id not in asked_by.setdefault(code, []):
                asked_by[code].append(rule.id)
    ordered = sorted(
        first_seen,
        key=lambda c: (_PRIORITY_RANK.get(guidance_defs[c].get("priority"), 99), first_seen[c]),
    )
    guidance = tuple(
        GuidanceAction(
            code=code,
            title=guidance_defs[code].get("title", ""),
            description=guidance_defs[code].get("description", ""),
            priority=guidance_defs[code].get("priority", "routine"),
            deadline=guidance_defs[code].get("deadline"),
            contacts=tuple(
                Contact(
                    name=c.get("name", ""),
                    phone=c.get("phone"),
                    text=c.get("text"),
                    url=c.get("url"),
                    note=c.get("note"),
                )
                for c in guidance_defs[code].get("contacts") or ()
            ),
            mandatory=bool(guidance_defs[code].get("mandatory", False)),
            rules=tuple(asked_by[code]),
        )
        for code in ordered
    )

    raised = {flag for r in fired for flag in r.flags}
    flags = tuple(f for f in FLAGS if f in raised) + tuple(sorted(raised - set(FLAGS)))
    if "stop_disclosure" in raised:
        next_step: str | None = "stop_disclosure"
    elif "tier2_recommended" in raised:
        next_step = "tier2_recommended"
    else:
        next_step = None

    total = sum((idx.points(code, value) for code, value in clean.items()), 0)
    instrument = content.get("instrument") or {}
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
    )
