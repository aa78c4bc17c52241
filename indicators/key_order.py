"""The documented key order of fixture files (docs/instrument-format.md).

:func:`ordered` puts any instrument version's keys in that order (PostgreSQL's jsonb does not keep
key order), :func:`ordered_jurisdiction` a jurisdiction's, and :func:`dumps` writes either as the
files in fixtures/ are written.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from .engine import CONTEXTS, DEADLINE_KEYS

# Documented key order of each kind of object (unknown keys follow, sorted).
TOP_KEYS = (
    "format",
    "instrument",
    "version",
    "status",
    "change_note",
    "languages",
    "ages",
    "not_completed",
    "answer_scales",
    "sections",
    "rules",
    "guidance",
    "vignettes",
    "translations",
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
    "languages",
    "translations",
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


def keyed(obj: Any, order: tuple[str, ...]) -> Any:
    """A mapping with the keys of ``order`` first, in that order, then the others sorted."""
    if not isinstance(obj, Mapping):
        return obj
    known = [k for k in order if k in obj]
    rest = sorted(k for k in obj if k not in order)
    return {k: obj[k] for k in known + rest}


def _by(obj: Any, order: list[Any]) -> Any:
    """A mapping with its keys in ``order`` first (e.g. answers in item order)."""
    if not isinstance(obj, Mapping):
        return obj
    rank = {k: i for i, k in enumerate(order)}
    return {k: obj[k] for k in sorted(obj, key=lambda k: (rank.get(k, len(rank)), str(k)))}


def _source(obj: Any) -> Any:
    return keyed(obj, SOURCE_KEYS)


def _ages(obj: Any) -> Any:
    return keyed(obj, AGES_KEYS)


def _condition(obj: Any) -> Any:
    out = keyed(obj, CONDITION_KEYS)
    if isinstance(out, dict) and "ages" in out:
        out["ages"] = _ages(out["ages"])
    return out


def _contacts(obj: Any) -> Any:
    return [keyed(c, CONTACT_KEYS) for c in obj] if isinstance(obj, list) else obj


def _sub(obj: Any, key: str, fn: Callable[[Any], Any]) -> None:
    """Order ``obj[key]`` with ``fn`` when ``obj`` is a dict that has it (content may be malformed)."""
    if isinstance(obj, dict) and key in obj:
        obj[key] = fn(obj[key])


def _expr(expr: Any) -> Any:
    if not isinstance(expr, Mapping):
        return expr
    out = keyed(expr, OPERATOR_KEYS)
    for op in ("all", "any"):
        if isinstance(out.get(op), list):
            out[op] = [_expr(e) for e in out[op]]
    if "not" in out:
        out["not"] = _expr(out["not"])
    if isinstance(out.get("where"), Mapping):
        out["where"] = keyed(out["where"], FILTER_KEYS)
    if isinstance(out.get("answered"), Mapping):
        out["answered"] = keyed(out["answered"], ANSWERED_KEYS)
    return out


def ordered(content: Mapping[str, Any]) -> dict[str, Any]:
    """``content`` (an instrument version) with every object's keys in the documented order."""
    out = keyed(dict(content), TOP_KEYS)
    if isinstance(out.get("instrument"), Mapping):
        out["instrument"] = keyed(out["instrument"], INFO_KEYS)
    _sub(out, "ages", _ages)
    _sub(out, "not_completed", lambda nc: keyed(nc, NOT_COMPLETED_KEYS))
    _sub(out.get("not_completed"), "where", lambda w: keyed(w, FILTER_KEYS))
    scales = out.get("answer_scales")
    # Codes and option values as the content has them: it may be malformed (not validated yet).
    item_codes: list[Any] = []
    scale_use: list[str] = []
    option_values: dict[Any, list[Any]] = {}
    if isinstance(out.get("sections"), list):
        sections = []
        for section in out["sections"]:
            section = keyed(section, SECTION_KEYS)
            _sub(section, "ages", _ages)
            if isinstance(section, dict) and isinstance(section.get("items"), list):
                items = []
                for item in section["items"]:
                    item = keyed(item, ITEM_KEYS)
                    if isinstance(item, dict):
                        item_codes.append(item.get("code"))
                        if isinstance(item.get("scale"), str) and item["scale"] not in scale_use:
                            scale_use.append(item["scale"])
                        if "source" in item:
                            item["source"] = _source(item["source"])
                        _sub(item, "ages", _ages)
                        _sub(item, "prefill", lambda p: keyed(p, PREFILL_KEYS))
                        _sub(item, "established_by", lambda e: keyed(e, ESTABLISHED_BY_KEYS))
                    items.append(item)
                section["items"] = items
            sections.append(section)
        out["sections"] = sections
    if isinstance(scales, Mapping):
        new_scales = {}
        for name in _by(scales, scale_use):
            scale = keyed(scales[name], SCALE_KEYS)
            if isinstance(scale, dict) and isinstance(scale.get("options"), list):
                scale["options"] = [keyed(o, OPTION_KEYS) for o in scale["options"]]
                option_values[name] = [o.get("value") for o in scale["options"] if isinstance(o, Mapping)]
            new_scales[name] = scale
        out["answer_scales"] = new_scales
    for section in out.get("sections") or []:
        for item in (section.get("items") or []) if isinstance(section, dict) else []:
            if isinstance(item, dict) and isinstance(item.get("points"), Mapping):
                item["points"] = _by(item["points"], option_values.get(item.get("scale"), []))
    if isinstance(out.get("rules"), list):
        out["rules"] = [
            {**keyed(r, RULE_KEYS), "when": _expr(r["when"])}
            if isinstance(r, Mapping) and "when" in r
            else keyed(r, RULE_KEYS)
            for r in out["rules"]
        ]
    if isinstance(out.get("guidance"), list):
        guidance = []
        for g in out["guidance"]:
            g = keyed(g, GUIDANCE_KEYS)
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
            v = keyed(v, VIGNETTE_KEYS)
            if isinstance(v, dict):
                if "answers" in v:
                    v["answers"] = _by(v["answers"], item_codes)
                if "source" in v:
                    v["source"] = _source(v["source"])
                _sub(v, "follows", lambda f: keyed(f, FOLLOWS_KEYS))
                _sub(v, "interview", lambda i: keyed(i, INTERVIEW_KEYS))
                _sub(v.get("interview"), "ages", _ages)
                _sub(v, "expected_outcome", lambda e: keyed(e, EXPECTED_OUTCOME_KEYS))
            vignettes.append(v)
        out["vignettes"] = vignettes
    return out


def ordered_jurisdiction(data: Mapping[str, Any]) -> dict[str, Any]:
    """A jurisdiction (fixture dict) with every object's keys in the documented order."""
    out = keyed(dict(data), JURISDICTION_KEYS)
    _sub(out, "deadlines_hours", lambda d: _by(d, list(DEADLINE_KEYS)))
    _sub(out, "contexts", lambda c: _by(c, list(CONTEXTS)))
    _sub(out, "source", _source)
    definitions = keyed(out.get("legal_definitions"), LEGAL_DEFINITIONS_KEYS)
    if isinstance(definitions, dict):
        out["legal_definitions"] = {k: keyed(v, DEFINITION_KEYS) for k, v in definitions.items()}
    if isinstance(out.get("mandated_reports"), list):
        reports = []
        for report in out["mandated_reports"]:
            report = keyed(report, REPORT_KEYS)
            _sub(report, "applies_if", _condition)
            _sub(report, "contacts", _contacts)
            _sub(report, "source", _source)
            if isinstance(report, dict) and isinstance(report.get("variants"), list):
                variants = []
                for variant in report["variants"]:
                    variant = keyed(variant, VARIANT_KEYS)
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
