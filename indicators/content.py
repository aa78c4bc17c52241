"""Between a version's rows and its fixture content (docs/instrument-format.md).

- :func:`export_content` builds the fixture dict from a version's rows;
- :func:`build_rows` creates the rows of a (draft) version from a fixture dict;
- :func:`ordered` puts any fixture dict's keys in the documented order (PostgreSQL's jsonb
  does not keep key order), and :func:`dumps` writes it as the files in fixtures/ are written.

content -> rows -> content is lossless: an optional key absent from the content is ``None``
in its row (an empty string or list stays as it is), so the checksum survives the round trip.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

# Documented key order of each kind of object (unknown keys follow, sorted).
TOP_KEYS = (
    "format",
    "instrument",
    "version",
    "status",
    "change_note",
    "ages",
    "not_completed",
    "answer_scales",
    "sections",
    "rules",
    "guidance",
    "vignettes",
)
INFO_KEYS = ("slug", "name", "tier", "purpose")
SCALE_KEYS = ("description", "options")
OPTION_KEYS = ("value", "label", "help")
SECTION_KEYS = ("code", "title", "intro", "contexts", "ages", "items")
ITEM_KEYS = (
    "code",
    "text",
    "phrasing",
    "help",
    "kind",
    "trafficking_type",
    "scale",
    "points",
    "tags",
    "ages",
    "fact",
    "prefill",
    "established_by",
    "source",
)
SOURCE_KEYS = ("seed", "section", "citation", "url", "note")
RULE_KEYS = ("id", "level", "reason", "when", "identifies", "trafficking_types", "flags", "guidance")
GUIDANCE_KEYS = (
    "code",
    "title",
    "description",
    "priority",
    "deadline",
    "mandatory",
    "applies_if",
    "continues_screening",
    "contacts",
    "source",
)
CONTACT_KEYS = ("name", "phone", "text", "url", "note")
VIGNETTE_KEYS = (
    "id",
    "description",
    "context",
    "age",
    "established",
    "follows",
    "interview",
    "answers",
    "expected_level",
    "expected_flags",
    "expected_outcome",
    "source",
)
FILTER_KEYS = ("section", "kind", "trafficking_type", "tags_any", "items", "answer")
ANSWERED_KEYS = ("items", "answer", "mode")
OPERATOR_KEYS = (
    "all",
    "any",
    "not",
    "count_at_least",
    "points_at_least",
    "answered",
    "age_at_least",
    "age_below",
    "where",
)
AGES_KEYS = ("min", "max")
NOT_COMPLETED_KEYS = ("share_above", "answers", "where", "guidance")
PREFILL_KEYS = ("from", "at_least", "any_of", "answer")
ESTABLISHED_BY_KEYS = ("instrument", "items", "answer")
CONDITION_KEYS = ("ages", "trafficking_types_any", "signals_any", "signals_all", "signals_none")
FOLLOWS_KEYS = ("level", "identifies", "trafficking_types", "flags", "not_completed")
INTERVIEW_KEYS = ("ages",)
EXPECTED_OUTCOME_KEYS = (
    "level",
    "identified",
    "identifies",
    "trafficking_types",
    "stop",
    "not_completed",
    "next_step",
    "actions_include",
    "actions_exclude",
    "signals_include",
    "signals_exclude",
)
JURISDICTION_KEYS = (
    "format",
    "slug",
    "name",
    "description",
    "deadlines_hours",
    "oldest_age_served",
    "legal_definitions",
    "mandated_reports",
    "contexts",
    "source",
)
LEGAL_DEFINITIONS_KEYS = ("sex_trafficking_victim", "severe_form")
DEFINITION_KEYS = ("force_fraud_coercion_needed_from_age", "citation", "note")
REPORT_KEYS = (
    "code",
    "title",
    "description",
    "priority",
    "deadline",
    "applies_if",
    "contacts",
    "variants",
    "source",
)
VARIANT_KEYS = ("applies_if", "title", "description", "contacts")


def _keyed(obj: Any, order: tuple[str, ...]) -> Any:
    if not isinstance(obj, Mapping):
        return obj
    known = [k for k in order if k in obj]
    rest = sorted(k for k in obj if k not in order)
    return {k: obj[k] for k in known + rest}


def _by(obj: Any, order: list[str]) -> Any:
    """A mapping with its keys in ``order`` first (e.g. answers in item order)."""
    if not isinstance(obj, Mapping):
        return obj
    rank = {k: i for i, k in enumerate(order)}
    return {k: obj[k] for k in sorted(obj, key=lambda k: (rank.get(k, len(rank)), str(k)))}


def _source(obj: Any) -> Any:
    return _keyed(obj, SOURCE_KEYS)


def _ages(obj: Any) -> Any:
    return _keyed(obj, AGES_KEYS)


def _condition(obj: Any) -> Any:
    out = _keyed(obj, CONDITION_KEYS)
    if isinstance(out, dict) and "ages" in out:
        out["ages"] = _ages(out["ages"])
    return out


def _contacts(obj: Any) -> Any:
    return [_keyed(c, CONTACT_KEYS) for c in obj] if isinstance(obj, list) else obj


def _sub(obj: Any, key: str, fn) -> None:
    """Order ``obj[key]`` with ``fn`` when ``obj`` is a dict that has it (content may be malformed)."""
    if isinstance(obj, dict) and key in obj:
        obj[key] = fn(obj[key])


def _expr(expr: Any) -> Any:
    if not isinstance(expr, Mapping):
        return expr
    out = _keyed(expr, OPERATOR_KEYS)
    for op in ("all", "any"):
        if isinstance(out.get(op), list):
            out[op] = [_expr(e) for e in out[op]]
    if "not" in out:
        out["not"] = _expr(out["not"])
    if isinstance(out.get("where"), Mapping):
        out["where"] = _keyed(out["where"], FILTER_KEYS)
    if isinstance(out.get("answered"), Mapping):
        out["answered"] = _keyed(out["answered"], ANSWERED_KEYS)
    return out


def ordered(content: Mapping[str, Any]) -> dict[str, Any]:
    """``content`` (an instrument version) with every object's keys in the documented order."""
    out = _keyed(dict(content), TOP_KEYS)
    if isinstance(out.get("instrument"), Mapping):
        out["instrument"] = _keyed(out["instrument"], INFO_KEYS)
    _sub(out, "ages", _ages)
    _sub(out, "not_completed", lambda nc: _keyed(nc, NOT_COMPLETED_KEYS))
    _sub(out.get("not_completed"), "where", lambda w: _keyed(w, FILTER_KEYS))
    scales = out.get("answer_scales")
    item_codes: list[str] = []
    scale_use: list[str] = []
    option_values: dict[str, list[str]] = {}
    if isinstance(out.get("sections"), list):
        sections = []
        for section in out["sections"]:
            section = _keyed(section, SECTION_KEYS)
            _sub(section, "ages", _ages)
            if isinstance(section, dict) and isinstance(section.get("items"), list):
                items = []
                for item in section["items"]:
                    item = _keyed(item, ITEM_KEYS)
                    if isinstance(item, dict):
                        item_codes.append(item.get("code"))
                        if isinstance(item.get("scale"), str) and item["scale"] not in scale_use:
                            scale_use.append(item["scale"])
                        if "source" in item:
                            item["source"] = _source(item["source"])
                        _sub(item, "ages", _ages)
                        _sub(item, "prefill", lambda p: _keyed(p, PREFILL_KEYS))
                        _sub(item, "established_by", lambda e: _keyed(e, ESTABLISHED_BY_KEYS))
                    items.append(item)
                section["items"] = items
            sections.append(section)
        out["sections"] = sections
    if isinstance(scales, Mapping):
        new_scales = {}
        for name in _by(scales, scale_use):
            scale = _keyed(scales[name], SCALE_KEYS)
            if isinstance(scale, dict) and isinstance(scale.get("options"), list):
                scale["options"] = [_keyed(o, OPTION_KEYS) for o in scale["options"]]
                option_values[name] = [o.get("value") for o in scale["options"] if isinstance(o, Mapping)]
            new_scales[name] = scale
        out["answer_scales"] = new_scales
    for section in out.get("sections") or []:
        for item in (section.get("items") or []) if isinstance(section, dict) else []:
            if isinstance(item, dict) and isinstance(item.get("points"), Mapping):
                item["points"] = _by(item["points"], option_values.get(item.get("scale"), []))
    if isinstance(out.get("rules"), list):
        out["rules"] = [
            {**_keyed(r, RULE_KEYS), "when": _expr(r["when"])}
            if isinstance(r, Mapping) and "when" in r
            else _keyed(r, RULE_KEYS)
            for r in out["rules"]
        ]
    if isinstance(out.get("guidance"), list):
        guidance = []
        for g in out["guidance"]:
            g = _keyed(g, GUIDANCE_KEYS)
            if isinstance(g, dict):
                _sub(g, "applies_if", _condition)
                _sub(g, "contacts", _contacts)
                if "source" in g:
                    g["source"] = _source(g["source"])
            guidance.append(g)
        out["guidance"] = guidance
    if isinstance(out.get("vignettes"), list):
        vignettes = []
        for v in out["vignettes"]:
            v = _keyed(v, VIGNETTE_KEYS)
            if isinstance(v, dict):
                if "answers" in v:
                    v["answers"] = _by(v["answers"], item_codes)
                if "source" in v:
                    v["source"] = _source(v["source"])
                _sub(v, "follows", lambda f: _keyed(f, FOLLOWS_KEYS))
                _sub(v, "interview", lambda i: _keyed(i, INTERVIEW_KEYS))
                _sub(v.get("interview"), "ages", _ages)
                _sub(v, "expected_outcome", lambda e: _keyed(e, EXPECTED_OUTCOME_KEYS))
            vignettes.append(v)
        out["vignettes"] = vignettes
    return out


