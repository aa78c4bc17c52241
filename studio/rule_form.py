"""The rule builder as a form: a rule's fields (id, level, reason, identification, kinds, flags,
guidance, reasons in the version's other languages) and its condition tree (studio/rule_builder.py)
as named fields, read back from a post, changed by the builder's buttons ("add condition", "add
group", "remove"), and shown as the template's choices. No database: the version's content is
given."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators import engine, translations
from indicators.levels import Level
from indicators.models.choices import IDENTIFIES_CHOICES, KIND_LABELS, TYPE_LABELS

from . import rule_builder as rb

MAX_NODES = 60
PATH = re.compile(r"^w(\.\d{1,3})*$")
RULE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FLAG_LABELS = {
    "immediate_danger": gettext_lazy("Immediate danger (call 911)"),
    "stop_disclosure": gettext_lazy("Stop the questions (disclosure)"),
    "tier2_recommended": gettext_lazy("Recommend the in-depth interview"),
    "force_fraud_coercion": gettext_lazy("Force, fraud or coercion"),
    "foreign_national": gettext_lazy("Foreign-national youth (notify HHS)"),
    "caregiver_exploiter": gettext_lazy("A caregiver or family member may be the exploiter"),
    "online_sexual_exploitation": gettext_lazy("Online sexual exploitation"),
    "missing_from_care": gettext_lazy("Missing from care"),
}
CONDITION_LABELS = {
    "answered": gettext_lazy("Items answered"),
    "count": gettext_lazy("Count of items answered"),
    "points": gettext_lazy("Points at least"),
    "age_at_least": gettext_lazy("Youth's age at least"),
    "age_below": gettext_lazy("Youth's age below"),
}
GROUP_LABELS = {
    "all": gettext_lazy("All of these hold"),
    "any": gettext_lazy("At least one of these holds"),
}


# --------------------------------------------------------------------------- the condition tree


def node_fields(node: rb.Node, path: str = rb.ROOT) -> list[tuple[str, str]]:
    """The tree as (field name, value) pairs, as the form posts them."""
    out = [(f"{path}.kind", node.kind)]
    if node.negate:
        out.append((f"{path}.not", "1"))
    for i, child in enumerate(node.children):
        out += node_fields(child, f"{path}.{i}")
    if node.kind == "answered":
        out += [(f"{path}.items", c) for c in node.items]
        out += [(f"{path}.answer", v) for v in node.answer.values]
        out.append((f"{path}.answer_shape", node.answer.shape))
        out.append((f"{path}.mode", node.mode or "any"))
        out.append((f"{path}.mode_shape", "given" if node.mode else "absent"))
    elif node.kind in rb.CONDITIONS:
        out.append((f"{path}.n", _number_text(node.number)))
    if node.kind in rb.OPERATOR:
        out.append((f"{path}.where_shape", "absent" if node.where is None else "given"))
        for key in rb.FILTER_KEYS:
            values = (node.where or {}).get(key, rb.Values())
            out += [(f"{path}.f.{key}", v) for v in values.values]
            out.append((f"{path}.f.{key}_shape", values.shape))
    return out


def human_number(path: str) -> str:
    """ "2.1" for ``w.1.0``: the second condition's first; "" for the rule's condition itself."""
    return ".".join(str(int(p) + 1) for p in path.split(".")[1:])


def _number_text(number: int | float | None) -> str:
    return "" if number is None else str(number)


def _getlist(data, name: str) -> list[str]:
    return [str(v) for v in data.getlist(name)] if hasattr(data, "getlist") else list(data.get(name, []))


def _get(data, name: str, default: str = "") -> str:
    values = _getlist(data, name)
    return values[-1] if values else default


def _number(text: str, kind: str, where: str, errors: list[str]) -> int | float | None:
    text = text.strip()
    bounds = {"count": (0, None), "points": (0, None), "age_at_least": (0, 30), "age_below": (1, 31)}[kind]
    try:
        number: int | float = int(text)
    except ValueError:
        try:
            number = float(text) if kind == "points" else math.nan
        except ValueError:
            number = math.nan
    low, high = bounds
    if (
        not math.isfinite(number)
        or number < low
        or (high is not None and number > high)
        or abs(number) > 10**6
    ):
        if kind == "points":
            message = _("enter a number of 0 or more")
        elif high is None:
            message = _("enter a whole number of 0 or more")
        else:
            message = _("enter a whole number of years from %(low)s to %(high)s") % {"low": low, "high": high}
        errors.append(_("Condition %(where)s: %(problem)s.") % {"where": where, "problem": message})
        return None
    return number


def tree_from_post(data) -> tuple[rb.Node, list[str]]:
    """The condition tree a post describes, and what in it is not valid (numbers)."""
    errors: list[str] = []
    paths = [
        name[: -len(".kind")]
        for name in (data.keys() if hasattr(data, "keys") else [])
        if name.endswith(".kind") and PATH.match(name[: -len(".kind")])
    ][:MAX_NODES]
    if rb.ROOT not in paths:
        return rb.new_node("answered"), []
    known = set(paths)

    def build(path: str) -> rb.Node:
        kind = _get(data, f"{path}.kind")
        if kind not in rb.KINDS:
            kind = "answered"
        node = rb.Node(kind=kind, negate=_get(data, f"{path}.not") == "1")
        where = human_number(path) or _("of the rule")
        if kind in rb.GROUPS:
            child_paths = sorted(
                (p for p in known if p.rsplit(".", 1)[0] == path and p != path),
                key=lambda p: int(p.rsplit(".", 1)[1]),
            )
            node.children = [build(p) for p in child_paths]
        elif kind == "answered":
            node.items = list(dict.fromkeys(v for v in _getlist(data, f"{path}.items") if v))
            node.answer = rb.Values.posted(
                list(dict.fromkeys(_getlist(data, f"{path}.answer"))), _get(data, f"{path}.answer_shape")
            )
            mode = _get(data, f"{path}.mode", "any")
            mode = mode if mode in ("any", "all") else "any"
            node.mode = None if mode == "any" and _get(data, f"{path}.mode_shape") == "absent" else mode
        else:
            node.number = _number(_get(data, f"{path}.n"), kind, where, errors)
        if kind in rb.OPERATOR:
            filt = {}
            for key in rb.FILTER_KEYS:
                values = list(dict.fromkeys(_getlist(data, f"{path}.f.{key}")))
                shape = _get(data, f"{path}.f.{key}_shape")
                if key not in rb.NAME_OR_LIST:
                    shape = "list"
                posted = rb.Values.posted(values, shape)
                if posted.given:
                    filt[key] = posted
            node.where = filt if filt or _get(data, f"{path}.where_shape") == "given" else None
        return node

    return build(rb.ROOT), errors


def apply_action(root: rb.Node, action: str, data) -> rb.Node:
    """The tree after a builder button: ``add:<path>`` (a condition of the kind chosen beside
    it), ``group:<path>`` (a nested group), ``remove:<path>``. An unknown action changes nothing."""
    verb, _sep, path = action.partition(":")
    if not PATH.match(path):
        return root
    node, parent, index = _find(root, path)
    if node is None:
        return root
    if verb in ("add", "group"):
        chosen = _get(data, f"{path}.new") if verb == "add" else "any"
        new = rb.new_node(chosen if chosen in rb.KINDS else "answered")
        if node.is_group:
            node.children.append(new)
        else:  # a condition alone becomes a group of it and the new one
            wrapped = rb.Node(kind="all", children=[node, new])
            if parent is None:
                return wrapped
            parent.children[index] = wrapped
    elif verb == "remove" and parent is not None:
        del parent.children[index]
    return root


def _find(root: rb.Node, path: str) -> tuple[rb.Node | None, rb.Node | None, int]:
    node, parent, index = root, None, 0
    for part in path.split(".")[1:]:
        index = int(part)
        if not node.is_group or index >= len(node.children):
            return None, None, 0
        parent, node = node, node.children[index]
    return node, parent, index


# --------------------------------------------------------------------------- what the page shows


@dataclass
class Choices:
    """The draft's names the builder offers: items, answers, sections, tags, guidance actions."""

    items: list[tuple[str, str]] = field(default_factory=list)
    answers: list[tuple[str, str]] = field(default_factory=list)
    sections: list[tuple[str, str]] = field(default_factory=list)
    tags: list[tuple[str, str]] = field(default_factory=list)
    guidance: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def of(cls, content: Mapping[str, Any]) -> Choices:
        choices = cls()
        tags: dict[str, str] = {}
        for section in content.get("sections") or []:
            choices.sections.append((section["code"], section.get("title", section["code"])))
            for item in section.get("items") or []:
                choices.items.append((item["code"], f"{item['code']} · {item.get('text', '')}"))
                tags.update({t: t for t in item.get("tags") or []})
        seen: dict[str, str] = {}
        for scale in (content.get("answer_scales") or {}).values():
            for option in scale.get("options") or []:
                seen.setdefault(option["value"], option.get("label", option["value"]))
        choices.answers = list(seen.items())
        choices.tags = sorted(tags.items())
        choices.guidance = [
            (g["code"], f"{g['code']} · {g.get('title', '')}") for g in content.get("guidance") or []
        ]
        return choices


