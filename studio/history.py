"""A version's page, in words: its sections and items with their answer scales and points, its
rules with their reasons, its guidance actions, and its history (the audit trail of the version)."""

from __future__ import annotations

from typing import Any

from accounts.models import AuditEvent
from cases.paging import Page, paginate
from indicators import translations
from indicators.levels import Level
from indicators.library import VERSION_TYPE
from indicators.models import InstrumentVersion
from indicators.models.choices import (
    CONTEXT_LABELS,
    DEADLINE_LABELS,
    KIND_LABELS,
    PRIORITY_LABELS,
    TYPE_LABELS,
)

HISTORY_PER_PAGE = 25


def ages_text(ages: dict | None) -> str:
    if not ages:
        return ""
    low, high = ages.get("min"), ages.get("max")
    if low is not None and high is not None:
        return f"{low}–{high}"
    if low is not None:
        return f"{low}+"
    return f"≤{high}" if high is not None else ""


def readable(version: InstrumentVersion) -> tuple[dict[str, Any], str]:
    """The version's content in the reader's language when it has it, else in its own; and the
    language it is in (the page marks its texts with it)."""
    languages = translations.languages(version.content)
    reader = translations.reader_language()
    if reader not in languages:
        return version.content, languages[0]
    if reader == languages[0]:
        return version.content, reader
    return translations.localized(version.content, reader), reader


def sections(content: dict[str, Any]) -> list[dict[str, Any]]:
    """Each section with its items: text, kind, kind of exploitation, scale and points in words."""
    scales = content.get("answer_scales", {})
    out = []
    for section in content.get("sections", []):
        items = []
        for item in section.get("items", []):
            labels = {o["value"]: o["label"] for o in scales.get(item.get("scale"), {}).get("options", [])}
            points = [
                {"answer": labels.get(answer, answer), "points": value}
                for answer, value in (item.get("points") or {}).items()
            ]
            items.append(
                {
                    "code": item["code"],
                    "text": item.get("text", ""),
                    "phrasing": item.get("phrasing", ""),
                    "kind": KIND_LABELS.get(item.get("kind"), item.get("kind", "")),
                    "type": TYPE_LABELS.get(item.get("trafficking_type"), item.get("trafficking_type", "")),
                    "scale": item.get("scale", ""),
                    "options": list(labels.values()),
                    "points": points,
                    "ages": ages_text(item.get("ages")),
                }
            )
        out.append(
            {
                "code": section.get("code", ""),
                "title": section.get("title", ""),
                "contexts": [CONTEXT_LABELS.get(c, c) for c in section.get("contexts") or []],
                "ages": ages_text(section.get("ages")),
                "items": items,
            }
        )
    return out


def rules(content: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for rule in content.get("rules", []):
        level = rule.get("level")
        out.append(
            {
                "id": rule.get("id", ""),
                "level": level,
                "level_label": Level(level).label if level in Level.values else level,
                "reason": rule.get("reason", ""),
                "identifies": rule.get("identifies"),
                "flags": rule.get("flags") or [],
                "guidance": rule.get("guidance") or [],
            }
        )
    return out


def guidance(content: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for action in content.get("guidance", []):
        out.append(
            {
                "code": action.get("code", ""),
                "title": action.get("title", ""),
                "description": action.get("description", ""),
                "priority": PRIORITY_LABELS.get(action.get("priority"), action.get("priority", "")),
                "deadline": DEADLINE_LABELS.get(action.get("deadline"), "") if action.get("deadline") else "",
                "mandatory": bool(action.get("mandatory")),
                "contacts": action.get("contacts") or [],
            }
        )
    return out


def history(version: InstrumentVersion, page_number) -> Page:
    """The audit events of the version, newest first, a page at a time (the partial index
    ``audit_instrument_version`` reads them in order)."""
    events = (
        AuditEvent.objects.filter(object_type=VERSION_TYPE, object_id=str(version.pk))
        .select_related("user")
        .only("at", "action", "summary", "username", "user__username", "user__first_name", "user__last_name")
        .order_by("-at", "-pk")
    )
    return paginate(events, page_number, per_page=HISTORY_PER_PAGE)
