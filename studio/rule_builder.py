"""A rule's condition (its ``when``, the fixture format of indicators/schemas) as the rule
builder's structure and back, and the builder's structure as form fields and back. Pure Python:
no database, no request.

The structure is a tree of :class:`Node`: a group (``all`` / ``any``) of nodes, or one condition
(``answered``, ``count``, ``points``, ``age_at_least``, ``age_below``); any node may be negated
(``{"not": ...}``). It keeps what the JSON says exactly, including what it leaves out (an answer
not given means Yes; a single answer is a string, several a list), so that
``to_json(from_json(when)) == when`` for every condition the builder can show. What it cannot
show raises :class:`AdvancedOnly` with the reason, and the rule opens in the advanced view.

In a form, each node's fields are named by its path: ``w`` for the condition itself, ``w.0`` for
the first condition of its group, ``w.0.1`` ... Hidden ``*_shape`` fields carry what the JSON
left out or how it wrote a value, so a form posted back unchanged gives back the same JSON.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

GROUPS = ("all", "any")
CONDITIONS = ("answered", "count", "points", "age_at_least", "age_below")
KINDS = GROUPS + CONDITIONS
# The key of each condition in the fixture format.
OPERATOR = {"count": "count_at_least", "points": "points_at_least"}
FILTER_KEYS = ("section", "kind", "trafficking_type", "tags_any", "items", "answer")
# Filter keys whose value is a name or a list of names (the others are always lists).
NAME_OR_LIST = ("section", "kind", "trafficking_type", "answer")
MAX_DEPTH = 6  # deeper nesting is for the advanced view
ROOT = "w"
VALUE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


class AdvancedOnly(Exception):
    """A condition the builder cannot show; the message says why."""


@dataclass
class Values:
    """A name or a list of names as the JSON wrote it: ``shape`` is "absent" (key left out),
    "single" (a string) or "list"."""

    values: list[str] = field(default_factory=list)
    shape: str = "absent"

    def to_json(self) -> Any:
        if self.shape == "single" and len(self.values) == 1:
            return self.values[0]
        return list(self.values)

    @property
    def given(self) -> bool:
        return bool(self.values)

    @classmethod
    def parse(cls, value: Any, what: str) -> Values:
        if isinstance(value, str):
            return cls([value], "single")
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return cls(list(value), "list")
        raise AdvancedOnly(_("%(what)s is not a name or a list of names.") % {"what": what})

    @classmethod
    def posted(cls, values: list[str], shape: str) -> Values:
        """From a form: no value leaves the key out; one value keeps the shape it had."""
        values = [v for v in values if v]
        if not values:
            return cls([], "absent")
        if len(values) == 1 and shape != "list":
            return cls(values, "single")
        return cls(values, "list")


@dataclass
class Node:
    kind: str
    negate: bool = False
    children: list[Node] = field(default_factory=list)  # all, any
    items: list[str] = field(default_factory=list)  # answered
    answer: Values = field(default_factory=Values)  # answered
    mode: str | None = None  # answered: None (any, left out), "any" or "all"
    number: int | float | None = None  # count, points, ages
    where: dict[str, Values] | None = None  # count, points: None = no filter given

    @property
    def is_group(self) -> bool:
        return self.kind in GROUPS


# --------------------------------------------------------------------------- JSON -> structure


def from_json(expr: Any, depth: int = 0) -> Node:
    """The builder's structure of a condition, or AdvancedOnly."""
    if depth > MAX_DEPTH:
        raise AdvancedOnly(_("The conditions are nested more than %(n)s deep.") % {"n": MAX_DEPTH})
    if isinstance(expr, Mapping) and set(expr) & set(OPERATOR.values()):
        return _counting(expr)
    if not isinstance(expr, Mapping) or len(expr) != 1:
        raise AdvancedOnly(_("A condition must be an object with exactly one operator."))
    ((key, value),) = expr.items()
    if key == "not":
        node = from_json(value, depth + 1)
        if node.negate:
            raise AdvancedOnly(_("A condition is negated twice (not of a not)."))
        node.negate = True
        return node
    if key in GROUPS:
        if not isinstance(value, list) or not value:
            raise AdvancedOnly(_("A group of conditions is empty."))
        return Node(kind=key, children=[from_json(v, depth + 1) for v in value])
    if key == "answered":
        return _answered(value)
    if key in ("age_at_least", "age_below"):
        if not _is_int(value):
            raise AdvancedOnly(_("An age is not a whole number."))
        return Node(kind=key, number=value)
    raise AdvancedOnly(_('The builder has no "%(operator)s" condition.') % {"operator": key})


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _answered(value: Any) -> Node:
    if not isinstance(value, Mapping) or set(value) - {"items", "answer", "mode"}:
        raise AdvancedOnly(_('An "answered" condition has keys the builder does not know.'))
    items = value.get("items")
    if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
        raise AdvancedOnly(_('An "answered" condition names no items.'))
    mode = value.get("mode")
    if mode not in (None, "any", "all"):
        raise AdvancedOnly(_('An "answered" condition has an unknown mode.'))
    answer = Values.parse(value["answer"], _("The answer")) if "answer" in value else Values()
    return Node(kind="answered", items=list(items), answer=answer, mode=mode)