def options(choices: list[tuple[str, Any]], selected: list[str]) -> list[dict[str, Any]]:
    """Options with the chosen ones first, in their order (a post keeps that order, so the JSON
    lists stay as they were), then the others."""
    labels = dict(choices)
    chosen = [{"value": v, "label": labels.get(v, v), "selected": True} for v in selected]
    rest = [{"value": v, "label": label, "selected": False} for v, label in choices if v not in selected]
    return chosen + rest


def node_view(node: rb.Node, choices: Choices, path: str = rb.ROOT) -> dict[str, Any]:
    """One node for templates/studio/rules/_node.html (which shows its children the same way)."""
    view: dict[str, Any] = {
        "path": path,
        "id": path.replace(".", "-"),
        "number": human_number(path),
        "kind": node.kind,
        "is_group": node.is_group,
        "is_root": path == rb.ROOT,
        "negate": node.negate,
        "label": GROUP_LABELS.get(node.kind) or CONDITION_LABELS.get(node.kind, node.kind),
        "children": [node_view(c, choices, f"{path}.{i}") for i, c in enumerate(node.children)],
        "group_kinds": list(GROUP_LABELS.items()),
        "condition_kinds": list(CONDITION_LABELS.items()),
        "n": _number_text(node.number),
    }
    if node.kind == "answered":
        view.update(
            items=options(choices.items, node.items),
            answers=options(choices.answers, node.answer.values),
            answer_shape=node.answer.shape,
            mode=node.mode or "any",
            mode_shape="given" if node.mode else "absent",
        )
    if node.kind in rb.OPERATOR:
        where = node.where or {}
        sources = {
            "section": choices.sections,
            "kind": list(KIND_LABELS.items()),
            "trafficking_type": list(TYPE_LABELS.items()),
            "tags_any": choices.tags,
            "items": choices.items,
            "answer": choices.answers,
        }
        labels = {
            "section": _("In sections"),
            "kind": _("Of kinds"),
            "trafficking_type": _("About"),
            "tags_any": _("With any of the tags"),
            "items": _("Among the items"),
            "answer": _("Answered (none chosen: Yes)") if node.kind == "count" else _("Answered"),
        }
        view["where_shape"] = "absent" if node.where is None else "given"
        view["filters"] = [
            {
                "key": key,
                "label": labels[key],
                "options": options(sources[key], where.get(key, rb.Values()).values),
                "shape": where.get(key, rb.Values()).shape,
                # The version's own names (in its language), or the app's words.
                "content": key in ("section", "tags_any", "items", "answer"),
            }
            for key in rb.FILTER_KEYS
        ]
    return view


