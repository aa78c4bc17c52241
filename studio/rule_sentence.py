"""A rule read as a sentence: "Possible concern when at least 1 of [“…”] is answered Yes".

Pure: it reads the rule (the fixture format) and the version's content (its items, sections and
answer scales, in the reader's language when the content is localized); the words around them are
the active language's (gettext).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators.levels import Level
from indicators.models.choices import KIND_LABELS, TYPE_LABELS


class Names:
    """The texts a sentence names things by: items, sections and answers."""

    def __init__(self, content: Mapping[str, Any]):
        self.items: dict[str, str] = {}
        self.sections: dict[str, str] = {}
        for section in content.get("sections") or []:
            self.sections[section.get("code", "")] = section.get("title", "")
            for item in section.get("items") or []:
                self.items[item.get("code", "")] = item.get("text", "")
        self.answers: dict[str, str] = {}
        for scale in (content.get("answer_scales") or {}).values():
            for option in scale.get("options") or []:
                self.answers.setdefault(option.get("value"), option.get("label", option.get("value")))

    def item(self, code: str) -> str:
        return f"“{self.items.get(code, code)}”"

    def item_list(self, codes: list[str]) -> str:
        return "[" + "; ".join(self.item(c) for c in codes) + "]"

    def answer_list(self, answer: Any) -> str:
        values = [answer] if isinstance(answer, str) else list(answer or ["yes"])
        words = [self.answers.get(v) or (_("Yes") if v == "yes" else v) for v in values]
        if len(words) == 1:
            return words[0]
        return _("%(some)s or %(last)s") % {"some": ", ".join(words[:-1]), "last": words[-1]}


def _names_of(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def _which(where: Mapping[str, Any], names: Names) -> str:
    """The filter of a count in words, e.g. " (indicators; about sex)"; "" without one."""
    parts = []
    if where.get("kind"):
        parts.append(", ".join(str(KIND_LABELS.get(k, k)) for k in _names_of(where["kind"])))
    if where.get("section"):
        titles = ", ".join(f"“{names.sections.get(s, s)}”" for s in _names_of(where["section"]))
        parts.append(_("in %(sections)s") % {"sections": titles})
    if where.get("trafficking_type"):
        kinds = ", ".join(str(TYPE_LABELS.get(t, t)) for t in _names_of(where["trafficking_type"]))
        parts.append(_("about %(kinds)s") % {"kinds": kinds})
    if where.get("tags_any"):
        parts.append(_("tagged %(tags)s") % {"tags": ", ".join(where["tags_any"])})
    if where.get("items"):
        parts.append(_("among %(items)s") % {"items": names.item_list(where["items"])})
    return " (" + "; ".join(parts) + ")" if parts else ""


def condition(expr: Any, names: Names, *, nested: bool = False) -> str:
    """A condition in words."""
    if not isinstance(expr, Mapping) or not expr:
        return _("a condition the builder cannot read")
    if "not" in expr and len(expr) == 1:
        return _("not (%(condition)s)") % {"condition": condition(expr["not"], names)}
    for group, joiner in (("all", _(" and ")), ("any", _(" or "))):
        if group in expr and len(expr) == 1 and isinstance(expr[group], list):
            parts = [condition(e, names, nested=True) for e in expr[group]]
            text = joiner.join(parts)
            return f"({text})" if nested and len(parts) > 1 else text
    if isinstance(expr.get("answered"), Mapping):
        return _answered(expr["answered"], names)
    where = expr.get("where") if isinstance(expr.get("where"), Mapping) else {}
    if "count_at_least" in expr:
        n = expr["count_at_least"]
        answers = names.answer_list(where.get("answer"))
        return ngettext(
            "at least %(n)s item%(which)s is answered %(answers)s",
            "at least %(n)s items%(which)s are answered %(answers)s",
            n if isinstance(n, int) else 2,
        ) % {"n": n, "which": _which(where, names), "answers": answers}
    if "points_at_least" in expr:
        return _("the points of the answers%(which)s add up to at least %(n)s") % {
            "n": expr["points_at_least"],
            "which": _which(where, names),
        }
    if "age_at_least" in expr:
        return _("the youth is %(n)s or older") % {"n": expr["age_at_least"]}
    if "age_below" in expr:
        return _("the youth is under %(n)s") % {"n": expr["age_below"]}
    return _("a condition the builder cannot read")


def _answered(answered: Mapping[str, Any], names: Names) -> str:
    items = list(answered.get("items") or [])
    answers = names.answer_list(answered.get("answer"))
    if len(items) == 1:
        return _("%(item)s is answered %(answers)s") % {"item": names.item(items[0]), "answers": answers}
    if answered.get("mode") == "all":
        return _("all of %(items)s are answered %(answers)s") % {
            "items": names.item_list(items),
            "answers": answers,
        }
    return _("at least 1 of %(items)s is answered %(answers)s") % {
        "items": names.item_list(items),
        "answers": answers,
    }


def sentence(rule: Mapping[str, Any], content: Mapping[str, Any]) -> str:
    """The rule in a sentence, e.g. "Possible concern when “…” is answered Yes"."""
    level = rule.get("level")
    label = Level(level).label if level in Level.values else str(level)
    return _("%(level)s when %(condition)s") % {
        "level": label,
        "condition": condition(rule.get("when"), Names(content)),
    }