def _counting(expr: Mapping[str, Any]) -> Node:
    keys = list(expr)
    key = next(k for k in keys if k in OPERATOR.values())
    kind = "count" if key == "count_at_least" else "points"
    number = expr[key]
    if kind == "count" and not _is_int(number):
        raise AdvancedOnly(_("A count is not a whole number."))
    if kind == "points" and (
        isinstance(number, bool) or not isinstance(number, int | float) or not math.isfinite(number)
    ):
        raise AdvancedOnly(_("A number of points is not a number."))
    if set(keys) - {key, "where"}:
        raise AdvancedOnly(_("A count has keys the builder does not know."))
    where = None
    if "where" in expr:
        where = _filter(expr["where"])
    return Node(kind=kind, number=number, where=where)


def _filter(value: Any) -> dict[str, Values]:
    if not isinstance(value, Mapping) or set(value) - set(FILTER_KEYS):
        raise AdvancedOnly(_("A filter of items has keys the builder does not know."))
    out = {}
    for key, given in value.items():
        parsed = Values.parse(given, key)
        if key not in NAME_OR_LIST and parsed.shape == "single":
            raise AdvancedOnly(_("%(what)s must be a list.") % {"what": key})
        out[key] = parsed
    return out


# --------------------------------------------------------------------------- structure -> JSON


def to_json(node: Node) -> dict[str, Any]:
    out = _plain(node)
    return {"not": out} if node.negate else out


def _plain(node: Node) -> dict[str, Any]:
    if node.is_group:
        return {node.kind: [to_json(child) for child in node.children]}
    if node.kind == "answered":
        inner: dict[str, Any] = {"items": list(node.items)}
        if node.answer.given:
            inner["answer"] = node.answer.to_json()
        if node.mode is not None:
            inner["mode"] = node.mode
        return {"answered": inner}
    if node.kind in OPERATOR:
        out: dict[str, Any] = {OPERATOR[node.kind]: node.number}
        if node.where is not None:
            out["where"] = {k: node.where[k].to_json() for k in FILTER_KEYS if k in node.where}
        return out
    return {node.kind: node.number}


def representable(expr: Any) -> tuple[Node | None, str]:
    """(the structure, "") when the builder shows ``expr`` exactly, else (None, why not)."""
    try:
        node = from_json(expr)
    except AdvancedOnly as exc:
        return None, str(exc)
    if to_json(node) != expr:
        return None, _("The builder would write this condition differently.")
    return node, ""


def new_node(kind: str) -> Node:
    """A node as "add condition" / "add group" makes it."""
    if kind in GROUPS:
        return Node(kind=kind, children=[new_node("answered")])
    if kind == "count":
        return Node(kind="count", number=1, where={"kind": Values(["indicator"], "single")})
    if kind == "points":
        return Node(kind="points", number=1, where=None)
    if kind == "age_at_least":
        return Node(kind=kind, number=18)
    if kind == "age_below":
        return Node(kind=kind, number=18)
    return Node(kind="answered", answer=Values(["yes"], "single"))
