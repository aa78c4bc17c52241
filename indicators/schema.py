"""Validation of instrument-version and jurisdiction fixture files.

Plain Python: no Django. The structure of both kinds of file is described by the JSON Schema
files in ``indicators/schemas/`` (editors can use them too) and checked with ``jsonschema``;
this module turns its errors into messages for a person editing the file, and checks what a
schema cannot express: duplicates across objects, references, expression semantics, the
jurisdiction's instruments and the vignettes. Every function collects *all* the problems it
finds as :class:`ValidationError` values (file, JSON path, message); nothing here raises on bad
data. The format is described in ``docs/instrument-format.md``.
"""

from __future__ import annotations

import difflib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from indicators import engine, translations
from indicators.engine import CONTEXTS, LEVELS, OPERATORS, AnswerError, ContentError

__all__ = [
    "FORMAT_VERSION",
    "JURISDICTION_FORMAT",
    "SCHEMA_DIR",
    "STATUSES",
    "TIERS",
    "ValidationError",
    "VignetteFailure",
    "check_vignettes",
    "established_by_errors",
    "parse_json_file",
    "parse_json_text",
    "validate_instrument_file",
    "validate_instrument_version",
    "validate_jurisdiction",
    "validate_jurisdiction_file",
    "vignette_errors",
]

#: The instrument-version formats this code reads (2 adds: a clear rule must name its items).
FORMAT_VERSION: tuple[int, ...] = (1, 2)
#: The only jurisdiction format this code reads.
JURISDICTION_FORMAT = 2
#: Lifecycle of an instrument version.
STATUSES: tuple[str, ...] = ("draft", "published", "retired")
#: 1 = brief indicator tool (filled in by the caseworker), 2 = in-depth interview tool.
TIERS: tuple[int, ...] = (1, 2)

SCHEMA_DIR = Path(__file__).with_name("schemas")
MAX_EXPRESSION_DEPTH = 20
# Deeper documents are refused before jsonschema, which recurses once per level (a legitimate
# file is at most about 46 deep: an expression 20 levels deep with a filter).
MAX_JSON_DEPTH = 64

# Keys a format 1 jurisdiction lacks (docs/instrument-format.md, section 1b).
_JURISDICTION_V2_KEYS = ("oldest_age_served", "legal_definitions", "mandated_reports")
_JURISDICTION_V2_DEADLINES = (
    "notify_hhs_foreign_national_child",
    "report_online_exploitation_to_ncmec",
    "offer_interview_again",
)
_DEFINE_GUIDANCE = '; define it in the top-level "guidance" list'


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
    """A vignette whose scored result (or outcome) differs from what it expects."""

    index: int
    id: str
    description: str
    expected_level: str
    actual_level: str | None
    expected_flags: tuple[str, ...] | None = None
    actual_flags: tuple[str, ...] = ()
    error: str | None = None
    outcome_differences: tuple[str, ...] = ()  # from expected_outcome

    def __str__(self) -> str:
        head = f'vignette "{self.id}" ({self.description})'
        if self.error:
            return f"{head}: could not be scored: {self.error}"
        parts = []
        if self.actual_level != self.expected_level:
            parts.append(f'expected level "{self.expected_level}", got "{self.actual_level}"')
        if self.expected_flags is not None and set(self.expected_flags) != set(self.actual_flags):
            parts.append(
                f"expected flags [{', '.join(self.expected_flags)}], got [{', '.join(self.actual_flags)}]"
            )
        parts.extend(self.outcome_differences)
        return f"{head}: " + "; ".join(parts)


# --------------------------------------------------------------------------- helpers


def _child(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    if key.isidentifier() and key.isascii():
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


def _json_path(keys: Iterable[str | int]) -> str:
    path = "$"
    for key in keys:
        path = _child(path, key)
    return path


def _under(path: str, other: str) -> bool:
    """Is ``other`` the same place as ``path`` or inside it?"""
    return other == path or (other.startswith(path) and other[len(path)] in ".[")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


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


def _plural(noun: str) -> str:
    noun = noun.replace("_", " ")
    if noun.endswith("y"):
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith("s") else "s")


def _strings(value: Any, path: str) -> list[tuple[str, str]]:
    """A string or an array's strings, with their paths (other values are the schema's to report)."""
    if isinstance(value, str):
        return [(value, path)]
    if isinstance(value, list):
        return [(v, _child(path, i)) for i, v in enumerate(value) if isinstance(v, str)]
    return []


