"""Between a version's rows and its fixture content (docs/instrument-format.md).

- :func:`export_content` builds the fixture dict from a version's rows (keys in the documented
  order: indicators/key_order.py);
- :func:`build_rows` creates the rows of a (draft) version from a fixture dict;
- :func:`delete_rows` and :func:`copy_rows` empty a draft, or fill it from another version.

content -> rows -> content is lossless: an optional key absent from the content is ``None``
in its row (an empty string or list stays as it is), so the checksum survives the round trip.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .key_order import INFO_KEYS, keyed, ordered
from .models import DRAFT, GuidanceAction, InstrumentVersion, Item, Rule, Section, require_drafts


def _put(out: dict[str, Any], key: str, value: Any) -> None:
    """Optional key: ``None`` means absent."""
    if value is not None:
        out[key] = value


# --------------------------------------------------------------------------- rows -> content


def export_content(version: InstrumentVersion, *, info: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The fixture dict of ``version`` built from its rows (and its instrument).

    For a draft the instrument's current name, tier and purpose are used (or ``info``); a
    frozen version keeps the ones frozen in its content.
    """
    instrument = version.instrument
    if info is not None:
        info = keyed(dict(info), INFO_KEYS)
    elif version.status != DRAFT and isinstance(version.content.get("instrument"), Mapping):
        info = keyed(dict(version.content["instrument"]), INFO_KEYS)
    else:
        info = {"slug": instrument.slug, "name": instrument.name, "tier": instrument.tier}
        _put(info, "purpose", instrument.purpose)
    out: dict[str, Any] = {
        "format": version.format,
        "instrument": info,
        "version": version.number,
        "status": version.status,
    }
    _put(out, "change_note", version.change_note)
    _put(out, "ages", version.ages)
    _put(out, "not_completed", version.not_completed)
    out["answer_scales"] = version.answer_scales
    items_by_section: dict[int, list] = {}
    for item in version.items.all().order_by("position", "id"):
        items_by_section.setdefault(item.section_id, []).append(item)
    sections = []
    for section in version.sections.all().order_by("position", "id"):
        s: dict[str, Any] = {"code": section.code, "title": section.title}
        _put(s, "intro", section.intro)
        _put(s, "contexts", section.contexts)
        _put(s, "ages", section.ages)
        s["items"] = [_item(i) for i in items_by_section.get(section.pk, [])]
        sections.append(s)
    out["sections"] = sections
    rules = []
    for rule in version.rules.all().order_by("position", "id"):
        r: dict[str, Any] = {
            "id": rule.rule_id,
            "level": rule.level,
            "reason": rule.reason,
            "when": rule.when,
        }
        _put(r, "identifies", rule.identifies)
        _put(r, "trafficking_types", rule.trafficking_types)
        _put(r, "flags", rule.flags)
        _put(r, "guidance", rule.guidance)
        rules.append(r)
    out["rules"] = rules
    guidance = []
    for g in version.guidance.all().order_by("position", "id"):
        d: dict[str, Any] = {
            "code": g.code,
            "title": g.title,
            "description": g.description,
            "priority": g.priority,
        }
        _put(d, "deadline", g.deadline)
        d["mandatory"] = g.mandatory
        _put(d, "applies_if", g.applies_if)
        _put(d, "continues_screening", g.continues_screening)
        _put(d, "contacts", g.contacts)
        _put(d, "source", g.source)
        guidance.append(d)
    out["guidance"] = guidance
    _put(out, "vignettes", version.vignettes)
    _put(out, "languages", version.languages)
    _put(out, "translations", version.translations)
    return ordered(out)


def _item(item: Item) -> dict[str, Any]:
    d: dict[str, Any] = {"code": item.code, "text": item.text}
    _put(d, "phrasing", item.phrasing)
    _put(d, "help", item.help)
    d.update(kind=item.kind, trafficking_type=item.trafficking_type, scale=item.scale)
    _put(d, "points", item.points)
    _put(d, "tags", item.tags)
    _put(d, "ages", item.ages)
    _put(d, "fact", item.fact)
    _put(d, "prefill", item.prefill)
    _put(d, "established_by", item.established_by)
    d["source"] = item.source
    return d


# --------------------------------------------------------------------------- content -> rows


def build_rows(version: InstrumentVersion, content: Mapping[str, Any]) -> None:
    """Create the sections, items, rules and guidance of draft ``version`` from ``content``.

    The version must be a draft without rows; ``content`` must be valid
    (schema.validate_instrument_version). Sets format, answer_scales, vignettes, change_note,
    ages, not_completed, languages and translations on ``version`` (the caller saves it).
    """
    version.format = content["format"]
    version.answer_scales = content["answer_scales"]
    version.vignettes = content.get("vignettes")
    version.change_note = content.get("change_note")
    version.ages = content.get("ages")
    version.not_completed = content.get("not_completed")
    version.languages = content.get("languages")
    version.translations = content.get("translations")
    items = []
    for si, s in enumerate(content["sections"]):
        section = Section.objects.create(
            version=version,
            code=s["code"],
            title=s["title"],
            intro=s.get("intro"),
            contexts=s.get("contexts"),
            ages=s.get("ages"),
            position=si,
        )
        for ii, i in enumerate(s["items"]):
            items.append(
                Item(
                    section=section,
                    version=version,
                    code=i["code"],
                    text=i["text"],
                    phrasing=i.get("phrasing"),
                    help=i.get("help"),
                    kind=i["kind"],
                    trafficking_type=i["trafficking_type"],
                    scale=i["scale"],
                    points=i.get("points"),
                    tags=i.get("tags"),
                    ages=i.get("ages"),
                    fact=i.get("fact"),
                    prefill=i.get("prefill"),
                    established_by=i.get("established_by"),
                    source=i["source"],
                    position=ii,
                )
            )
    # bulk_create skips Model.save(); the version was checked to be a draft by the caller and
    # on PostgreSQL a trigger refuses rows of a frozen version anyway.
    _require_draft(version)
    Item.objects.bulk_create(items)
    Rule.objects.bulk_create(
        [
            Rule(
                version=version,
                rule_id=r["id"],
                level=r["level"],
                reason=r["reason"],
                when=r["when"],
                identifies=r.get("identifies"),
                trafficking_types=r.get("trafficking_types"),
                flags=r.get("flags"),
                guidance=r.get("guidance"),
                position=ri,
            )
            for ri, r in enumerate(content["rules"])
        ]
    )
    GuidanceAction.objects.bulk_create(
        [
            GuidanceAction(
                version=version,
                code=g["code"],
                title=g["title"],
                description=g["description"],
                priority=g["priority"],
                deadline=g.get("deadline"),
                mandatory=g["mandatory"],
                applies_if=g.get("applies_if"),
                continues_screening=g.get("continues_screening"),
                contacts=g.get("contacts"),
                source=g.get("source"),
                position=gi,
            )
            for gi, g in enumerate(content["guidance"])
        ]
    )


def _require_draft(version: InstrumentVersion) -> None:
    require_drafts([version.pk])


def delete_rows(version: InstrumentVersion) -> None:
    """Delete every section, item, rule and guidance action of draft ``version``."""
    _require_draft(version)
    for model in (Item, Section, Rule, GuidanceAction):
        model.objects.filter(version=version).delete()


def copy_rows(source: InstrumentVersion, target: InstrumentVersion) -> None:
    """Copy the rows of ``source`` into the (empty, draft) ``target``."""
    build_rows(target, export_content(source))