# --------------------------------------------------------------------------- the rule's own fields


def rule_from_post(data, root: rb.Node, content: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """(the rule in the fixture format, its reason in each other language of the version)."""
    rule: dict[str, Any] = {
        "id": _get(data, "rule_id").strip(),
        "level": _get(data, "level"),
        "reason": _get(data, "reason").strip(),
        "when": rb.to_json(root),
    }
    identifies = _get(data, "identifies")
    if identifies:
        rule["identifies"] = identifies
    kinds = [k for k in dict.fromkeys(_getlist(data, "trafficking_types")) if k]
    if kinds:
        rule["trafficking_types"] = kinds
    flags = [f for f in dict.fromkeys(_getlist(data, "flags")) if f]
    if flags:
        rule["flags"] = flags
    guidance = [g for g in dict.fromkeys(_getlist(data, "guidance")) if g]
    if guidance:
        rule["guidance"] = guidance
    reasons = {lang: _get(data, f"reason_{lang}").strip() for lang in translations.languages(content)[1:]}
    return rule, reasons


def rule_problems(rule: Mapping[str, Any], reasons: Mapping[str, str]) -> list[str]:
    """What the form itself can tell is missing or wrong (the schema checks the rest)."""
    problems = []
    if not RULE_ID.match(str(rule.get("id", ""))):
        problems.append(_('Rule id: use lowercase letters, digits and "-", e.g. "any-indicator".'))
    if rule.get("level") not in Level.values:
        problems.append(_("Level: choose one of the levels listed."))
    if not rule.get("reason"):
        problems.append(_("Reason: write the plain-language reason shown when the rule fires."))
    for lang, text in reasons.items():
        if not text:
            name = translations.SELF_NAMES.get(lang, lang)
            problems.append(
                _("Reason in %(language)s: write it; the version is read in it.") % {"language": name}
            )
    return problems


def rule_view(
    rule: Mapping[str, Any], reasons: Mapping[str, str], content: Mapping[str, Any]
) -> dict[str, Any]:
    """The rule's own fields for the template."""
    choices = Choices.of(content)
    return {
        "rule_id": rule.get("id", ""),
        "level": rule.get("level", "possible"),
        "levels": list(Level.choices),
        "reason": rule.get("reason", ""),
        "identifies": rule.get("identifies", ""),
        "identifies_choices": IDENTIFIES_CHOICES,
        "kinds": options(
            [(k, TYPE_LABELS[k]) for k in engine.EXPLOITATION_TYPES], rule.get("trafficking_types") or []
        ),
        "flags": options(list(FLAG_LABELS.items()), rule.get("flags") or []),
        "guidance": options(choices.guidance, rule.get("guidance") or []),
        "reasons": [
            {"language": lang, "name": translations.SELF_NAMES.get(lang, lang), "text": reasons.get(lang, "")}
            for lang in translations.languages(content)[1:]
        ],
    }


def reasons_of(content: Mapping[str, Any], rule_id: str) -> dict[str, str]:
    """The rule's reason in each other language of the version."""
    out = {}
    for lang in translations.languages(content)[1:]:
        rules = ((content.get("translations") or {}).get(lang) or {}).get("rules") or {}
        out[lang] = (rules.get(rule_id) or {}).get("reason", "")
    return out