def _objects(value: Any, path: str) -> Iterator[tuple[dict, str]]:
    """The objects of an array, with their paths."""
    if isinstance(value, list):
        for i, v in enumerate(value):
            if isinstance(v, dict):
                yield v, _child(path, i)


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
        data = json.loads(text, object_pairs_hook=_pairs_hook(duplicates), parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        return None, [
            ValidationError(
                filename,
                "$",
                f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
            )
        ]
    except RecursionError:
        return None, [ValidationError(filename, "$", "not valid JSON: nested too deeply")]
    except ValueError as exc:
        return None, [ValidationError(filename, "$", f"not valid JSON: {exc}")]
    errors = [
        ValidationError(
            filename,
            "$",
            f'the key "{key}" appears twice in one object; JSON would silently keep only the last one',
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
        return None, [ValidationError(name, "$", f"not UTF-8 text (bad byte at offset {exc.start})")]
    return parse_json_text(text, name)


# --------------------------------------------------------------------------- the JSON Schemas


@cache
def _schemas() -> dict[str, dict]:
    return {
        name: json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
        for name in ("instrument-version", "jurisdiction")
    }


@cache
def _validator(name: str) -> Draft202012Validator:
    # The jurisdiction schema refers to the instrument schema's definitions by file name, as an
    # editor reading the files from disk resolves them.
    registry = Registry().with_resources(
        (f"{n}.schema.json", Resource.from_contents(s)) for n, s in _schemas().items()
    )
    return Draft202012Validator(_schemas()[name], registry=registry)


def _resolve(schema: Any) -> dict:
    """A subschema with its (local or cross-file) ``$ref`` followed, for its title."""
    if not isinstance(schema, dict):
        return {}
    if "title" not in schema and "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        for root in _schemas().values():
            if name in root["$defs"]:
                return root["$defs"][name]
    return schema


def _noun(schema: Any) -> str | None:
    """ "rule" for a schema titled "a rule"."""
    title = _resolve(schema).get("title")
    if not title:
        return None
    first, _, rest = title.partition(" ")
    return rest if first in ("a", "an", "the") and rest else title


def _json_type(value: Any) -> str:
    return "number" if _is_int(value) or isinstance(value, float) else type(value).__name__


def _mismatch(errors: list) -> int:
    """How surely a union's branch is not the one the data means: 3 another type (or an enum of
    another type), 2 a discriminating constant differs, 1 a required key is missing, 0 none."""
    rank = 0
    for e in errors:
        if not e.relative_path and (
            e.validator == "type"
            or e.validator == "enum"
            and all(_json_type(v) != _json_type(e.instance) for v in e.validator_value)
        ):
            rank = max(rank, 3)
        elif len(e.relative_path) == 1 and e.validator == "const":
            rank = max(rank, 2)
        elif not e.relative_path and e.validator == "required":
            rank = max(rank, 1)
    return rank


def _explain(error) -> Iterator[tuple[tuple, str, bool]]:
    """(path, message, is_catch_all) for one jsonschema error."""
    path = tuple(error.absolute_path)
    if "propertyNames" in error.absolute_schema_path:
        path += (error.instance,)  # the error is about the key itself
    schema = error.schema if isinstance(error.schema, dict) else {}
    instance = error.instance
    if error.validator in ("anyOf", "oneOf"):
        yield from _explain_union(error, path)
    elif error.validator == "additionalProperties" and error.validator_value is False:
        allowed = sorted(schema.get("properties", {}))
        for key in instance:
            if key not in allowed:
                yield (
                    path + (key,),
                    f'unknown key "{key}" in {schema.get("title")}'
                    f"{_suggest(key, allowed)}; allowed keys: {_quote_list(allowed)}",
                    False,
                )
    elif error.validator == "required":
        noun = _noun(schema.get("propertyNames"))  # keys from a list, e.g. deadlines
        for key in error.validator_value:
            if key not in instance:
                yield (
                    path,
                    (
                        f'missing {noun} "{key}"; give all of: {_quote_list(error.validator_value)}'
                        if noun
                        else f'missing required key "{key}" in {schema.get("title")}'
                    ),
                    False,
                )
    elif error.validator == "uniqueItems":
        noun = _noun(schema.get("items"))
        i = next(i for i, value in enumerate(instance) if value in instance[:i])
        yield path + (i,), f"{noun} {json.dumps(instance[i], ensure_ascii=False)} is listed twice", False
    else:
        yield path, _message(error, schema), False


def _explain_union(error, path: tuple) -> Iterator[tuple[tuple, str, bool]]:
    """One helpful message for an anyOf: the errors of the branch the data means, if one."""
    branches: dict[int, list] = defaultdict(list)
    for sub in error.context:
        branches[sub.relative_schema_path[0]].append(sub)
    ranks = {i: _mismatch(errors) for i, errors in branches.items()}
    best = min(ranks.values())
    chosen = [i for i, rank in ranks.items() if rank == best]
    if best < 3 and len(chosen) == 1:
        for sub in branches[chosen[0]]:
            yield from _explain(sub)
        return
    options = error.validator_value
    instance = error.instance
    if best < 3 and all(
        len(b.get("required", ())) == 1 and b.get("additionalProperties") is False for b in options
    ):
        # An expression: exactly one of the branches' keys (operators).
        operators = sorted(b["required"][0] for b in options)
        found = [k for k in instance if k in operators]
        if len(found) > 1:
            yield (
                path,
                f"an expression has exactly one operator, found {len(found)} "
                f'({_quote_list(found)}); combine conditions with "all" or "any"',
                False,
            )
        elif not [k for k in instance if k != "where"]:
            yield path, f"empty expression; use one of: {_quote_list(operators)}", False
        for key in instance if not found else ():
            if key != "where":
                yield (
                    path + (key,),
                    f'unknown operator "{key}"{_suggest(key, operators)}; '
                    f"operators are: {_quote_list(operators)}",
                    False,
                )
        return
    schema = error.schema if isinstance(error.schema, dict) else {}
    message = schema.get("errorMessage", "does not match any of the allowed forms")
    if not isinstance(instance, dict):
        message += f", got {_describe(instance)}"
    yield path, message, True


def _message(error, schema: dict) -> str:
    """The message for one (non-union) jsonschema error."""
    v, instance, value = error.validator, error.instance, error.validator_value
    title = schema.get("title")
    got = f", got {_describe(instance)}"
    if v == "enum" and isinstance(instance, str) and title:
        choices = [str(c) for c in value]
        return (
            f'unknown {title} "{instance}"{_suggest(instance, choices)}; '
            f"{_plural(title)} are: {_quote_list(choices)}"
        )
    if v in ("pattern", "minLength", "maxLength") and "patternErrorMessage" in schema:
        explain = schema["patternErrorMessage"]
        return f'invalid {title} "{instance}": {explain}' if title else explain
    if v == "dependentRequired":
        return "; ".join(
            f'missing required key "{need}" in {title}: it goes with "{key}"'
            for key, needs in value.items()
            if key in instance
            for need in needs
            if need not in instance
        )
    if "errorMessage" in schema:
        return schema["errorMessage"] + ("" if isinstance(instance, dict) and v != "type" else got)
    if v == "enum":
        return f"{title or 'the value'} must be one of: {_quote_list(value)}; got {_describe(instance)}"
    if v == "type":
        types = [value] if isinstance(value, str) else value
        names = {
            "object": "an object",
            "array": "an array",
            "string": "a string",
            "integer": "an integer",
            "number": "a number",
            "boolean": "true or false",
            "null": "null",
        }
        return f"expected {' or '.join(names.get(t, t) for t in types)}{got}"
    if v == "minItems":
        noun = _noun(schema.get("items"))
        return f"needs at least one {noun}" if noun else "must not be an empty array"
    if v == "minProperties":
        noun = _noun(schema.get("additionalProperties"))
        return (
            f"needs at least one {noun}"
            if noun
            else (f"needs at least one of: {_quote_list(schema.get('properties', {}))}")
        )
    bounds = {
        "minimum": "at least",
        "maximum": "at most",
        "exclusiveMinimum": "more than",
        "exclusiveMaximum": "less than",
    }
    if v in bounds:
        return f"must be {bounds[v]} {value}{got}"
    if v == "const":
        return f"must be {json.dumps(value)}{got}"
    return error.message


def _nodes(data: Any) -> Iterator[tuple[tuple, Any]]:
    """(path, value) of every value, without recursion; not below MAX_JSON_DEPTH containers."""
    stack: list[tuple[tuple, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        yield path, value
        if len(path) < MAX_JSON_DEPTH and isinstance(value, dict | list):
            pairs = value.items() if isinstance(value, dict) else enumerate(value)
            stack.extend((path + (k,), v) for k, v in reversed(list(pairs)))


def _too_deep(data: Any, filename: str) -> list[ValidationError]:
    deep = next((p for p, v in _nodes(data) if len(p) == MAX_JSON_DEPTH and isinstance(v, dict | list)), None)
    if deep is None:
        return []
    if deep[:1] == ("rules",) and len(deep) > 2 and deep[2] == "when":
        return [
            ValidationError(
                filename,
                _json_path(deep[:3]),
                f"expression nested more than {MAX_EXPRESSION_DEPTH} levels deep",
            )
        ]
    return [
        ValidationError(
            filename, "$", f"nested more than {MAX_JSON_DEPTH} levels deep; no fixture needs that many"
        )
    ]


def _schema_errors(name: str, data: Any, filename: str) -> list[ValidationError]:
    """Every structural problem, one message per mistake."""
    found = [item for error in _validator(name).iter_errors(data) for item in _explain(error)]
    specific = [path for path, _, catch_all in found if not catch_all]
    errors: list[ValidationError] = []
    for path, message, catch_all in found:
        # A union's catch-all message only where nothing more specific was said.
        if catch_all and any(p[: len(path)] == path for p in specific):
            continue
        error = ValidationError(filename, _json_path(path), message)
        if error not in errors:
            errors.append(error)
    return errors


def _age_range_errors(data: Any, filename: str) -> list[ValidationError]:
    """Every age range (an "ages" object anywhere) with min above max."""
    return [
        ValidationError(
            filename,
            _json_path(path),
            f"min {ages['min']} is above max {ages['max']}; an age range runs from min up to max",
        )
        for path, ages in _nodes(data)
        if path[-1:] == ("ages",)
        and isinstance(ages, dict)
        and _is_int(ages.get("min"))
        and _is_int(ages.get("max"))
        and ages["min"] > ages["max"]
    ]


# --------------------------------------------------------------------------- instrument


def _needs_answer(expr: Any) -> bool:
    """Can this (valid) expression be true only with at least one matching answer?"""
    if "all" in expr:
        return any(_needs_answer(e) for e in expr["all"])
    if "any" in expr:
        return all(_needs_answer(e) for e in expr["any"])
    if "count_at_least" in expr:
        return expr["count_at_least"] >= 1
    if "points_at_least" in expr:
        return expr["points_at_least"] > 0
    return "answered" in expr  # not and the age operators: true without any answer


def _names_items(expr: Any) -> bool:
    """Does an ``answered`` operator take part in every way this (valid) expression is true?"""
    if "all" in expr:
        return any(_names_items(e) for e in expr["all"])
    if "any" in expr:
        return all(_names_items(e) for e in expr["any"])
    return "answered" in expr


class _Instrument:
    """The checks of one instrument version that its JSON Schema cannot express."""

    def __init__(self, data: dict, filename: str, fmt: int, errors: list[ValidationError]):
        self.data, self.file, self.fmt = data, filename, fmt
        self.errors = errors  # the schema's, then ours: a place with an error is not checked again
        self.scales: dict[str, list[str]] = {}
        self.sections: dict[str, dict] = {}
        self.items: dict[str, dict] = {}
        self.section_of: dict[str, dict] = {}
        self.values_of: dict[str, list[str]] = {}  # item code -> its (defined) scale's values
        self.tags: set[str] = set()
        self.guidance: set[str] = set()
        info = data.get("instrument")
        self.info: dict[str, Any] = info if isinstance(info, dict) else {}

    def error(self, path: str, message: str) -> None:
        self.errors.append(ValidationError(self.file, path, message))

    def clean(self, path: str) -> bool:
        """No problem reported at or inside ``path`` so far."""
        return not any(_under(path, e.path) for e in self.errors)

    def unique(self, value: Any, path: str, seen: dict[str, str], what: str) -> bool:
        """Registers a code; False (and an error) if it is not a string or already used."""
        if not isinstance(value, str):
            return False
        if value in seen:
            self.error(path, f'duplicate {what} "{value}" (already used at {seen[value]})')
            return False
        seen[value] = path.rsplit(".", 1)[0]
        return True

    def refs(
        self, value: Any, path: str, known: Iterable[str], what: str, *, listing: bool = False, hint: str = ""
    ) -> list[str]:
        """The known names among ``value`` (a name or a list); an error for each unknown one."""
        known = list(known)
        if listing:
            hint = f"; {_plural(what)} are: {_quote_list(known)}"
        found = []
        for name, p in _strings(value, path):
            if name in known:
                found.append(name)
            elif self.clean(p):
                self.error(p, f'unknown {what} "{name}"{_suggest(name, known)}{hint}')
        return found

    def run(self) -> None:
        d = self.data
        scales = d.get("answer_scales")
        for name, scale in scales.items() if isinstance(scales, dict) else ():
            if isinstance(scale, dict):
                self.scale(name, scale, _child("$.answer_scales", name))
        section_paths: dict[str, str] = {}
        item_paths: dict[str, str] = {}
        for section, spath in _objects(d.get("sections"), "$.sections"):
            if self.unique(section.get("code"), _child(spath, "code"), section_paths, "section code"):
                self.sections[section["code"]] = section
            for item, ipath in _objects(section.get("items"), _child(spath, "items")):
                self.item(item, ipath, section, item_paths)
        guidance_paths: dict[str, str] = {}
        for g, gpath in _objects(d.get("guidance"), "$.guidance"):
            if self.unique(g.get("code"), _child(gpath, "code"), guidance_paths, "guidance code"):
                self.guidance.add(g["code"])
        rule_paths: dict[str, str] = {}
        for rule, rpath in _objects(d.get("rules"), "$.rules"):
            self.unique(rule.get("id"), _child(rpath, "id"), rule_paths, "rule id")
            self.rule(rule, rpath)
        if isinstance(d.get("not_completed"), dict):
            nc = d["not_completed"]
            self.refs(
                nc.get("guidance"),
                "$.not_completed.guidance",
                sorted(self.guidance),
                "guidance code",
                hint=_DEFINE_GUIDANCE,
            )
            if "where" in nc:
                self.filter(nc["where"], "$.not_completed.where", counting=False)
        vignette_paths: dict[str, str] = {}
        for v, vpath in _objects(d.get("vignettes"), "$.vignettes"):
            self.unique(v.get("id"), _child(vpath, "id"), vignette_paths, "vignette id")
            self.vignette(v, vpath)
        self.errors.extend(_age_range_errors(d, self.file))
        if not self.errors:  # the texts are read by code: only once every code is sound
            for path, message in translations.missing_texts(d):
                self.error(path, message)

    def scale(self, name: str, scale: dict, path: str) -> None:
        seen: dict[str, str] = {}
        for option, opath in _objects(scale.get("options"), _child(path, "options")):
            value = option.get("value")
            if not isinstance(value, str):
                continue
            if value in seen:
                self.error(
                    _child(opath, "value"),
                    f'duplicate option value "{value}" in scale "{name}" (already at {seen[value]})',
                )
            else:
                seen[value] = opath
        self.scales[name] = list(seen)

    def item(self, item: dict, path: str, section: dict, item_paths: dict[str, str]) -> None:
        code: str | None = item.get("code")
        if not self.unique(code, _child(path, "code"), item_paths, "item code"):
            code = None
        elif code is not None:
            self.items[code] = item
            self.section_of[code] = section
        for tag, _ in _strings(item.get("tags"), ""):
            self.tags.add(tag)
        scale, spath = item.get("scale"), _child(path, "scale")
        if not isinstance(scale, str) or not self.clean(spath):
            return
        if scale not in self.scales:
            self.error(
                spath,
                f'unknown answer scale "{scale}"{_suggest(scale, self.scales)}; '
                f"defined scales are: {_quote_list(sorted(self.scales)) or '(none)'}",
            )
            return
        values = self.scales[scale]
        if code is not None:
            self.values_of[code] = values
        if self.info.get("tier") == 2 and item.get("kind") == "question" and "declined" not in values:
            self.error(
                spath,
                f'interview question uses scale "{scale}", which has no "declined" option; '
                'every interview question must be answerable "Declined to answer"',
            )
        points = item.get("points")
        for answer in points if isinstance(points, dict) else ():
            ppath = _child(_child(path, "points"), answer)
            if answer not in values and self.clean(ppath):
                self.error(
                    ppath,
                    f'points for answer "{answer}", which is not on scale "{scale}" '
                    f"(its answers: {_quote_list(values)})",
                )
        for key in ("prefill", "established_by"):
            spec = item.get(key)
            if isinstance(spec, dict):
                self.recorded_answer(spec, _child(path, key), scale, values)
        by = item.get("established_by")
        if isinstance(by, dict) and by.get("instrument") == self.info.get("slug"):
            self.error(
                _child(_child(path, "established_by"), "instrument"),
                "an item is established by the earlier tier's instrument, never by its own",
            )

    def recorded_answer(self, spec: dict, path: str, scale: str, values: list[str]) -> None:
        """The answer a prefill or established_by records must be on the item's scale."""
        answer = spec.get("answer", "yes")
        apath = _child(path, "answer") if "answer" in spec else path
        if isinstance(answer, str) and answer not in values and self.clean(apath):
            default = "" if "answer" in spec else " (the default answer)"
            self.error(
                apath,
                f'answer "{answer}"{default} is not on scale "{scale}" (its answers: {_quote_list(values)})',
            )

    def rule(self, rule: dict, path: str) -> None:
        self.refs(
            rule.get("guidance"),
            _child(path, "guidance"),
            sorted(self.guidance),
            "guidance code",
            hint=_DEFINE_GUIDANCE,
        )
        level = rule.get("level")
        if "identifies" in rule and level in LEVELS and level != "clear":
            self.error(
                _child(path, "identifies"),
                f'"identifies" marks an identification fact, so it goes only on a rule of level '
                f'"clear", not "{level}"',
            )
        if "when" not in rule:
            return
        when, wpath = rule["when"], _child(path, "when")
        self.expr(when, wpath, 0)
        if not self.clean(wpath) or level not in ("possible", "clear"):
            return
        if not _needs_answer(when):
            self.error(
                wpath,
                f'a rule that sets level "{level}" must need at least one matching answer '
                'to fire; this condition can be true without one (it relies on "not", an age, '
                "count_at_least 0 or points_at_least 0)",
            )
        elif level == "clear" and self.fmt >= 2 and not _names_items(when):
            self.error(
                wpath,
                'a rule of level "clear" must name its items: in every way its condition '
                'can be true, an "answered" condition on the specific items must take part. Counts '
                "and points of circumstantial indicators never reach clear concern, however many; "
                'use level "possible" for them',
            )

    def expr(self, expr: Any, path: str, depth: int) -> None:
        if not isinstance(expr, dict):
            return
        if depth > MAX_EXPRESSION_DEPTH:
            self.error(path, f"expression nested more than {MAX_EXPRESSION_DEPTH} levels deep")
            return
        ops = [k for k in expr if k in OPERATORS]
        if len(ops) != 1:
            return  # the schema reported it
        op = ops[0]
        value, vpath = expr[op], _child(path, op)
        if op in ("all", "any"):
            for sub, spath in _objects(value, vpath):
                self.expr(sub, spath, depth + 1)
        elif op == "not":
            self.expr(value, vpath, depth + 1)
        elif op == "count_at_least":
            self.filter(expr.get("where", {}), _child(path, "where"), counting=True)
        elif op == "points_at_least" and "where" in expr:
            self.filter(expr["where"], _child(path, "where"), counting=False)
        elif op == "answered" and isinstance(value, dict):
            self.answered(value, vpath)

    def filter(self, flt: Any, path: str, *, counting: bool) -> None:
        """References of a filter; it must select an item, and one that can match its answers."""
        if not isinstance(flt, dict):
            return
        sections = self.refs(
            flt.get("section"), _child(path, "section"), self.sections, "section", listing=True
        )
        tags = set(self.refs(flt.get("tags_any"), _child(path, "tags_any"), sorted(self.tags), "tag"))
        codes = self.refs(flt.get("items"), _child(path, "items"), self.items, "item code")
        if not self.clean(path):
            return
        kinds = [k for k, _ in _strings(flt.get("kind"), "")]
        types = [t for t, _ in _strings(flt.get("trafficking_type"), "")]
        matched = [
            code
            for code, item in self.items.items()
            if (not sections or self.section_of[code].get("code") in sections)
            and (not kinds or item.get("kind") in kinds)
            and (not types or item.get("trafficking_type") in types)
            and (not tags or tags.intersection(item.get("tags") or ()))
            and (not codes or code in codes)
        ]
        if not matched:
            self.error(
                path,
                "this filter selects no item; check its section, kind, trafficking_type, tags_any and items",
            )
            return
        possible = sorted({v for code in matched for v in self.values_of.get(code, ())})
        for answer, apath in _strings(flt.get("answer"), _child(path, "answer")):
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

    def answered(self, spec: dict, path: str) -> None:
        codes = self.refs(spec.get("items"), _child(path, "items"), self.items, "item code")
        if "answer" in spec:
            answers, default = _strings(spec["answer"], _child(path, "answer")), ""
        else:
            answers, default = [("yes", path)], " (the default answer)"
        for answer, apath in answers:
            for code in codes:
                values = self.values_of.get(code)
                if values is not None and answer not in values and self.clean(apath):
                    self.error(
                        apath,
                        f'answer "{answer}"{default} is not on the scale of item "{code}" '
                        f"(its answers: {_quote_list(values)})",
                    )

    def vignette(self, v: dict, path: str) -> None:
        context = v.get("context") if v.get("context") in CONTEXTS else None
        age = v.get("age") if _is_int(v.get("age")) else None
        given = v.get("answers")
        answers: dict[str, Any] = given if isinstance(given, dict) else {}
        for code, answer in answers.items():
            apath = _child(_child(path, "answers"), code)
            if code not in self.items:
                if self.clean(apath):
                    self.error(apath, f'answer for unknown item code "{code}"{_suggest(code, self.items)}')
                continue
            values = self.values_of.get(code)
            if isinstance(answer, str) and values is not None and answer not in values:
                self.error(
                    apath,
                    f'"{answer}" is not an answer on the scale of item "{code}" '
                    f"(its answers: {_quote_list(values)})",
                )
            section = self.section_of[code]
            shown = section.get("contexts")
            if context is not None and isinstance(shown, list) and context not in shown:
                self.error(
                    apath,
                    f'item "{code}" is not shown in context "{context}" '
                    f"(its section is shown only in: {_quote_list(shown)})",
                )
            for ages in (section.get("ages"), self.items[code].get("ages")):
                if isinstance(ages, dict) and not engine.suits_age(ages, age):
                    self.error(
                        apath,
                        f'item "{code}" is not shown at age {age} '
                        f"(it is for ages {ages.get('min', 0)} to {ages.get('max', engine.MAX_AGE)})",
                    )
                    break
        for code, epath in _strings(v.get("established"), _child(path, "established")):
            if code not in self.items:
                self.error(epath, f'unknown item code "{code}"{_suggest(code, self.items)}')
            elif code not in answers:
                self.error(
                    epath,
                    f'established item "{code}" has no answer in "answers"; give the answer '
                    "the earlier tier established",
                )
        outcome = v.get("expected_outcome")
        if isinstance(outcome, dict):
            opath = _child(path, "expected_outcome")
            for key in ("actions_include", "actions_exclude"):
                self.refs(
                    outcome.get(key),
                    _child(opath, key),
                    sorted(self.guidance),
                    "guidance code",
                    hint=_DEFINE_GUIDANCE,
                )


def _instrument_format(data: dict, filename: str) -> tuple[int, list[ValidationError]]:
    """The file's format (a missing one is the schema's to report; read it as 1)."""
    fmt = data.get("format", 1)
    if not _is_int(fmt) or fmt not in FORMAT_VERSION:
        return 0, [
            ValidationError(
                filename,
                "$.format",
                f"unsupported format {json.dumps(fmt)}; "
                f"this program reads formats {' and '.join(map(str, FORMAT_VERSION))}",
            )
        ]
    return fmt, []


def validate_instrument_version(data: Any, filename: str = "<instrument>") -> list[ValidationError]:
    """All structural and cross-reference problems of one instrument-version fixture.

    Does not score the vignettes; see :func:`check_vignettes` / :func:`vignette_errors`.
    """
    if not isinstance(data, dict):
        return [
            ValidationError(
                filename,
                "$",
                f"the top level must be a JSON object (an instrument version), got {_describe(data)}",
            )
        ]
    fmt, errors = _instrument_format(data, filename)
    if errors:
        return errors  # another format: its keys may mean something else
    errors = _too_deep(data, filename)
    if errors:
        return errors
    errors = _schema_errors("instrument-version", data, filename)
    _Instrument(data, filename, fmt, errors).run()
    return errors


def established_by_errors(
    content: Mapping[str, Any], filename: str, known_items: Mapping[str, set[str]]
) -> list[ValidationError]:
    """Items' ``established_by`` name a known instrument and item codes it has.

    ``known_items``: instrument slug -> every item code in any of its versions (the files being
    loaded and the database).
    """
    errors = []
    for s, section in enumerate(content.get("sections") or ()):
        for i, item in enumerate(section.get("items") or ()) if isinstance(section, Mapping) else ():
            by = item.get("established_by") if isinstance(item, Mapping) else None
            if not isinstance(by, Mapping) or not isinstance(by.get("instrument"), str):
                continue
            path = f"$.sections[{s}].items[{i}].established_by"
            slug = by["instrument"]
            if slug not in known_items:
                errors.append(
                    ValidationError(
                        filename,
                        f"{path}.instrument",
                        f'unknown instrument "{slug}"{_suggest(slug, known_items)}; known instruments: '
                        f"{_quote_list(sorted(known_items)) or '(none)'}",
                    )
                )
                continue
            for code, cpath in _strings(by.get("items"), f"{path}.items"):
                if code not in known_items[slug]:
                    errors.append(
                        ValidationError(
                            filename,
                            cpath,
                            f'instrument "{slug}" has no item "{code}" in any version'
                            f"{_suggest(code, known_items[slug])}",
                        )
                    )
    return errors


# --------------------------------------------------------------------------- vignettes


def _outcome_differences(content: Mapping[str, Any], vignette: Mapping[str, Any]) -> list[str]:
    """How the vignette's outcome differs from its ``expected_outcome`` (only the keys given)."""
    got = engine.vignette_outcome(content, vignette).to_dict()
    actions = [a["code"] for a in got["actions"]]
    differences = []
    for key, expected in vignette["expected_outcome"].items():
        if key in ("actions_include", "signals_include", "actions_exclude", "signals_exclude"):
            have = actions if key.startswith("actions") else got["signals"]
            include = key.endswith("include")
            wrong = [x for x in expected if (x in have) != include]
            if wrong:
                differences.append(
                    f"expected {'' if include else 'no '}{key.split('_')[0]} {_quote_list(wrong)}, "
                    f"got [{_quote_list(have)}]"
                )
        elif key in ("identifies", "trafficking_types"):
            if set(expected) != set(got[key]):
                differences.append(f"expected {key} [{_quote_list(expected)}], got [{_quote_list(got[key])}]")
        elif got[key] != expected:
            differences.append(f"expected {key} {json.dumps(expected)}, got {json.dumps(got[key])}")
    return differences


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
            age = vignette.get("age")
            result = engine.score(
                content,
                vignette.get("answers") or {},
                items_presented=engine.items_shown(content, vignette.get("context"), age),
                age=age,
                established=vignette.get("established", ()),
            )
            differences = _outcome_differences(content, vignette) if "expected_outcome" in vignette else []
        except (AnswerError, ContentError, ValueError) as exc:
            failures.append(VignetteFailure(index, vid, desc, expected, None, exp_flags, (), str(exc)))
            continue
        flags_differ = exp_flags is not None and set(exp_flags) != set(result.flags)
        if result.level != expected or flags_differ or differences:
            failures.append(
                VignetteFailure(
                    index,
                    vid,
                    desc,
                    expected,
                    result.level,
                    exp_flags,
                    result.flags,
                    outcome_differences=tuple(differences),
                )
            )
    return failures


def vignette_errors(content: Mapping[str, Any], filename: str) -> list[ValidationError]:
    """:func:`check_vignettes` as validation errors at ``$.vignettes[i]``."""
    return [ValidationError(filename, f"$.vignettes[{f.index}]", str(f)) for f in check_vignettes(content)]


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
    if not isinstance(data, dict):
        return [
            ValidationError(
                filename, "$", f"the top level must be a JSON object (a jurisdiction), got {_describe(data)}"
            )
        ]
    fmt = data.get("format", JURISDICTION_FORMAT)
    if fmt == 1 and _is_int(fmt):
        hours = data.get("deadlines_hours")
        deadlines = [k for k in _JURISDICTION_V2_DEADLINES if not isinstance(hours, dict) or k not in hours]
        keys = [k for k in _JURISDICTION_V2_KEYS if k not in data]
        steps = ['set "format": 2'] + [
            f"add {what} {_quote_list(names)}"
            for what, names in (("to deadlines_hours", deadlines), ("the keys", keys))
            if names
        ]
        return [
            ValidationError(
                filename,
                "$.format",
                "format 1 jurisdiction files are no longer read: "
                + "; ".join(steps)
                + " (see docs/instrument-format.md)",
            )
        ]
    if fmt != JURISDICTION_FORMAT or not _is_int(fmt):
        return [
            ValidationError(
                filename,
                "$.format",
                f"unsupported format {json.dumps(fmt)}; this program reads format {JURISDICTION_FORMAT}",
            )
        ]
    errors = _too_deep(data, filename)
    if errors:
        return errors
    errors = _schema_errors("jurisdiction", data, filename)
    known: set[str] | None = None
    tiers: Mapping[str, int] | None = None
    if known_instrument_slugs is not None:
        if isinstance(known_instrument_slugs, Mapping):
            tiers = known_instrument_slugs
        known = set(known_instrument_slugs)
    given = data.get("contexts")
    contexts: dict[str, Any] = given if isinstance(given, dict) else {}
    for ctx, slugs in contexts.items():
        cpath = _child("$.contexts", ctx)
        order: list[str] = []
        for slug, spath in _strings(slugs, cpath) if isinstance(slugs, list) else ():
            if known is not None and slug not in known:
                if not any(_under(spath, e.path) for e in errors):
                    errors.append(
                        ValidationError(
                            filename,
                            spath,
                            f'unknown instrument "{slug}"{_suggest(slug, known)}; known '
                            f"instruments: {_quote_list(sorted(known)) or '(none)'}",
                        )
                    )
            elif slug not in order:
                order.append(slug)
        if tiers is not None:
            ranked = [tiers[s] for s in order]
            if ranked != sorted(ranked):
                errors.append(
                    ValidationError(
                        filename,
                        cpath,
                        "list the instruments in tier order, tier 1 first: "
                        + ", ".join(f"{s} (tier {tiers[s]})" for s in order),
                    )
                )
    seen: dict[str, str] = {}
    for report, rpath in _objects(data.get("mandated_reports"), "$.mandated_reports"):
        code = report.get("code")
        if isinstance(code, str) and code in seen:
            errors.append(
                ValidationError(
                    filename,
                    _child(rpath, "code"),
                    f'duplicate report code "{code}" (already used at {seen[code]})',
                )
            )
        elif isinstance(code, str):
            seen[code] = rpath
    if not errors:  # the texts are read by code: only once every code is sound
        errors += [
            ValidationError(filename, path, message)
            for path, message in translations.jurisdiction_missing_texts(data)
        ]
    return errors + _age_range_errors(data, filename)


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
