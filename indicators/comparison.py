"""What differs between two versions of an instrument: items, rules, sections, guidance (read-only).

:func:`compare` takes two versions (a draft as its rows stand now); :func:`compare_content` two
contents, so loading can say what a file would change in a frozen version.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .exports import current_content
from .models import InstrumentVersion


@dataclass(frozen=True)
class Change:
    """One item, rule, guidance action or section added, removed or changed."""

    key: str
    title: str
    fields: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.fields:
            return f"{self.key} ({', '.join(self.fields)})"
        return self.key


@dataclass(frozen=True)
class Comparison:
    old_label: str
    new_label: str
    items_added: tuple[Change, ...] = ()
    items_removed: tuple[Change, ...] = ()
    items_changed: tuple[Change, ...] = ()
    rules_added: tuple[Change, ...] = ()
    rules_removed: tuple[Change, ...] = ()
    rules_changed: tuple[Change, ...] = ()
    sections_added: tuple[Change, ...] = ()
    sections_removed: tuple[Change, ...] = ()
    sections_changed: tuple[Change, ...] = ()
    guidance_added: tuple[Change, ...] = ()
    guidance_removed: tuple[Change, ...] = ()
    guidance_changed: tuple[Change, ...] = ()
    other_changed: tuple[str, ...] = ()  # top-level parts: format, instrument, ages, vignettes, ...

    @property
    def other_changed_words(self) -> list[str]:
        """The other parts that changed, named for a reader (the fixture's keys when unknown)."""
        return [str(PART_WORDS.get(name, name)) for name in self.other_changed]

    @property
    def is_empty(self) -> bool:
        return not any(
            getattr(self, f) for f in self.__dataclass_fields__ if f not in ("old_label", "new_label")
        )

    def summary(self, limit: int = 8) -> str:
        """One line: what changed (for error messages)."""
        parts = []
        for what in ("items", "rules", "sections", "guidance"):
            for kind in ("added", "removed", "changed"):
                for change in getattr(self, f"{what}_{kind}"):
                    parts.append(str(CHANGE_WORDS[what, kind]) % {"what": change})
        parts += [str(_("%(what)s changed")) % {"what": name} for name in self.other_changed_words]
        shown = "; ".join(parts[:limit])
        if len(parts) > limit:
            shown += "; " + _("and %(n)s more") % {"n": len(parts) - limit}
        return shown


# The version's other parts, named for a reader.
PART_WORDS = {
    "format": gettext_lazy("format"),
    "instrument": gettext_lazy("instrument's name and purpose"),
    "change_note": gettext_lazy("change note"),
    "languages": gettext_lazy("languages"),
    "not_completed": gettext_lazy("when a screening is not completed"),
    "answer_scales": gettext_lazy("answer scales"),
    "vignettes": gettext_lazy("vignettes"),
    "translations": gettext_lazy("texts in other languages"),
    "ages": gettext_lazy("ages served"),
}

# A change in words, each a whole phrase (languages order "item X added" differently).
CHANGE_WORDS = {
    ("items", "added"): gettext_lazy("item %(what)s added"),
    ("items", "removed"): gettext_lazy("item %(what)s removed"),
    ("items", "changed"): gettext_lazy("item %(what)s changed"),
    ("rules", "added"): gettext_lazy("rule %(what)s added"),
    ("rules", "removed"): gettext_lazy("rule %(what)s removed"),
    ("rules", "changed"): gettext_lazy("rule %(what)s changed"),
    ("sections", "added"): gettext_lazy("section %(what)s added"),
    ("sections", "removed"): gettext_lazy("section %(what)s removed"),
    ("sections", "changed"): gettext_lazy("section %(what)s changed"),
    ("guidance", "added"): gettext_lazy("guidance %(what)s added"),
    ("guidance", "removed"): gettext_lazy("guidance %(what)s removed"),
    ("guidance", "changed"): gettext_lazy("guidance %(what)s changed"),
}


def _diff(
    old: list[dict[str, Any]],
    new: list[dict[str, Any]],
    key: str,
    title: str,
    extra: Mapping[Any, Mapping[str, tuple[Any, Any]]] | None = None,
) -> tuple[tuple[Change, ...], tuple[Change, ...], tuple[Change, ...]]:
    old_by = {o.get(key): o for o in old}
    new_by = {n.get(key): n for n in new}
    added = tuple(Change(str(k), str(n.get(title, ""))) for k, n in new_by.items() if k not in old_by)
    removed = tuple(Change(str(k), str(o.get(title, ""))) for k, o in old_by.items() if k not in new_by)
    changed = []
    for k, n in new_by.items():
        if k not in old_by:
            continue
        o = old_by[k]
        fields = [f for f in dict.fromkeys([*o, *n]) if f != key and o.get(f) != n.get(f)]
        if extra:
            fields += [name for name, (a, b) in extra.get(k, {}).items() if a != b]
        if fields:
            changed.append(Change(str(k), str(n.get(title, "")), tuple(fields)))
    return added, removed, tuple(changed)


def compare_content(
    old: Mapping[str, Any], new: Mapping[str, Any], *, old_label: str = "", new_label: str = ""
) -> Comparison:
    """What differs between two contents: items, rules, sections, guidance (by code / id)."""

    def items(content: Mapping[str, Any]) -> tuple[list[dict[str, Any]], dict[Any, Any]]:
        out: list[dict[str, Any]] = []
        section_of: dict[Any, Any] = {}
        for s in content.get("sections") or []:
            for i in s.get("items") or []:
                out.append(i)
                section_of[i.get("code")] = s.get("code")
        return out, section_of

    old_items, old_sec = items(old)
    new_items, new_sec = items(new)
    moved = {code: {"section": (old_sec[code], new_sec[code])} for code in new_sec if code in old_sec}
    i_add, i_rem, i_chg = _diff(old_items, new_items, "code", "text", moved)
    r_add, r_rem, r_chg = _diff(old.get("rules") or [], new.get("rules") or [], "id", "reason")
    strip = lambda ss: [{k: v for k, v in s.items() if k != "items"} for s in ss or []]  # noqa: E731
    s_add, s_rem, s_chg = _diff(strip(old.get("sections")), strip(new.get("sections")), "code", "title")
    g_add, g_rem, g_chg = _diff(old.get("guidance") or [], new.get("guidance") or [], "code", "title")
    other = tuple(
        k
        for k in (
            "format",
            "instrument",
            "change_note",
            "ages",
            "not_completed",
            "answer_scales",
            "vignettes",
        )
        if old.get(k) != new.get(k)
    )
    return Comparison(
        old_label,
        new_label,
        i_add,
        i_rem,
        i_chg,
        r_add,
        r_rem,
        r_chg,
        s_add,
        s_rem,
        s_chg,
        g_add,
        g_rem,
        g_chg,
        other,
    )


def compare(old: InstrumentVersion, new: InstrumentVersion) -> Comparison:
    """Items and rules (and sections, guidance) added, removed and changed from ``old`` to ``new``."""
    return compare_content(current_content(old), current_content(new), old_label=str(old), new_label=str(new))
