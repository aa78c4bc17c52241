"""An instrument version's texts in other languages (plain Python, no ORM).

A fixture may declare `"languages": ["en", "es"]` (the first is the language its own texts are
written in) and carry, for each other language, `"translations": {"es": {...}}`: the same texts,
keyed by the instrument's own codes, never by position in a list:

    "instrument":    {"name", "purpose"}
    "answer_scales": {scale: {"description", "options": {value: label}}}
    "sections":      {section code: {"title", "intro"}}
    "items":         {item code: {"text", "phrasing", "help"}}
    "rules":         {rule id: {"reason"}}
    "guidance":      {guidance code: {"title", "description", "contacts": [{"name", "note"}]}}

Every text the version has must be there in every declared language (`missing_texts`), so an
interview is never half in one language. Only texts: codes, answers, points and rules are the
version's own, so a screening scores the same in any language (`localized` changes no value the
engine reads).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping
from typing import Any

BASE_LANGUAGE = "en"
# Each language named in itself, for a person choosing one.
SELF_NAMES = {"en": "English", "es": "Español"}
# How people write the app's languages in a record (in English and in themselves).
NAMES = {
    "english": "en",
    "inglés": "en",
    "ingles": "en",
    "spanish": "es",
    "español": "es",
    "espanol": "es",
    "castellano": "es",
}


def language_code(name: str | None) -> str | None:
    """The code of a language as written in a record ("Spanish", "español"), when known."""
    return NAMES.get((name or "").strip().lower())


def reader_language() -> str:
    """The language the page or printout being made is read in (the active one)."""
    from django.utils import translation  # here: the engine's modules load no Django

    return translation.get_language() or BASE_LANGUAGE


def languages(content: Mapping[str, Any]) -> list[str]:
    """The languages this version can be read in; the first is its own."""
    declared = content.get("languages")
    return list(declared) if isinstance(declared, list) and declared else [BASE_LANGUAGE]


def texts(content: Mapping[str, Any]) -> dict[str, Any]:
    """The version's own texts in the translations' shape (what a translation must cover)."""
    out: dict[str, Any] = {}
    instrument = content.get("instrument") or {}
    out["instrument"] = {k: instrument[k] for k in ("name", "purpose") if instrument.get(k)}
    out["answer_scales"] = {}
    for name, scale in (content.get("answer_scales") or {}).items():
        entry: dict[str, Any] = {}
        if scale.get("description"):
            entry["description"] = scale["description"]
        entry["options"] = {o["value"]: o["label"] for o in scale.get("options", []) if o.get("label")}
        out["answer_scales"][name] = entry
    out["sections"] = {}
    out["items"] = {}
    for section in content.get("sections") or []:
        out["sections"][section["code"]] = {k: section[k] for k in ("title", "intro") if section.get(k)}
        for item in section.get("items") or []:
            out["items"][item["code"]] = {k: item[k] for k in ("text", "phrasing", "help") if item.get(k)}
    out["rules"] = {r["id"]: {"reason": r["reason"]} for r in content.get("rules") or [] if r.get("reason")}
    out["guidance"] = {}
    for g in content.get("guidance") or []:
        entry = {k: g[k] for k in ("title", "description") if g.get(k)}
        contacts = [{k: c[k] for k in ("name", "note") if c.get(k)} for c in g.get("contacts") or []]
        if any(contacts):
            entry["contacts"] = contacts
        out["guidance"][g["code"]] = entry
    return out


def _leaves(tree: Any, parts: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from _leaves(value, (*parts, key))
    elif isinstance(tree, list):
        for i, value in enumerate(tree):
            yield from _leaves(value, (*parts, i))
    else:
        yield parts, tree


def _lookup(tree: Any, parts: tuple) -> Any:
    for part in parts:
        if isinstance(part, int):
            if not isinstance(tree, list) or part >= len(tree):
                return None
        elif not isinstance(tree, dict) or part not in tree:
            return None
        tree = tree[part]
    return tree


def _json_path(parts: tuple) -> str:
    """As the schema's messages write paths: $.translations.es.items["T1-MT-01"].text"""
    path = "$"
    for key in parts:
        if isinstance(key, int):
            path += f"[{key}]"
        elif key.isidentifier() and key.isascii():
            path += f".{key}"
        else:
            path += f"[{json.dumps(key, ensure_ascii=False)}]"
    return path


