"""Validation of instrument-version and jurisdiction fixture files.

Plain Python: no Django. Every function collects *all* the problems it finds and
returns them as :class:`ValidationError` values (file, JSON path, message); nothing
here raises on bad data. The format is described in ``docs/instrument-format.md``.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indicators.engine import (
    CONTEXTS,
    DEADLINE_KEYS,
    FLAGS,
    KINDS,
    LEVELS,
    OPERATORS,
    PRIORITIES,
    TRAFFICKING_TYPES,
    UNCERTAIN_ANSWERS,
    AnswerError,
    ContentError,
    items_for_context,
    score,
)

__all__ = [
    "FORMAT_VERSION",
    "STATUSES",
    "TIERS",
    "ValidationError",
    "VignetteFailure",
    "check_vignettes",
    "parse_json_file",
    "parse_json_text",
    "validate_instrument_file",
    "validate_instrument_version",
    "validate_jurisdiction",
    "validate_jurisdiction_file",
    "vignette_errors",
]

#: The only fixture format this code reads.
FORMAT_VERSION = 1
#: Lifecycle of an instrument version.
STATUSES: tuple[str, ...] = ("draft", "published", "retired")
#: 1 = brief indicator tool (filled in by the caseworker), 2 = in-depth interview tool.
TIERS: tuple[int, ...] = (1, 2)

MAX_EXPRESSION_DEPTH = 20

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
CODE_RE = re.compile(r"[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*\Z")
ID_RE = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*\Z")
SCALE_NAME_RE = re.compile(r"[a-z][a-z0-9_]*\Z")
VALUE_RE = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*\Z")
_IDENT_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")

# Keys of each kind of object: (required, optional).
_INSTRUMENT_KEYS = (
    ("format", "instrument", "version", "status", "answer_scales", "sections", "rules", "guidance"),
    ("change_note", "vignettes"),
)
_INFO_KEYS = (("slug", "name", "tier"), ("purpose",))
_SCALE_KEYS = (("options",), ("description",))
_OPTION_KEYS = (("value", "label"), ("help",))
_SECTION_KEYS = (("code", "title", "items"), ("intro", "contexts"))
_ITEM_KEYS = (
    ("code", "text", "kind", "trafficking_type", "scale", "source"),
    ("phrasing", "help", "points", "tags"),
)
_SOURCE_KEYS = ((), ("seed", "section", "citation", "url", "note"))
_RULE_KEYS = (("id", "level", "reason", "when"), ("flags", "guidance"))
_GUIDANCE_KEYS = (
    ("code", "title", "description", "priority", "mandatory"),
    ("deadline", "contacts", "source"),
)
_CONTACT_KEYS = (("name",), ("phone", "text", "url", "note"))
_VIGNETTE_KEYS = (
    ("id", "description", "answers", "expected_level"),
    ("context", "expected_flags", "source"),
)
_FILTER_KEYS = ("section", "kind", "trafficking_type", "tags_any", "items", "answer")
_ANSWERED_KEYS = (("items",), ("answer", "mode"))
_JURISDICTION_KEYS = (
    ("format", "slug", "name", "deadlines_hours", "contexts"),
    ("description", "source"),
)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class ValidationError:
    """One problem in one fixture file."""

    file: str
    path: str  # JSON path, e.g. $.sections[2].items[0].scale
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: {self.message}"


@dataclass(frozen=True)
class VignetteFailure:
    """A vignette whose scored result differs from what it expects."""

    index: int
    id: str
    description: str
    expected_level: str
    actual_level: str | None
    expected_flags: tuple[str, ...] | None = None
    actual_flags: tuple[str, ...] = ()
    error: str | None = None

    def __str__(self) -> str:
        head = f'vignette "{self.id}" ({self.description})'
        if self.error:
            return f"{head}: could not be scored: {self.error}"
        parts = []
        if self.actual_level != self.expected_level:
            parts.append(f'expected level "{self.expected_level}", got "{self.actual_level}"')
        if self.expected_flags is not None and set(self.expected_flags) != set(self.actual_flags):
            parts.append(
                f"expected flags [{', '.join(self.expected_flags)}], "
                f"got [{', '.join(self.actual_flags)}]"
            )
        return f"{head}: " + "; ".join(parts)


# --------------------------------------------------------------------------- helpers


def _child(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    if _IDENT_RE.match(key):
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value)


_TYPE_NAMES = {
    "object": "an object",
    "array": "an array",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
}


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"the integer {value}"
    if isinstance(value, float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the string {json.dumps(shown, ensure_ascii=False)}"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _quote_list(values: Iterable[Any]) -> str:
    return ", ".join(str(v) for v in values)


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


class _Checker:
    def __init__(self, filename: str):
        self.file = filename
        self.errors: list[ValidationError] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append(ValidationError(self.file, path, message))

    def type_ok(self, value: Any, expected: str, path: str) -> bool:
        ok = {
            "object": isinstance(value, dict),
            "array": isinstance(value, list),
            "string": isinstance(value, str),
            "integer": _is_int(value),
            "number": _is_number(value),
            "boolean": isinstance(value, bool),
        }[expected]
        if not ok:
            self.error(path, f"expected {_TYPE_NAMES[expected]}, got {_describe(value)}")
        return ok

    def text_ok(self, value: Any, path: str) -> bool:
        """A non-empty string."""
        if not self.type_ok(value, "string", path):
            return False
        if not value.strip():
            self.error(path, "must not be empty")
            return False
        return True

    def choice_ok(
        self, value: Any, choices: Iterable[str], path: str, what: str, plural: str
    ) -> bool:
        """``value`` is one of ``choices``; otherwise report it, with a suggestion."""
        choices = list(choices)
        if isinstance(value, str) and value in choices:
            return True
        if isinstance(value, str):
            self.error(
                path,
                f'unknown {what} "{value}"{_suggest(value, choices)}; '
                f"{plural} are: {_quote_list(choices)}",
            )
        else:
            self.error(
                path, f"{what} must be one of: {_quote_list(choices)}; got {_describe(value)}"
            )
        return False

    def keys(self, obj: dict, path: str, spec: tuple[tuple[str, ...], tuple[str, ...]], what: str):
        required, optional = spec
        allowed = set(required) | set(optional)
        for key in required:
            if key not in obj:
                self.error(path, f'missing required key "{key}" in {what}')
        for key in obj:
            if key not in allowed:
                self.error(
                    _child(path, key),
                    f'unknown key "{key}" in {what}{_suggest(key, allowed)}; '
                    f"allowed keys: {_quote_list(sorted(allowed))}",
                )

    def format_ok(self, data: dict) -> bool:
        """False when the format is one this code cannot read (stop checking)."""
        if "format" not in data:
            return True  # reported as a missing key; check the rest as format 1
        value = data["format"]
        if not _is_int(value) or value != FORMAT_VERSION:
            self.error(
                "$.format",
                f"unsupported format {json.dumps(value)}; this program reads format "
                f"{FORMAT_VERSION}",
            )
            return False
        return True

    def slug_ok(self, value: Any, path: str, what: str = "slug") -> bool:
        if not self.type_ok(value, "string", path):
            return False
        if not SLUG_RE.match(value) or len(value) > 50:
            self.error(
                path,
                f'invalid {what} "{value}": use 1 to 50 lowercase letters, digits and single '
                f'hyphens, e.g. "tier1-indicators"',
            )
            return False
        return True

    def id_ok(self, value: Any, path: str, what: str) -> bool:
        if not self.type_ok(value, "string", path):
            return False
        if not ID_RE.match(value) or len(value) > 60:
            self.error(
                path,
                f'invalid {what} "{value}": use lowercase letters, digits and single hyphens '
                f'or underscores, e.g. "any-indicator"',
            )
            return False
        return True

    def code_ok(self, value: Any, path: str, what: str) -> bool:
        if not self.type_ok(value, "string", path):
            return False
        if not CODE_RE.match(value) or len(value) > 40:
            self.error(
                path,
                f'invalid {what} "{value}": use letters and digits separated by single "-", '
                f'"_" or ".", at most 40 characters, e.g. "T1-SX-01"',
            )
            return False
        return True

    def str_list(self, value: Any, path: str, *, allow_single: bool) -> list[tuple[str, str]]:
        """A string (if allowed) or a non-empty array of strings -> [(value, path)]."""
        if allow_single and isinstance(value, str):
            return [(value, path)]
        if not isinstance(value, list):
            expected = "a string or an array of strings" if allow_single else "an array of strings"
            self.error(path, f"expected {expected}, got {_describe(value)}")
            return []
        if not value:
            self.error(path, "must not be an empty array")
            return []
        out = []
        for i, v in enumerate(value):
            if self.type_ok(v, "string", _child(path, i)):
                out.append((v, _child(path, i)))
        return out

    def source(self, value: Any, path: str) -> None:
        if not self.type_ok(value, "object", path):
            return
        self.keys(value, path, _SOURCE_KEYS, "a source")
        for key in _SOURCE_KEYS[1]:
            if key in value:
                self.text_ok(value[key], _child(path, key))
        if not value.get("seed") and not value.get("citation"):
            self.error(
                path,
                'a source must name a "seed" file (with its "section") or give a "citation"',
            )
        elif value.get("seed") and "section" not in value:
            self.error(
                path,
                f'source names seed "{value["seed"]}" but no "section"; '
                "cite the section of the seed the text comes from",
            )


# --------------------------------------------------------------------------- parsing


def _pairs_hook(duplicates: list[str]):
    def hook(pairs):
        obj: dict[str, Any] = {}
        for key, value in pairs:
            if key in obj:
                duplicates.append(key)
            obj[key] = value
        return obj

    return hook


def _reject_constant(name: str):
    raise ValueError(f"{name} is not allowed in JSON")


def parse_json_text(text: str, filename: str) -> tuple[Any, list[ValidationError]]:
    """Parse JSON text. Returns (data, errors); data is None when the text is not JSON."""
    duplicates: list[str] = []
    try:
        data = json.loads(
            text, object_pairs_hook=_pairs_hook(duplicates), parse_constant=_reject_constant
        )
    except json.JSONDecodeError as exc:
        return None, [
            ValidationError(
                filename,
                "$",
                f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
            )
        ]
    except ValueError as exc:
        return None, [ValidationError(filename, "$", f"not valid JSON: {exc}")]
    errors = [
        ValidationError(
            filename,
            "$",
            f'the key "{key}" appears twice in one object; JSON would silently keep only '
            "the last one",
        )
        for key in dict.fromkeys(duplicates)
    ]
    return data, errors


def parse_json_file(path: str | Path, filename: str | None = None) -> tuple[Any, list[ValidationError]]:
    """Read and parse a JSON file. Errors name the file (``filename`` or the path)."""
    name = filename or str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        return None, [ValidationError(name, "$", f"cannot read the file: {exc.strerror or exc}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [
            ValidationError(name, "$", f"not UTF-8 text (bad byte at offset {exc.start})")
        ]
    return parse_json_text(text, name)


# --------------------------------------------------------------------------- instrument


class _InstrumentChecker(_Checker):
    def __init__(self, filename: str):
        super().__init__(filename)
        self.tier: int | None = None
        self.scales: dict[str, list[str]] = {}
        self.sections: dict[str, dict] = {}
        self.items: dict[str, dict] = {}  # code -> item
        self.item_section: dict[str, str] = {}
        self.item_values: dict[str, list[str]] = {}  # code -> values of its (valid) scale
        self.tags: set[str] = set()
        self.guidance_codes: set[str] = set()

    # -- top level

    def run(self, data: Any) -> None:
        if not isinstance(data, dict):
            self.error(
                "$", f"the top level must be a JSON object (an instrument version), got {_describe(data)}"
            )
            return
        if not self.format_ok(data):
            return
        self.keys(data, "$", _INSTRUMENT_KEYS, "an instrument version")
        if "instrument" in data:
            self.info(data["instrument"], "$.instrument")
        if "version" in data:
            v = data["version"]
            if not _is_int(v) or v < 1:
                self.error("$.version", f"version must be a positive integer, got {_describe(v)}")
        if "status" in data:
            self.choice_ok(data["status"], STATUSES, "$.status", "status", "statuses")
        if "change_note" in data:
            self.type_ok(data["change_note"], "string", "$.change_note")
        if "answer_scales" in data:
            self.answer_scales(data["answer_scales"], "$.answer_scales")
        if "sections" in data:
            self.section_list(data["sections"], "$.sections")
        if "guidance" in data:
            self.guidance_list(data["guidance"], "$.guidance")
        if "rules" in data:
            self.rule_list(data["rules"], "$.rules")
        if "vignettes" in data:
            self.vignette_list(data["vignettes"], "$.vignettes")

    def info(self, info: Any, path: str) -> None:
        if not self.type_ok(info, "object", path):
            return
        self.keys(info, path, _INFO_KEYS, "the instrument description")
        if "slug" in info:
            self.slug_ok(info["slug"], _child(path, "slug"))
        if "name" in info:
            self.text_ok(info["name"], _child(path, "name"))
        if "purpose" in info:
            self.type_ok(info["purpose"], "string", _child(path, "purpose"))
        if "tier" in info:
            tier = info["tier"]
            if _is_int(tier) and tier in TIERS:
                self.tier = tier
            else:
                self.error(
                    _child(path, "tier"),
                    f"tier must be 1 (brief indicator tool) or 2 (in-depth interview tool), "
                    f"got {_describe(tier)}",
                )

    # -- scales

    def answer_scales(self, scales: Any, path: str) -> None:
        if not self.type_ok(scales, "object", path):
            return
        if not scales:
            self.error(path, "define at least one answer scale")
        for name, scale in scales.items():
            spath = _child(path, name)
            if not SCALE_NAME_RE.match(name):
                self.error(
                    spath,
                    f'invalid scale name "{name}": use lowercase letters, digits and '
                    f'underscores, starting with a letter, e.g. "yes_no_unknown"',
                )
            if not self.type_ok(scale, "object", spath):
                continue
            self.keys(scale, spath, _SCALE_KEYS, "an answer scale")
            if "description" in scale:
                self.type_ok(scale["description"], "string", _child(spath, "description"))
            values: list[str] = []
            options = scale.get("options")
            opath = _child(spath, "options")
            if "options" in scale and self.type_ok(options, "array", opath):
                if not options:
                    self.error(opath, f'scale "{name}" has no options; give at least one')
                seen: dict[str, str] = {}
                for i, opt in enumerate(options):
                    ipath = _child(opath, i)
                    if not self.type_ok(opt, "object", ipath):
                        continue
                    self.keys(opt, ipath, _OPTION_KEYS, "an answer option")
                    if "label" in opt:
                        self.text_ok(opt["label"], _child(ipath, "label"))
                    if "help" in opt:
                        self.type_ok(opt["help"], "string", _child(ipath, "help"))
                    if "value" not in opt:
                        continue
                    value = opt["value"]
                    vpath = _child(ipath, "value")
                    if not self.type_ok(value, "string", vpath):
                        continue
                    if not VALUE_RE.match(value):
                        self.error(
                            vpath,
                            f'invalid answer value "{value}": use lowercase letters, digits, '
                            f'"-" or "_", e.g. "yes", "declined" or "2"',
                        )
                    if value in seen:
                        self.error(
                            vpath,
                            f'duplicate option value "{value}" in scale "{name}" '
                            f"(already at {seen[value]})",
                        )
                        continue
                    seen[value] = ipath
                    values.append(value)
            self.scales[name] = values

    # -- sections and items

    def section_list(self, sections: Any, path: str) -> None:
        if not self.type_ok(sections, "array", path):
            return
        if not sections:
            self.error(path, "an instrument needs at least one section")
        section_paths: dict[str, str] = {}
        item_paths: dict[str, str] = {}
        for si, section in enumerate(sections):
            spath = _child(path, si)
            if not self.type_ok(section, "object", spath):
                continue
            self.keys(section, spath, _SECTION_KEYS, "a section")
            code = section.get("code")
            if "code" in section and self.code_ok(code, _child(spath, "code"), "section code"):
                if code in section_paths:
                    self.error(
                        _child(spath, "code"),
                        f'duplicate section code "{code}" (already used at {section_paths[code]})',
                    )
                    code = None
                else:
                    section_paths[code] = spath
                    self.sections[code] = section
            else:
                code = None
            if "title" in section:
                self.text_ok(section["title"], _child(spath, "title"))
            if "intro" in section:
                self.type_ok(section["intro"], "string", _child(spath, "intro"))
            if "contexts" in section:
                self.context_list(section["contexts"], _child(spath, "contexts"))
            items = section.get("items")
            ipath = _child(spath, "items")
            if "items" not in section or not self.type_ok(items, "array", ipath):
                continue
            if not items:
                self.error(ipath, "a section needs at least one item")
            for ii, item in enumerate(items):
                self.item(item, _child(ipath, ii), code, item_paths)

    def context_list(self, value: Any, path: str) -> None:
        seen = set()
        for ctx, cpath in self.str_list(value, path, allow_single=False):
            if ctx not in CONTEXTS:
                self.error(
                    cpath,
                    f'unknown context "{ctx}"{_suggest(ctx, CONTEXTS)}; '
                    f"contexts are: {_quote_list(CONTEXTS)}",
                )
            elif ctx in seen:
                self.error(cpath, f'context "{ctx}" is listed twice')
            seen.add(ctx)

    def item(self, item: Any, path: str, section: str | None, item_paths: dict[str, str]) -> None:
        if not self.type_ok(item, "object", path):
            return
        self.keys(item, path, _ITEM_KEYS, "an item")
        code = item.get("code")
        if "code" in item and self.code_ok(code, _child(path, "code"), "item code"):
            if code in item_paths:
                self.error(
                    _child(path, "code"),
                    f'duplicate item code "{code}" (already used at {item_paths[code]})',
                )
                code = None
            else:
                item_paths[code] = path
                self.items[code] = item
                self.item_section[code] = section or ""
        else:
            code = None
        for key in ("text",):
            if key in item:
                self.text_ok(item[key], _child(path, key))
        for key in ("phrasing", "help"):
            if key in item:
                self.type_ok(item[key], "string", _child(path, key))
        kind = item.get("kind")
        if "kind" in item:
            self.choice_ok(kind, KINDS, _child(path, "kind"), "kind", "kinds")
        if "trafficking_type" in item:
            self.choice_ok(
                item["trafficking_type"],
                TRAFFICKING_TYPES,
                _child(path, "trafficking_type"),
                "trafficking_type",
                "trafficking types",
            )
        values: list[str] | None = None
        if "scale" in item:
            scale = item["scale"]
            spath = _child(path, "scale")
            if self.type_ok(scale, "string", spath):
                if scale in self.scales:
                    values = self.scales[scale]
                else:
                    self.error(
                        spath,
                        f'unknown answer scale "{scale}"{_suggest(scale, self.scales)}; '
                        f"defined scales are: {_quote_list(sorted(self.scales)) or '(none)'}",
                    )
        if values is not None and code is not None:
            self.item_values[code] = values
        if (
            values is not None
            and self.tier == 2
            and kind == "question"
            and "declined" not in values
        ):
            self.error(
                _child(path, "scale"),
                f'interview question uses scale "{item["scale"]}", which has no "declined" '
                'option; every interview question must be answerable "Declined to answer"',
            )
        if "points" in item:
            self.points(item["points"], _child(path, "points"), item.get("scale"), values)
        if "tags" in item:
            for tag, tpath in self.str_list(item["tags"], _child(path, "tags"), allow_single=False):
                if not ID_RE.match(tag):
                    self.error(
                        tpath,
                        f'invalid tag "{tag}": use lowercase letters, digits, "-" or "_"',
                    )
                self.tags.add(tag)
        if "source" in item:
            self.source(item["source"], _child(path, "source"))

    def points(self, points: Any, path: str, scale: Any, values: list[str] | None) -> None:
        if not self.type_ok(points, "object", path):
            return
        for answer, value in points.items():
            ppath = _child(path, answer)
            if values is not None and answer not in values:
                self.error(
                    ppath,
                    f'points for answer "{answer}", which is not on scale "{scale}" '
                    f"(its answers: {_quote_list(values)})",
                )
            if not _is_number(value) or value < 0:
                self.error(ppath, f"points must be a number of 0 or more, got {_describe(value)}")
            elif answer in UNCERTAIN_ANSWERS and value != 0:
                self.error(
                    ppath,
                    f'answer "{answer}" may not carry points: "unknown" and "declined" never '
                    "count toward a concern",
                )

    # -- guidance

    def guidance_list(self, guidance: Any, path: str) -> None:
        if not self.type_ok(guidance, "array", path):
            return
        seen: dict[str, str] = {}
        for gi, g in enumerate(guidance):
            gpath = _child(path, gi)
            if not self.type_ok(g, "object", gpath):
                continue
            self.keys(g, gpath, _GUIDANCE_KEYS, "a guidance action")
            code = g.get("code")
            if "code" in g and self.id_ok(code, _child(gpath, "code"), "guidance code"):
                if code in seen:
                    self.error(
                        _child(gpath, "code"),
                        f'duplicate guidance code "{code}" (already used at {seen[code]})',
                    )
                else:
                    seen[code] = gpath
                    self.guidance_codes.add(code)
            for key in ("title", "description"):
                if key in g:
                    self.text_ok(g[key], _child(gpath, key))
            if "priority" in g:
                self.choice_ok(
                    g["priority"], PRIORITIES, _child(gpath, "priority"), "priority", "priorities"
                )
            if "mandatory" in g:
                self.type_ok(g["mandatory"], "boolean", _child(gpath, "mandatory"))
            if "deadline" in g:
                d = g["deadline"]
                if isinstance(d, str) and d not in DEADLINE_KEYS:
                    self.error(
                        _child(gpath, "deadline"),
                        f'unknown deadline "{d}"{_suggest(d, DEADLINE_KEYS)}; a deadline names '
                        f"one of the jurisdiction's deadlines: {_quote_list(DEADLINE_KEYS)}",
                    )
                elif not isinstance(d, str):
                    self.error(
                        _child(gpath, "deadline"),
                        "a deadline names one of the jurisdiction's deadlines, never a number of "
                        f"hours (hours are set per jurisdiction): {_quote_list(DEADLINE_KEYS)}; "
                        f"got {_describe(d)}",
                    )
            if "contacts" in g:
                self.contacts(g["contacts"], _child(gpath, "contacts"))
            if "source" in g:
                self.source(g["source"], _child(gpath, "source"))

    def contacts(self, contacts: Any, path: str) -> None:
        if not self.type_ok(contacts, "array", path):
            return
        for ci, contact in enumerate(contacts):
            cpath = _child(path, ci)
            if not self.type_ok(contact, "object", cpath):
                continue
            self.keys(contact, cpath, _CONTACT_KEYS, "a contact")
            if "name" in contact:
                self.text_ok(contact["name"], _child(cpath, "name"))
            for key in _CONTACT_KEYS[1]:
                if key in contact:
                    self.text_ok(contact[key], _child(cpath, key))

    # -- rules

    def rule_list(self, rules: Any, path: str) -> None:
        if not self.type_ok(rules, "array", path):
            return
        if not rules:
            self.error(path, "an instrument needs at least one rule")
        seen: dict[str, str] = {}
        for ri, rule in enumerate(rules):
            rpath = _child(path, ri)
            if not self.type_ok(rule, "object", rpath):
                continue
            self.keys(rule, rpath, _RULE_KEYS, "a rule")
            rid = rule.get("id")
            if "id" in rule and self.id_ok(rid, _child(rpath, "id"), "rule id"):
                if rid in seen:
                    self.error(
                        _child(rpath, "id"),
                        f'duplicate rule id "{rid}" (already used at {seen[rid]})',
                    )
                else:
                    seen[rid] = rpath
            level = rule.get("level")
            if "level" in rule:
                self.choice_ok(level, LEVELS, _child(rpath, "level"), "level", "levels")
            if "reason" in rule:
                self.text_ok(rule["reason"], _child(rpath, "reason"))
            if "flags" in rule:
                fpath = _child(rpath, "flags")
                if isinstance(rule["flags"], list) and not rule["flags"]:
                    pass  # an empty list of flags is fine
                else:
                    for flag, p in self.str_list(rule["flags"], fpath, allow_single=False):
                        if flag not in FLAGS:
                            self.error(
                                p,
                                f'unknown flag "{flag}"{_suggest(flag, FLAGS)}; '
                                f"flags are: {_quote_list(FLAGS)}",
                            )
            if "guidance" in rule:
                gpath = _child(rpath, "guidance")
                if isinstance(rule["guidance"], list) and not rule["guidance"]:
                    pass
                else:
                    for code, p in self.str_list(rule["guidance"], gpath, allow_single=False):
                        if code not in self.guidance_codes:
                            self.error(
                                p,
                                f'unknown guidance code "{code}"'
                                f"{_suggest(code, self.guidance_codes)}; "
                                "define it in the top-level \"guidance\" list",
                            )
            if "when" in rule:
                before = len(self.errors)
                wpath = _child(rpath, "when")
                self.expr(rule["when"], wpath, 0)
                if (
                    len(self.errors) == before
                    and level in ("possible", "clear")
                    and not _needs_answer(rule["when"])
                ):
                    self.error(
                        wpath,
                        f'a rule that sets level "{level}" must need at least one matching '
                        "answer to fire; this condition can be true without one (it relies on "
                        '"not", count_at_least 0 or points_at_least 0)',
                    )

    def expr(self, expr: Any, path: str, depth: int) -> None:
        if depth > MAX_EXPRESSION_DEPTH:
            self.error(path, f"expression nested more than {MAX_EXPRESSION_DEPTH} levels deep")
            return
        if not isinstance(expr, dict):
            self.error(
                path,
                f"expected an expression object such as {{\"count_at_least\": 1}}, "
                f"got {_describe(expr)}",
            )
            return
        ops = [k for k in expr if k in OPERATORS]
        if not ops:
            others = [k for k in expr if k != "where"]
            if others:
                for key in others:
                    self.error(
                        _child(path, key),
                        f'unknown operator "{key}"{_suggest(key, OPERATORS)}; '
                        f"operators are: {_quote_list(OPERATORS)}",
                    )
            else:
                self.error(path, f"empty expression; use one of: {_quote_list(OPERATORS)}")
            return
        if len(ops) > 1:
            self.error(
                path,
                f"an expression has exactly one operator, found {len(ops)} "
                f'({_quote_list(ops)}); combine conditions with "all" or "any"',
            )
            return
        op = ops[0]
        extra = {"where"} if op in ("count_at_least", "points_at_least") else set()
        for key in expr:
            if key != op and key not in extra:
                allowed = sorted({op} | extra)
                self.error(
                    _child(path, key),
                    f'unknown key "{key}" in a "{op}" expression{_suggest(key, allowed)}; '
                    f"allowed keys: {_quote_list(allowed)}",
                )
        value = expr[op]
        vpath = _child(path, op)
        if op in ("all", "any"):
            if not isinstance(value, list):
                self.error(vpath, f'"{op}" takes an array of expressions, got {_describe(value)}')
            elif not value:
                self.error(vpath, f'"{op}" needs at least one expression')
            else:
                for i, sub in enumerate(value):
                    self.expr(sub, _child(vpath, i), depth + 1)
        elif op == "not":
            self.expr(value, vpath, depth + 1)
        elif op == "count_at_least":
            if not _is_int(value) or value < 0:
                self.error(
                    vpath, f"count_at_least must be a non-negative integer, got {_describe(value)}"
                )
            self.filter(expr.get("where", {}), _child(path, "where"), counting=True)
        elif op == "points_at_least":
            if not _is_number(value) or value < 0:
                self.error(
                    vpath, f"points_at_least must be a number of 0 or more, got {_describe(value)}"
                )
            if "where" in expr:
                self.filter(expr["where"], _child(path, "where"), counting=False)
        elif op == "answered":
            self.answered(value, vpath)

    def answered(self, spec: Any, path: str) -> None:
        if not self.type_ok(spec, "object", path):
            return
        self.keys(spec, path, _ANSWERED_KEYS, 'an "answered" condition')
        codes = []
        if "items" in spec:
            for code, cpath in self.str_list(spec["items"], _child(path, "items"), allow_single=False):
                if code in self.items:
                    codes.append(code)
                else:
                    self.error(
                        cpath, f'unknown item code "{code}"{_suggest(code, self.items)}'
                    )
        if "mode" in spec and spec["mode"] not in ("any", "all"):
            self.error(
                _child(path, "mode"),
                f'mode must be "any" or "all", got {_describe(spec["mode"])}',
            )
        if "answer" in spec:
            answers = self.str_list(spec["answer"], _child(path, "answer"), allow_single=True)
            default = ""
        else:
            answers = [("yes", path)]
            default = " (the default answer)"
        for answer, apath in answers:
            for code in codes:
                values = self.item_values.get(code)
                if values is not None and answer not in values:
                    self.error(
                        apath,
                        f'answer "{answer}"{default} is not on the scale of item "{code}" '
                        f"(its answers: {_quote_list(values)})",
                    )

    def filter(self, flt: Any, path: str, *, counting: bool) -> None:
        """Check a filter. ``counting``: it counts answers (default answer "yes")."""
        if not self.type_ok(flt, "object", path):
            return
        before = len(self.errors)
        for key in flt:
            if key not in _FILTER_KEYS:
                self.error(
                    _child(path, key),
                    f'unknown filter key "{key}"{_suggest(key, _FILTER_KEYS)}; '
                    f"filter keys are: {_quote_list(_FILTER_KEYS)}",
                )

        def check(key: str, known: Iterable[str], what: str, listing: bool) -> set[str]:
            if key not in flt:
                return set()
            known = list(known)
            single = key not in ("items", "tags_any")
            values = self.str_list(flt[key], _child(path, key), allow_single=single)
            for value, vpath in values:
                if value not in known:
                    hint = f"; {what}s are: {_quote_list(known)}" if listing else ""
                    self.error(vpath, f'unknown {what} "{value}"{_suggest(value, known)}{hint}')
            return {v for v, _ in values}

        sections = check("section", self.sections, "section", True)
        kinds = check("kind", KINDS, "kind", True)
        types = check("trafficking_type", TRAFFICKING_TYPES, "trafficking_type", True)
        tags = check("tags_any", sorted(self.tags), "tag", False)
        codes = check("items", self.items, "item code", False)
        answers = []
        if "answer" in flt:
            answers = self.str_list(flt["answer"], _child(path, "answer"), allow_single=True)
        if len(self.errors) != before:
            return
        matched = [
            code
            for code, item in self.items.items()
            if (not sections or self.item_section.get(code) in sections)
            and (not kinds or item.get("kind") in kinds)
            and (not types or item.get("trafficking_type") in types)
            and (not tags or tags.intersection(item.get("tags") or ()))
            and (not codes or code in codes)
        ]
        if not matched:
            self.error(
                path,
                "this filter selects no item; check its section, kind, trafficking_type, "
                "tags_any and items",
            )
            return
        possible = sorted({v for code in matched for v in self.item_values.get(code, ())})
        for answer, apath in answers:
            if answer not in possible:
                self.error(
                    apath,
                    f'answer "{answer}" is not on the scale of any item this filter selects '
                    f"(their answers: {_quote_list(possible)})",
                )
        if counting and "answer" not in flt and "yes" not in possible:
            self.error(
                path,
                'this filter counts "yes" answers (the default), but no item it selects has '
                f'"yes" on its scale (their answers: {_quote_list(possible)}); add "answer"',
            )

    # -- vignettes

    def vignette_list(self, vignettes: Any, path: str) -> None:
        if not self.type_ok(vignettes, "array", path):
            return
        seen: dict[str, str] = {}
        for vi, v in enumerate(vignettes):
            vpath = _child(path, vi)
            if not self.type_ok(v, "object", vpath):
                continue
            self.keys(v, vpath, _VIGNETTE_KEYS, "a vignette")
            vid = v.get("id")
            if "id" in v and self.id_ok(vid, _child(vpath, "id"), "vignette id"):
                if vid in seen:
                    self.error(
                        _child(vpath, "id"),
                        f'duplicate vignette id "{vid}" (already used at {seen[vid]})',
                    )
                else:
                    seen[vid] = vpath
            if "description" in v:
                self.text_ok(v["description"], _child(vpath, "description"))
            if "expected_level" in v:
                self.choice_ok(
                    v["expected_level"], LEVELS, _child(vpath, "expected_level"), "level", "levels"
                )
            if "expected_flags" in v:
                fpath = _child(vpath, "expected_flags")
                if isinstance(v["expected_flags"], list) and not v["expected_flags"]:
                    pass
                else:
                    for flag, p in self.str_list(v["expected_flags"], fpath, allow_single=False):
                        if flag not in FLAGS:
                            self.error(
                                p,
                                f'unknown flag "{flag}"{_suggest(flag, FLAGS)}; '
                                f"flags are: {_quote_list(FLAGS)}",
                            )
            context = v.get("context")
            if "context" in v and not self.choice_ok(
                context, CONTEXTS, _child(vpath, "context"), "context", "contexts"
            ):
                context = None
            if "source" in v:
                self.source(v["source"], _child(vpath, "source"))
            if "answers" in v:
                self.vignette_answers(v["answers"], _child(vpath, "answers"), context)

    def vignette_answers(self, answers: Any, path: str, context: str | None) -> None:
        if not self.type_ok(answers, "object", path):
            return
        for code, answer in answers.items():
            apath = _child(path, code)
            if code not in self.items:
                self.error(apath, f'answer for unknown item code "{code}"{_suggest(code, self.items)}')
                continue
            if not self.type_ok(answer, "string", apath):
                continue
            values = self.item_values.get(code)
            if values is not None and answer not in values:
                self.error(
                    apath,
                    f'"{answer}" is not an answer on the scale of item "{code}" '
                    f"(its answers: {_quote_list(values)})",
                )
            if context is not None:
                section = self.sections.get(self.item_section.get(code, ""))
                shown = section.get("contexts") if isinstance(section, dict) else None
                if isinstance(shown, list) and context not in shown:
                    self.error(
                        apath,
                        f'item "{code}" is not shown in context "{context}" '
                        f"(its section is shown only in: {_quote_list(shown)})",
                    )


def _needs_answer(expr: Any) -> bool:
    """Can this (valid) expression fire only with at least one matching answer?"""
    if not isinstance(expr, dict):
        return True
    if "all" in expr:
        return any(_needs_answer(e) for e in expr["all"])
    if "any" in expr:
        return all(_needs_answer(e) for e in expr["any"])
    if "not" in expr:
        return False
    if "count_at_least" in expr:
        return expr["count_at_least"] >= 1
    if "points_at_least" in expr:
        return expr["points_at_least"] > 0
    return True  # answered


def validate_instrument_version(data: Any, filename: str = "<instrument>") -> list[ValidationError]:
    """All structural and cross-reference problems of one instrument-version fixture.

    Does not score the vignettes; see :func:`check_vignettes` / :func:`vignette_errors`.
    """
    checker = _InstrumentChecker(filename)
    checker.run(data)
    return checker.errors


# --------------------------------------------------------------------------- vignettes


def check_vignettes(content: Mapping[str, Any]) -> list[VignetteFailure]:
    """Score every vignette of a (valid) content; list those whose result differs."""
    failures: list[VignetteFailure] = []
    for index, vignette in enumerate(content.get("vignettes") or []):
        vid = vignette.get("id", f"#{index}")
        desc = vignette.get("description", "")
        expected = vignette.get("expected_level")
        expected_flags = vignette.get("expected_flags")
        exp_flags = tuple(expected_flags) if expected_flags is not None else None
        try:
            context = vignette.get("context")
            presented = items_for_context(content, context) if context else None
            result = score(content, vignette.get("answers") or {}, items_presented=presented)
        except (AnswerError, ContentError, ValueError) as exc:
            failures.append(
                VignetteFailure(index, vid, desc, expected, None, exp_flags, (), str(exc))
            )
            continue
        flags_differ = exp_flags is not None and set(exp_flags) != set(result.flags)
        if result.level != expected or flags_differ:
            failures.append(
                VignetteFailure(index, vid, desc, expected, result.level, exp_flags, result.flags)
            )
    return failures


def vignette_errors(content: Mapping[str, Any], filename: str) -> list[ValidationError]:
    """:func:`check_vignettes` as validation errors at ``$.vignettes[i]``."""
    return [
        ValidationError(filename, f"$.vignettes[{f.index}]", str(f)) for f in check_vignettes(content)
    ]


def validate_instrument_file(
    path: str | Path, *, filename: str | None = None, vignettes: bool = True
) -> tuple[Any, list[ValidationError]]:
    """Parse and validate one instrument-version file, then (if valid) its vignettes."""
    name = filename or str(path)
    data, errors = parse_json_file(path, name)
    if data is None:
        return None, errors
    errors = errors + validate_instrument_version(data, name)
    if not errors and vignettes:
        errors = vignette_errors(data, name)
    return data, errors


# --------------------------------------------------------------------------- jurisdiction


def validate_jurisdiction(
    data: Any,
    filename: str = "<jurisdiction>",
    known_instrument_slugs: Iterable[str] | Mapping[str, int] | None = None,
) -> list[ValidationError]:
    """All problems of one jurisdiction fixture.

    ``known_instrument_slugs``: when given, every instrument a context names must be
    one of them. When it is a mapping of slug to tier, each context must also list its
    instruments in tier order (tier 1 first).
    """
    c = _Checker(filename)
    if not isinstance(data, dict):
        c.error("$", f"the top level must be a JSON object (a jurisdiction), got {_describe(data)}")
        return c.errors
    if not c.format_ok(data):
        return c.errors
    c.keys(data, "$", _JURISDICTION_KEYS, "a jurisdiction")
    if "slug" in data:
        c.slug_ok(data["slug"], "$.slug")
    if "name" in data:
        c.text_ok(data["name"], "$.name")
    if "description" in data:
        c.type_ok(data["description"], "string", "$.description")
    if "source" in data:
        c.source(data["source"], "$.source")

    deadlines = data.get("deadlines_hours")
    if "deadlines_hours" in data and c.type_ok(deadlines, "object", "$.deadlines_hours"):
        for key in DEADLINE_KEYS:
            if key not in deadlines:
                c.error(
                    "$.deadlines_hours",
                    f'missing deadline "{key}"; every jurisdiction sets all of: '
                    f"{_quote_list(DEADLINE_KEYS)}",
                )
        for key, hours in deadlines.items():
            dpath = _child("$.deadlines_hours", key)
            if key not in DEADLINE_KEYS:
                c.error(
                    dpath,
                    f'unknown deadline "{key}"{_suggest(key, DEADLINE_KEYS)}; '
                    f"deadlines are: {_quote_list(DEADLINE_KEYS)}",
                )
                continue
            if not _is_int(hours) or hours < 1:
                c.error(dpath, f"deadline hours must be a positive whole number, got {_describe(hours)}")

    known: set[str] | None = None
    tiers: Mapping[str, int] | None = None
    if known_instrument_slugs is not None:
        if isinstance(known_instrument_slugs, Mapping):
            tiers = known_instrument_slugs
        known = set(known_instrument_slugs)
    contexts = data.get("contexts")
    if "contexts" in data and c.type_ok(contexts, "object", "$.contexts"):
        for ctx in CONTEXTS:
            if ctx not in contexts:
                c.error(
                    "$.contexts",
                    f'missing context "{ctx}"; every jurisdiction lists the instruments for all '
                    f"of: {_quote_list(CONTEXTS)}",
                )
        for ctx, slugs in contexts.items():
            cpath = _child("$.contexts", ctx)
            if ctx not in CONTEXTS:
                c.error(
                    cpath,
                    f'unknown context "{ctx}"{_suggest(ctx, CONTEXTS)}; '
                    f"contexts are: {_quote_list(CONTEXTS)}",
                )
                continue
            seen: set[str] = set()
            order: list[str] = []
            for slug, spath in c.str_list(slugs, cpath, allow_single=False):
                if not c.slug_ok(slug, spath, "instrument slug"):
                    continue
                if slug in seen:
                    c.error(spath, f'instrument "{slug}" is listed twice')
                    continue
                seen.add(slug)
                if known is not None and slug not in known:
                    c.error(
                        spath,
                        f'unknown instrument "{slug}"{_suggest(slug, known)}; known instruments: '
                        f"{_quote_list(sorted(known)) or '(none)'}",
                    )
                    continue
                order.append(slug)
            if tiers is not None:
                ranked = [tiers[s] for s in order]
                if ranked != sorted(ranked):
                    c.error(
                        cpath,
                        "list the instruments in tier order, tier 1 first: "
                        + ", ".join(f"{s} (tier {tiers[s]})" for s in order),
                    )
    return c.errors


def validate_jurisdiction_file(
    path: str | Path,
    known_instrument_slugs: Iterable[str] | Mapping[str, int] | None = None,
    *,
    filename: str | None = None,
) -> tuple[Any, list[ValidationError]]:
    """Parse and validate one jurisdiction file."""
    name = filename or str(path)
    data, errors = parse_json_file(path, name)
    if data is None:
        return None, errors
    return data, errors + validate_jurisdiction(data, name, known_instrument_slugs)