def ordered_jurisdiction(data: Mapping[str, Any]) -> dict[str, Any]:
    """A jurisdiction (fixture dict) with every object's keys in the documented order."""
    from .engine import CONTEXTS, DEADLINE_KEYS

    out = _keyed(dict(data), JURISDICTION_KEYS)
    _sub(out, "deadlines_hours", lambda d: _by(d, list(DEADLINE_KEYS)))
    _sub(out, "contexts", lambda c: _by(c, list(CONTEXTS)))
    _sub(out, "source", _source)
    definitions = _keyed(out.get("legal_definitions"), LEGAL_DEFINITIONS_KEYS)
    if isinstance(definitions, dict):
        out["legal_definitions"] = {k: _keyed(v, DEFINITION_KEYS) for k, v in definitions.items()}
    if isinstance(out.get("mandated_reports"), list):
        reports = []
        for report in out["mandated_reports"]:
            report = _keyed(report, REPORT_KEYS)
            _sub(report, "applies_if", _condition)
            _sub(report, "contacts", _contacts)
            _sub(report, "source", _source)
            if isinstance(report, dict) and isinstance(report.get("variants"), list):
                variants = []
                for variant in report["variants"]:
                    variant = _keyed(variant, VARIANT_KEYS)
                    _sub(variant, "applies_if", _condition)
                    _sub(variant, "contacts", _contacts)
                    variants.append(variant)
                report["variants"] = variants
            reports.append(report)
        out["mandated_reports"] = reports
    return out


