"""A version's page, in words: its sections and items with their answer scales and points, its
rules with their reasons, its guidance actions, and its history (the audit trail of the version)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

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
    ``audit_instrument_version`` reads them in order); each with ``words``: what happened, in the
    reader's language (:func:`describe`)."""
    events = (
        AuditEvent.objects.filter(object_type=VERSION_TYPE, object_id=str(version.pk))
        .select_related("user")
        .only(
            "at",
            "action",
            "summary",
            "detail",
            "username",
            "user__username",
            "user__first_name",
            "user__last_name",
        )
        .order_by("-at", "-pk")
    )
    page = paginate(events, page_number, per_page=HISTORY_PER_PAGE)
    for event in page.object_list:
        event.words = describe(event)
    return page


# What a studio event's ``detail["event"]`` says, in the reader's language (the summary an event
# keeps is in the language of the person who did it). A studio write that records an event on a
# version names its kind here; an event of a kind not listed shows its summary.
EVENT_WORDS = {
    "vignette_added": gettext_lazy("Vignette %(vignette)s added"),
    "vignette_changed": gettext_lazy("Vignette %(vignette)s changed"),
    "vignette_deleted": gettext_lazy("Vignette %(vignette)s deleted"),
    "vignettes_run": gettext_lazy("Vignettes run: %(passed)s passed, %(failed)s failed"),
    "try_refused": gettext_lazy("Answers tried, refused: %(problem)s"),
    "imported": gettext_lazy("Imported from the file %(file)s"),
    "exported": gettext_lazy("Exported as %(file)s"),
    "compared": gettext_lazy("Compared with version %(with)s"),
    # The draft editor (studio/views/editor*.py).
    "fields_changed": gettext_lazy("The draft's own fields changed"),
    "section_added": gettext_lazy("Section %(section)s added"),
    "section_changed": gettext_lazy("Section %(section)s changed"),
    "section_deleted": gettext_lazy("Section %(deleted_section)s deleted"),
    "item_added": gettext_lazy("Item %(item)s added"),
    "item_changed": gettext_lazy("Item %(item)s changed"),
    "item_deleted": gettext_lazy("Item %(deleted_item)s deleted"),
    "scale_added": gettext_lazy("Answer scale %(scale)s added"),
    "scale_changed": gettext_lazy("Answer scale %(scale)s changed"),
    "scale_deleted": gettext_lazy("Answer scale %(deleted_scale)s deleted"),
    "guidance_added": gettext_lazy("Guidance action %(guidance)s added"),
    "guidance_changed": gettext_lazy("Guidance action %(guidance)s changed"),
    "guidance_deleted": gettext_lazy("Guidance action %(deleted_guidance)s deleted"),
    "moved_up": gettext_lazy("%(moved)s moved up"),
    "moved_down": gettext_lazy("%(moved)s moved down"),
    "sections_reordered": gettext_lazy("Sections put in a new order"),
    "items_reordered": gettext_lazy("Items of a section put in a new order"),
    "guidance_reordered": gettext_lazy("Guidance actions put in a new order"),
    "draft_deleted": gettext_lazy("Draft %(number)s deleted"),
    # The rule builder (studio/rule_services.py).
    "rule_added": gettext_lazy("Rule %(rule)s added"),
    "rule_changed": gettext_lazy("Rule %(rule)s changed"),
    "rule_deleted": gettext_lazy("Rule %(rule)s deleted"),
    "rule_moved_up": gettext_lazy("Rule %(rule)s moved up"),
    "rule_moved_down": gettext_lazy("Rule %(rule)s moved down"),
    # Publication (studio/publication.py); published and retired: lifecycle's own events, below.
    "publication_requested": gettext_lazy("Publication requested"),
    "publication_approved": gettext_lazy("Publication approved"),
    "publication_sent_back": gettext_lazy("Publication sent back to its author"),
    "publication_withdrawn": gettext_lazy("Publication request withdrawn"),
    "published_at_once": gettext_lazy("Published without a second approval"),
}


def describe(event: AuditEvent) -> str:
    """What the event says happened, in the reader's language when the studio knows its kind."""
    detail = event.detail if isinstance(event.detail, dict) else {}
    words = EVENT_WORDS.get(detail.get("event", ""))
    if words is not None:
        try:
            return str(words) % detail
        except (KeyError, TypeError, ValueError):
            return event.summary
    if detail.get("status") == "published" and event.action == AuditEvent.Action.UPDATED:
        return pgettext("a version's history", "Published")
    if detail.get("status") == "retired" and event.action == AuditEvent.Action.UPDATED:
        return pgettext("a version's history", "Retired")
    if "from_version" in detail and event.action == AuditEvent.Action.CREATED:
        return _("New draft from version %(number)s") % {"number": detail["from_version"]}
    if {"answered", "level"} <= set(detail):
        level = Level(detail["level"]).label if detail["level"] in Level.values else detail["level"]
        return _("Answers tried (%(answered)s answered): %(level)s") % {
            "answered": detail["answered"],
            "level": level,
        }
    if {"context", "age", "language"} <= set(detail):
        return _("Previewed: %(context)s, age %(age)s") % {
            "context": CONTEXT_LABELS.get(detail["context"], detail["context"]),
            "age": detail["age"],
        }
    return event.summary