def jurisdiction_texts(profile: Mapping[str, Any]) -> dict[str, Any]:
    """A jurisdiction's own texts in the translations' shape: its mandated reports, by code."""
    reports: dict[str, Any] = {}
    for report in profile.get("mandated_reports") or []:
        entry: dict[str, Any] = {k: report[k] for k in ("title", "description") if report.get(k)}
        contacts = [{k: c[k] for k in ("name", "note") if c.get(k)} for c in report.get("contacts") or []]
        if any(contacts):
            entry["contacts"] = contacts
        variants = [
            {"description": v["description"]} for v in report.get("variants") or [] if v.get("description")
        ]
        if variants:
            entry["variants"] = variants
        reports[report["code"]] = entry
    return {"mandated_reports": reports}


def jurisdiction_missing_texts(profile: Mapping[str, Any]) -> list[tuple[str, str]]:
    """As `missing_texts`, for a jurisdiction's mandated reports."""
    return missing_texts(profile, own=jurisdiction_texts(profile))


def missing_texts(content: Mapping[str, Any], *, own: dict[str, Any] | None = None) -> list[tuple[str, str]]:
    """(path, message) for every declared language whose translation lacks a text, has a text
    for something the version does not have, or is not declared. Paths are JSON paths."""
    problems: list[tuple[str, str]] = []
    declared = languages(content)
    translations = content.get("translations") or {}
    if not isinstance(translations, dict):
        return problems  # the JSON Schema says what is wrong with its shape
    for language in translations:
        if language not in declared[1:]:
            problems.append(
                (
                    _json_path(("translations", language)),
                    f'a translation into "{language}", which "languages" does not declare '
                    f"(declared: {', '.join(declared)})",
                )
            )
    own = texts(content) if own is None else own
    for language in declared[1:]:
        translation = translations.get(language)
        where = ("translations", language)
        if not isinstance(translation, dict):
            message = f'"languages" declares "{language}" but there is no translation into it'
            problems.append((_json_path(where), message))
            continue
        for parts, _text in _leaves(own):
            value = _lookup(translation, parts)
            if not isinstance(value, str) or not value.strip():
                problems.append((_json_path(where + parts), f'no "{language}" text for this'))
        for parts, _text in _leaves(translation):
            if _lookup(own, parts) is None:
                message = "a translation of something this version does not have"
                problems.append((_json_path(where + parts), message))
    return problems


def localized(content: Mapping[str, Any], language: str) -> dict[str, Any]:
    """A copy of the version's content with its texts in `language` (its own texts when it has
    no such language). Codes, answers, points, rules' conditions: unchanged."""
    result = copy.deepcopy(dict(content))
    if language not in languages(content)[1:]:
        return result
    t = (content.get("translations") or {}).get(language) or {}
    result["instrument"] = {**result.get("instrument", {}), **t.get("instrument", {})}
    for name, scale in (result.get("answer_scales") or {}).items():
        given = t.get("answer_scales", {}).get(name, {})
        if given.get("description"):
            scale["description"] = given["description"]
        for option in scale.get("options", []):
            option["label"] = given.get("options", {}).get(option["value"], option.get("label"))
    for section in result.get("sections") or []:
        section.update(t.get("sections", {}).get(section["code"], {}))
        for item in section.get("items") or []:
            item.update(t.get("items", {}).get(item["code"], {}))
    for rule in result.get("rules") or []:
        rule.update(t.get("rules", {}).get(rule["id"], {}))
    for g in result.get("guidance") or []:
        given = dict(t.get("guidance", {}).get(g["code"], {}))
        contacts = given.pop("contacts", None)
        g.update(given)
        for contact, text in zip(g.get("contacts") or [], contacts or [], strict=False):
            contact.update(text)
    return result


def report_texts(translations_by_language: Mapping[str, Any] | None, language: str, code: str) -> dict:
    """A jurisdiction's texts of one mandated report in `language` ({} when it has none)."""
    given = (translations_by_language or {}).get(language) or {}
    return (given.get("mandated_reports") or {}).get(code) or {}