def dumps(data: Mapping[str, Any]) -> str:
    """JSON text as the fixture files are written: 2-space indent, UTF-8, final newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _put(out: dict, key: str, value: Any) -> None:
    """Optional key: ``None`` means absent."""
    if value is not None:
        out[key] = value


# --------------------------------------------------------------------------- rows -> content


def export_content(version, *, info: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The fixture dict of ``version`` built from its rows (and its instrument).

    For a draft the instrument's current name, tier and purpose are used (or ``info``); a
    frozen version keeps the ones frozen in its content.
    """
    instrument = version.instrument
    if info is not None:
        info = _keyed(dict(info), INFO_KEYS)
    elif version.status != "draft" and isinstance(version.content.get("instrument"), Mapping):
        info = _keyed(dict(version.content["instrument"]), INFO_KEYS)
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
    return ordered(out)


def _item(item) -> dict[str, Any]:
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


def build_rows(version, content: Mapping[str, Any]) -> None:
    """Create the sections, items, rules and guidance of draft ``version`` from ``content``.

    The version must be a draft without rows; ``content`` must be valid
    (schema.validate_instrument_version). Sets format, answer_scales, vignettes, change_note,
    ages and not_completed on ``version`` (the caller saves it).
    """
    from .models import GuidanceAction, Item, Rule, Section

    version.format = content["format"]
    version.answer_scales = content["answer_scales"]
    version.vignettes = content.get("vignettes")
    version.change_note = content.get("change_note")
    version.ages = content.get("ages")
    version.not_completed = content.get("not_completed")
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


def _require_draft(version) -> None:
    from .models import _require_drafts

    _require_drafts([version.pk])


def delete_rows(version) -> None:
    """Delete every section, item, rule and guidance action of draft ``version``."""
    from .models import GuidanceAction, Item, Rule, Section

    _require_draft(version)
    for model in (Item, Section, Rule, GuidanceAction):
        model.objects.filter(version=version).delete()


def copy_rows(source, target) -> None:
    """Copy the rows of ``source`` into the (empty, draft) ``target``."""
    build_rows(target, export_content(source))
