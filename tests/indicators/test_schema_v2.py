"""Format 2 and the new keys: the JSON Schema files, the checks only Python can make, and vignette
outcomes (docs/instrument-format.md, section 1b). Plain Python, no Django."""

import copy
import json

import pytest
from jsonschema import Draft202012Validator

from indicators import engine
from indicators.schema import (
    FORMAT_VERSION,
    SCHEMA_DIR,
    STATUSES,
    TIERS,
    check_vignettes,
    established_by_errors,
    parse_json_text,
    validate_instrument_file,
    validate_instrument_version,
    validate_jurisdiction,
)

from .test_schema import INSTRUMENTS, JURISDICTION, KNOWN, VALID

F = "v2.json"


def _v2():
    """VALID as format 2, with every new key."""
    d = copy.deepcopy(VALID)
    d["format"] = 2
    d["ages"] = {"min": 10, "max": 21}
    d["not_completed"] = {
        "share_above": 0.5,
        "answers": ["declined"],
        "where": {"kind": "question"},
        "guidance": ["offer-again"],
    }
    signs, risks, ask = d["sections"]
    signs["items"][0].update(
        fact="cash", prefill={"from": "recovery_locations", "any_of": ["hotel", "truck_stop"]}
    )
    signs["items"][1]["ages"] = {"min": 12}
    risks["items"][0]["prefill"] = {"from": "missing_episodes", "at_least": 2, "answer": "yes"}
    ask["ages"] = {"min": 12, "max": 21}
    ask["items"][0]["established_by"] = {
        "instrument": "tier1-indicators",
        "items": ["T1-SX-01"],
        "answer": "yes",
    }
    d["rules"][1]["trafficking_types"] = ["sex", "labor"]
    d["rules"] += [
        {
            "id": "exchange",
            "level": "clear",
            "reason": "Asked to trade.",
            "identifies": "sex",
            "when": {"answered": {"items": ["X-Q-01"]}},
            "flags": ["stop_disclosure"],
            "guidance": ["report"],
        },
        {
            "id": "adult-risk",
            "level": "none",
            "reason": "An adult youth with a risk factor.",
            "when": {
                "all": [
                    {"age_at_least": 18},
                    {"age_below": 22},
                    {"count_at_least": 1, "where": {"kind": "risk_factor"}},
                ]
            },
        },
    ]
    d["guidance"][0].update(continues_screening=True, applies_if={"signals_none": ["stop"]})
    d["guidance"][1]["applies_if"] = {
        "ages": {"max": 17},
        "trafficking_types_any": ["sex"],
        "signals_any": ["identified_sex"],
    }
    d["guidance"].append(
        {
            "code": "offer-again",
            "title": "Offer again",
            "description": "Offer it again.",
            "priority": "routine",
            "deadline": "offer_interview_again",
            "mandatory": False,
            "continues_screening": True,
            "applies_if": {"signals_all": ["not_completed"]},
        }
    )
    d["vignettes"].append(
        {
            "id": "disclosure",
            "description": "A 15-year-old says yes to the exchange question.",
            "age": 15,
            "context": "general",
            "answers": {"X-Q-01": "yes"},
            "established": ["X-Q-01"],
            "follows": {
                "level": "possible",
                "flags": ["tier2_recommended"],
                "identifies": [],
                "trafficking_types": ["sex"],
                "not_completed": False,
            },
            "interview": {"ages": {"min": 12}},
            "expected_level": "clear",
            "expected_flags": ["stop_disclosure"],
            "expected_outcome": {
                "level": "clear",
                "identified": True,
                "identifies": ["sex"],
                "trafficking_types": ["sex"],
                "stop": True,
                "not_completed": False,
                "next_step": "stop",
                "actions_include": ["report"],
                "actions_exclude": ["tier2", "offer-again"],
                "signals_include": ["identified_sex", "stop"],
                "signals_exclude": ["not_completed"],
            },
        }
    )
    return d


def item(data, section=0, index=0):
    return data["sections"][section]["items"][index]


def errors_of(data):
    return [(e.path, e.message) for e in validate_instrument_version(data, F)]


def test_a_format_2_file_with_every_new_key_is_valid_and_its_vignettes_pass():
    assert errors_of(_v2()) == []
    assert check_vignettes(_v2()) == []


def test_format_1_files_may_use_the_new_keys():
    data = _v2()
    data["format"] = 1
    assert errors_of(data) == []


@pytest.mark.parametrize("path", ["tier1-indicators.v1.json", "tier2-interview.v1.json"])
def test_the_v1_default_files_still_validate_with_no_errors(path):
    data, errors = validate_instrument_file(INSTRUMENTS / path, filename=path)
    assert data["format"] == 1
    assert [str(e) for e in errors] == []


# --------------------------------------------------------------------------- the schema files


def _schema(name):
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text())


@pytest.mark.parametrize("name", ["instrument-version", "jurisdiction"])
def test_the_json_schema_files_are_valid_draft_2020_12_schemas(name):
    schema = _schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    for def_name, definition in schema["$defs"].items():
        assert definition.get("description"), f"{def_name} has no description for editors"
    # Messages name the object ("unknown key ... in an item"): every closed object has a title.
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("additionalProperties") is False or "properties" in node and "required" in node:
                assert node.get("title"), node
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def test_the_schema_enums_are_the_engine_constants():
    defs = _schema("instrument-version")["$defs"]
    for name, values in {
        "flag": engine.FLAGS,
        "signal": engine.SIGNALS,
        "next_step": engine.NEXT_STEPS,
        "record_fact": engine.RECORD_FACTS,
        "recovery_location": engine.RECOVERY_LOCATIONS,
        "deadline_key": engine.DEADLINE_KEYS,
        "context": engine.CONTEXTS,
        "level": engine.LEVELS,
        "kind": engine.KINDS,
        "trafficking_type": engine.TRAFFICKING_TYPES,
        "priority": engine.PRIORITIES,
        "exploitation_type": engine.EXPLOITATION_TYPES,
    }.items():
        assert tuple(defs[name]["enum"]) == values, name
    operators = {branch["required"][0] for branch in defs["expression"]["anyOf"]}
    assert operators == set(engine.OPERATORS)
    assert defs["age"]["maximum"] == engine.MAX_AGE
    top = _schema("instrument-version")["properties"]
    assert tuple(top["status"]["enum"]) == STATUSES
    assert tuple(defs["instrument"]["properties"]["tier"]["enum"]) == TIERS
    assert tuple(top["format"]["enum"]) == FORMAT_VERSION
    jurisdiction = _schema("jurisdiction")["properties"]
    assert tuple(jurisdiction["deadlines_hours"]["required"]) == engine.DEADLINE_KEYS
    assert tuple(jurisdiction["contexts"]["required"]) == engine.CONTEXTS


# --------------------------------------------------------------------------- new keys, bad values


def _set(get, key, value):
    def mutate(d):
        get(d)[key] = value

    return mutate


RULE = lambda i: lambda d: d["rules"][i]  # noqa: E731
CASES = [
    (
        "ages-above-30",
        _set(lambda d: d["ages"], "max", 31),
        "$.ages.max",
        "an age is a whole number of years from 0 to 30, got the integer 31",
    ),
    ("ages-empty", _set(lambda d: d, "ages", {}), "$.ages", "needs at least one of: min, max"),
    (
        "ages-typo",
        _set(lambda d: d["ages"], "mx", 3),
        "$.ages.mx",
        'unknown key "mx" in an age range (did you mean "max"?); allowed keys: max, min',
    ),
    (
        "ages-min-above-max",
        _set(lambda d: d["sections"][2], "ages", {"min": 15, "max": 12}),
        "$.sections[2].ages",
        "min 15 is above max 12; an age range runs from min up to max",
    ),
    (
        "item-ages-string",
        _set(lambda d: item(d, 0, 1), "ages", {"min": "12"}),
        "$.sections[0].items[1].ages.min",
        'an age is a whole number of years from 0 to 30, got the string "12"',
    ),
    (
        "fact-pattern",
        _set(item, "fact", "Cash Keys"),
        "$.sections[0].items[0].fact",
        'invalid fact "Cash Keys": use lowercase letters, digits, "-" or "_"',
    ),
    (
        "share-one",
        _set(lambda d: d["not_completed"], "share_above", 1),
        "$.not_completed.share_above",
        "share_above must be a number from 0 up to (not including) 1, got the integer 1",
    ),
    (
        "share-negative",
        _set(lambda d: d["not_completed"], "share_above", -0.1),
        "$.not_completed.share_above",
        "share_above must be a number from 0 up to (not including) 1, got the number -0.1",
    ),
    (
        "share-missing",
        lambda d: d["not_completed"].pop("share_above"),
        "$.not_completed",
        'missing required key "share_above" in the not-completed threshold',
    ),
    (
        "not-completed-answer",
        _set(lambda d: d["not_completed"], "answers", ["declined", "no"]),
        "$.not_completed.answers[1]",
        'unknown uncertain answer "no"; uncertain answers are: declined, unknown',
    ),
    (
        "not-completed-answers-empty",
        _set(lambda d: d["not_completed"], "answers", []),
        "$.not_completed.answers",
        "needs at least one uncertain answer",
    ),
    (
        "not-completed-guidance",
        _set(lambda d: d["not_completed"], "guidance", ["offer-agian"]),
        "$.not_completed.guidance[0]",
        'unknown guidance code "offer-agian" (did you mean "offer-again"?); define it in the top-level '
        '"guidance" list',
    ),
    (
        "not-completed-where-selects-nothing",
        _set(lambda d: d["not_completed"], "where", {"section": "risks", "kind": "question"}),
        "$.not_completed.where",
        "this filter selects no item",
    ),
    (
        "prefill-unknown-fact",
        _set(item, "prefill", {"from": "missing_episode", "at_least": 2}),
        "$.sections[0].items[0].prefill.from",
        'unknown record fact "missing_episode" (did you mean "missing_episodes"?); record facts are: '
        "missing_episodes, recovery_locations",
    ),
    (
        "prefill-missing-at-least",
        _set(item, "prefill", {"from": "missing_episodes"}),
        "$.sections[0].items[0].prefill",
        'missing required key "at_least" in a prefill from "missing_episodes"',
    ),
    (
        "prefill-wrong-key-for-fact",
        _set(item, "prefill", {"from": "missing_episodes", "at_least": 1, "any_of": ["hotel"]}),
        "$.sections[0].items[0].prefill.any_of",
        'unknown key "any_of" in a prefill from "missing_episodes"; allowed keys: answer, at_least, from',
    ),
    (
        "prefill-at-least-zero",
        _set(item, "prefill", {"from": "missing_episodes", "at_least": 0}),
        "$.sections[0].items[0].prefill.at_least",
        "at_least must be a whole number of 1 or more, got the integer 0",
    ),
    (
        "prefill-location",
        _set(item, "prefill", {"from": "recovery_locations", "any_of": ["hotell"]}),
        "$.sections[0].items[0].prefill.any_of[0]",
        'unknown recovery location "hotell" (did you mean "hotel"?); recovery locations are: hotel, ',
    ),
    (
        "prefill-answer-unknown",
        _set(lambda d: item(d)["prefill"], "answer", "unknown"),
        "$.sections[0].items[0].prefill.answer",
        'an answer recorded for the youth is never "unknown" or "declined", got the string "unknown"',
    ),
    (
        "prefill-answer-off-scale",
        _set(lambda d: item(d)["prefill"], "answer", "maybe"),
        "$.sections[0].items[0].prefill.answer",
        'answer "maybe" is not on scale "yes_no_unknown" (its answers: yes, no, unknown)',
    ),
    (
        "established-by-own-instrument",
        _set(lambda d: item(d, 2)["established_by"], "instrument", "tier1-test"),
        "$.sections[2].items[0].established_by.instrument",
        "an item is established by the earlier tier's instrument, never by its own",
    ),
    (
        "established-by-no-items",
        _set(lambda d: item(d, 2)["established_by"], "items", []),
        "$.sections[2].items[0].established_by.items",
        "needs at least one item code",
    ),
    (
        "established-by-answer-declined",
        _set(lambda d: item(d, 2)["established_by"], "answer", "declined"),
        "$.sections[2].items[0].established_by.answer",
        'is never "unknown" or "declined"',
    ),
    (
        "established-by-bad-slug",
        _set(lambda d: item(d, 2)["established_by"], "instrument", "Tier 1"),
        "$.sections[2].items[0].established_by.instrument",
        'invalid slug "Tier 1"',
    ),
    (
        "identifies-on-possible",
        _set(RULE(0), "identifies", "sex"),
        "$.rules[0].identifies",
        '"identifies" marks an identification fact, so it goes only on a rule of level "clear", not '
        '"possible"',
    ),
    (
        "identifies-both",
        _set(RULE(2), "identifies", "both"),
        "$.rules[2].identifies",
        'unknown exploitation type "both"; exploitation types are: sex, labor',
    ),
    (
        "trafficking-types-twice",
        _set(RULE(1), "trafficking_types", ["sex", "sex"]),
        "$.rules[1].trafficking_types[1]",
        'exploitation type "sex" is listed twice',
    ),
    (
        "trafficking-types-empty",
        _set(RULE(1), "trafficking_types", []),
        "$.rules[1].trafficking_types",
        "needs at least one exploitation type",
    ),
    (
        "age-at-least-31",
        _set(lambda d: d["rules"][3]["when"]["all"][0], "age_at_least", 31),
        "$.rules[3].when.all[0].age_at_least",
        "age_at_least takes a whole number of years from 0 to 30",
    ),
    (
        "age-below-0",
        _set(lambda d: d["rules"][3]["when"]["all"][1], "age_below", 0),
        "$.rules[3].when.all[1].age_below",
        "age_below takes a whole number of years from 1 to 31",
    ),
    (
        "age-alone-is-no-concern",
        _set(RULE(0), "when", {"age_below": 12}),
        "$.rules[0].when",
        'a rule that sets level "possible" must need at least one matching answer to fire',
    ),
    (
        "applies-if-signal",
        _set(lambda d: d["guidance"][1]["applies_if"], "signals_any", ["identified_sexx"]),
        "$.guidance[1].applies_if.signals_any[0]",
        'unknown signal "identified_sexx" (did you mean "identified_sex"?); signals are: concern_possible, ',
    ),
    (
        "applies-if-empty",
        _set(lambda d: d["guidance"][1], "applies_if", {}),
        "$.guidance[1].applies_if",
        "needs at least one of: ages, trafficking_types_any, signals_any, signals_all, signals_none",
    ),
    (
        "applies-if-type",
        _set(lambda d: d["guidance"][1]["applies_if"], "trafficking_types_any", ["both"]),
        "$.guidance[1].applies_if.trafficking_types_any[0]",
        'unknown exploitation type "both"',
    ),
    (
        "applies-if-typo",
        _set(lambda d: d["guidance"][1]["applies_if"], "signal_any", ["stop"]),
        "$.guidance[1].applies_if.signal_any",
        'unknown key "signal_any" in a condition (did you mean "signals_any"?)',
    ),
    (
        "applies-if-ages",
        _set(lambda d: d["guidance"][1]["applies_if"], "ages", {"min": 18, "max": 17}),
        "$.guidance[1].applies_if.ages",
        "min 18 is above max 17",
    ),
    (
        "continues-screening",
        _set(lambda d: d["guidance"][0], "continues_screening", "yes"),
        "$.guidance[0].continues_screening",
        'expected true or false, got the string "yes"',
    ),
    (
        "new-deadline-typo",
        _set(lambda d: d["guidance"][2], "deadline", "offer_interview_agian"),
        "$.guidance[2].deadline",
        'unknown deadline "offer_interview_agian" (did you mean "offer_interview_again"?)',
    ),
    (
        "vignette-age",
        _set(lambda d: d["vignettes"][2], "age", 31),
        "$.vignettes[2].age",
        "an age is a whole number of years from 0 to 30, got the integer 31",
    ),
    (
        "vignette-established-unanswered",
        _set(lambda d: d["vignettes"][2], "established", ["X-01"]),
        "$.vignettes[2].established[0]",
        'established item "X-01" has no answer in "answers"; give the answer the earlier tier established',
    ),
    (
        "vignette-established-unknown",
        _set(lambda d: d["vignettes"][2], "established", ["X-99"]),
        "$.vignettes[2].established[0]",
        'unknown item code "X-99"',
    ),
    (
        "vignette-item-not-at-age",
        _set(lambda d: d["vignettes"][2], "age", 11),
        '$.vignettes[2].answers["X-Q-01"]',
        'item "X-Q-01" is not shown at age 11 (it is for ages 12 to 21)',
    ),
    (
        "vignette-follows-level",
        _set(lambda d: d["vignettes"][2]["follows"], "level", "clera"),
        "$.vignettes[2].follows.level",
        'unknown level "clera" (did you mean "clear"?); levels are: ',
    ),
    (
        "vignette-follows-without-level",
        lambda d: d["vignettes"][2]["follows"].pop("level"),
        "$.vignettes[2].follows",
        'missing required key "level" in the earlier tier',
    ),
    (
        "vignette-interview-without-ages",
        _set(lambda d: d["vignettes"][2], "interview", {}),
        "$.vignettes[2].interview",
        'missing required key "ages" in the interview that would follow',
    ),
    (
        "vignette-outcome-empty",
        _set(lambda d: d["vignettes"][2], "expected_outcome", {}),
        "$.vignettes[2].expected_outcome",
        "needs at least one of: level, identified, ",
    ),
    (
        "vignette-next-step",
        _set(lambda d: d["vignettes"][2]["expected_outcome"], "next_step", "interveiw"),
        "$.vignettes[2].expected_outcome.next_step",
        'unknown next step "interveiw" (did you mean "interview"?); next steps are: stop, offer_again, ',
    ),
    (
        "vignette-action-unknown",
        _set(lambda d: d["vignettes"][2]["expected_outcome"], "actions_exclude", ["tier-2"]),
        "$.vignettes[2].expected_outcome.actions_exclude[0]",
        'unknown guidance code "tier-2" (did you mean "tier2"?)',
    ),
    (
        "vignette-signal-unknown",
        _set(lambda d: d["vignettes"][2]["expected_outcome"], "signals_include", ["stopp"]),
        "$.vignettes[2].expected_outcome.signals_include[0]",
        'unknown signal "stopp" (did you mean "stop"?)',
    ),
    (
        "vignette-outcome-typo",
        _set(lambda d: d["vignettes"][2]["expected_outcome"], "nextstep", "stop"),
        "$.vignettes[2].expected_outcome.nextstep",
        'unknown key "nextstep" in an expected outcome (did you mean "next_step"?)',
    ),
]


@pytest.mark.parametrize(("mutate", "path", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_bad_new_key_gives_a_specific_error(mutate, path, message):
    data = _v2()
    mutate(data)
    errors = validate_instrument_version(data, F)
    assert [e for e in errors if e.path == path and message in e.message], "\n".join(map(str, errors))


def test_one_mistake_gives_one_message_not_a_cascade():
    data = _v2()
    data["rules"][0]["when"] = {
        "any": [{"count_at_least": 1, "where": {"kind": "sign"}}, {"answered": {"itmes": ["X-01"]}}]
    }
    assert errors_of(data) == [
        (
            "$.rules[0].when.any[0].where.kind",
            'unknown kind "sign"; kinds are: indicator, risk_factor, question',
        ),
        ("$.rules[0].when.any[1].answered", 'missing required key "items" in an "answered" condition'),
        (
            "$.rules[0].when.any[1].answered.itmes",
            'unknown key "itmes" in an "answered" condition (did you mean "items"?); allowed keys: answer, '
            "items, mode",
        ),
    ]
    data["rules"][0]["when"] = {"all": [{"count_at_least": 1, "points_at_least": 2}]}
    assert errors_of(data) == [
        (
            "$.rules[0].when.all[0]",
            "an expression has exactly one operator, found 2 (count_at_least, "
            'points_at_least); combine conditions with "all" or "any"',
        )
    ]
    data["rules"][0]["when"] = {"all": [{}]}
    assert errors_of(data) == [
        (
            "$.rules[0].when.all[0]",
            "empty expression; use one of: age_at_least, "
            "age_below, all, answered, any, count_at_least, not, points_at_least",
        )
    ]
    data["rules"][0]["when"] = {"count_at_least": 1, "where": {"kind": ["indicator", 3]}}
    assert errors_of(data) == [
        (
            "$.rules[0].when.where.kind[1]",
            "kind must be one of: indicator, risk_factor, question; got the integer 3",
        )
    ]
    data["rules"][0]["when"] = {"count_at_least": 1, "where": {"kind": 3}}
    assert errors_of(data) == [
        ("$.rules[0].when.where.kind", "must be a kind or a non-empty array of kinds, got the integer 3")
    ]


# --------------------------------------------------------------------------- format 2: clear names its items


A = {"answered": {"items": ["X-01"]}}
C = {"count_at_least": 1, "where": {"kind": "indicator"}}
P = {"points_at_least": 3}
AGE = {"age_at_least": 12}
NAMING = [
    ("answered", A, True),
    ("count", C, False),
    ("points", P, False),
    ("all-with-an-answered-part", {"all": [C, A]}, True),
    ("all-of-counts", {"all": [C, P]}, False),
    ("all-of-age-and-answered", {"all": [AGE, A]}, True),
    ("all-of-age-and-count", {"all": [AGE, C]}, False),
    ("any-every-part-names", {"any": [A, {"answered": {"items": ["X-02"], "answer": ["yes"]}}]}, True),
    ("any-one-part-counts", {"any": [A, C]}, False),
    ("not-does-not-name", {"all": [C, {"not": A}]}, False),
    ("all-with-not-and-answered", {"all": [{"not": C}, A]}, True),
    ("nested-any-of-alls-that-name", {"any": [{"all": [C, A]}, {"all": [P, A]}]}, True),
    ("nested-any-with-a-count-way", {"any": [{"all": [C, A]}, {"all": [C, P]}]}, False),
    ("nested-all-of-any", {"all": [P, {"any": [A, {"all": [A, C]}]}]}, True),
]


@pytest.mark.parametrize(("when", "names"), [c[1:] for c in NAMING], ids=[c[0] for c in NAMING])
def test_a_clear_rule_must_name_its_items_in_format_2_only(when, names):
    data = _v2()
    data["rules"][1]["when"] = when
    problems = [m for p, m in errors_of(data) if p == "$.rules[1].when"]
    if names:
        assert problems == []
    else:
        assert problems == [
            'a rule of level "clear" must name its items: in every way its condition can be true, an '
            '"answered" condition on the specific items must take part. Counts and points of '
            'circumstantial indicators never reach clear concern, however many; use level "possible" '
            "for them"
        ]
    data["format"] = 1
    assert [m for p, m in errors_of(data) if p == "$.rules[1].when"] == []
    data["format"] = 2
    data["rules"][1]["level"] = "possible"  # only clear is held to it
    assert [m for p, m in errors_of(data) if p == "$.rules[1].when"] == []


def test_a_clear_rule_that_can_fire_without_an_answer_gets_that_message_first():
    data = _v2()
    data["rules"][1]["when"] = {"not": A}
    assert [m for p, m in errors_of(data) if p == "$.rules[1].when"] == [
        'a rule that sets level "clear" must need at least one matching answer to fire; this condition '
        'can be true without one (it relies on "not", an age, count_at_least 0 or points_at_least 0)'
    ]


def test_formats_other_than_1_and_2_are_refused_before_anything_else():
    data = _v2()
    data["format"] = 3
    data["ruels"] = []
    assert errors_of(data) == [("$.format", "unsupported format 3; this program reads formats 1 and 2")]


# --------------------------------------------------------------------------- depth


def _nested(depth):
    value = []
    for _ in range(depth):
        value = [value]
    return value


def test_json_nested_5000_deep_gives_a_clear_error_not_a_crash():
    data = _v2()
    data["change_note"] = _nested(5000)
    assert errors_of(data) == [("$", "nested more than 64 levels deep; no fixture needs that many")]
    jurisdiction = copy.deepcopy(JURISDICTION)
    jurisdiction["description"] = {"a": _nested(5000)}
    assert [e.message for e in validate_jurisdiction(jurisdiction, "j.json")] == [
        "nested more than 64 levels deep; no fixture needs that many"
    ]
    data, errors = parse_json_text("[" * 5000 + "]" * 5000, "deep.json")
    assert data is None and [e.message for e in errors] == ["not valid JSON: nested too deeply"]


def test_an_expression_21_levels_deep_is_refused_and_20_is_not():
    for depth, problems in ((20, []), (21, ["expression nested more than 20 levels deep"])):
        expr = copy.deepcopy(A)
        for _ in range(depth):
            expr = {"all": [expr]}
        data = _v2()
        data["rules"][2]["when"] = expr
        assert [m for _, m in errors_of(data)] == problems


# --------------------------------------------------------------------------- cross-file: established_by


def test_established_by_errors_checks_the_instrument_and_its_items():
    data = _v2()
    assert established_by_errors(data, F, {"tier1-indicators": {"T1-SX-01", "T1-SX-02"}}) == []
    errors = established_by_errors(data, F, {"tier1-indicators": {"T1-SX-1"}})
    assert [(e.path, e.message) for e in errors] == [
        (
            "$.sections[2].items[0].established_by.items[0]",
            'instrument "tier1-indicators" has no item "T1-SX-01" in any version (did you mean "T1-SX-1"?)',
        )
    ]
    errors = established_by_errors(data, F, {"tier1-indicator": set(), "tier2-interview": set()})
    assert [(e.path, e.message) for e in errors] == [
        (
            "$.sections[2].items[0].established_by.instrument",
            'unknown instrument "tier1-indicators" (did you mean "tier1-indicator"?); known instruments: '
            "tier1-indicator, tier2-interview",
        )
    ]
    assert established_by_errors(VALID, F, {}) == []  # no established_by at all


# --------------------------------------------------------------------------- vignette outcomes


def test_a_vignette_outcome_that_differs_is_a_failure_naming_every_difference():
    data = _v2()
    data["vignettes"][2]["expected_outcome"] = {
        "level": "possible",
        "stop": False,
        "identifies": ["labor"],
        "trafficking_types": ["sex"],
        "actions_include": ["tier2"],
        "actions_exclude": ["report"],
        "signals_include": ["severe_form"],
        "signals_exclude": ["stop"],
    }
    [failure] = check_vignettes(data)
    assert failure.id == "disclosure" and failure.actual_level == "clear"
    assert failure.outcome_differences == (
        'expected level "possible", got "clear"',
        "expected stop false, got true",
        "expected identifies [labor], got [sex]",
        "expected actions tier2, got [report]",
        "expected no actions report, got [report]",
        "expected signals severe_form, got [concern_possible, concern_clear, identified, identified_sex, "
        "stop, stop_disclosure, tier2_recommended]",
        "expected no signals stop, got [concern_possible, concern_clear, identified, identified_sex, stop, "
        "stop_disclosure, tier2_recommended]",
    )
    assert str(failure).startswith(
        'vignette "disclosure" (A 15-year-old says yes to the exchange question.): expected level '
        '"possible", got "clear"'
    )


def test_trafficking_types_of_an_outcome_are_compared_as_sets():
    data = _v2()
    data["rules"][2]["trafficking_types"] = ["sex", "labor"]
    data["vignettes"][2]["expected_outcome"] = {"trafficking_types": ["labor", "sex"]}
    assert check_vignettes(data) == []
    data["vignettes"][2]["expected_outcome"] = {"trafficking_types": ["sex"]}
    assert [f.outcome_differences for f in check_vignettes(data)] == [
        ("expected trafficking_types [sex], got [sex, labor]",)
    ]


def test_a_vignette_is_scored_at_its_age():
    data = _v2()
    data["vignettes"][2]["age"] = 11  # the questions are for 12 and over: never presented
    [failure] = check_vignettes(data)
    assert failure.actual_level is None and "not presented" in failure.error


# --------------------------------------------------------------------------- jurisdictions, format 2


def jur():
    return copy.deepcopy(JURISDICTION)


def test_a_format_1_jurisdiction_is_refused_naming_the_keys_to_add():
    data = jur()
    data["format"] = 1
    for key in ("oldest_age_served", "legal_definitions", "mandated_reports"):
        del data[key]
    for key in engine.DEADLINE_KEYS[5:]:
        del data["deadlines_hours"][key]
    assert [(e.path, e.message) for e in validate_jurisdiction(data, "j.json", KNOWN)] == [
        (
            "$.format",
            'format 1 jurisdiction files are no longer read: set "format": 2; add to deadlines_hours '
            "notify_hhs_foreign_national_child, report_online_exploitation_to_ncmec, offer_interview_again; "
            "add the keys oldest_age_served, legal_definitions, mandated_reports "
            "(see docs/instrument-format.md)",
        )
    ]


JURISDICTION_CASES = [
    (
        "missing-new-deadline",
        lambda d: d["deadlines_hours"].pop("offer_interview_again"),
        "$.deadlines_hours",
        'missing deadline "offer_interview_again"; give all of: ',
    ),
    (
        "oldest-age-17",
        lambda d: d.update(oldest_age_served=17),
        "$.oldest_age_served",
        "oldest_age_served must be a whole number of years from 18 to 30, got the integer 17",
    ),
    (
        "oldest-age-missing",
        lambda d: d.pop("oldest_age_served"),
        "$",
        'missing required key "oldest_age_served" in a jurisdiction',
    ),
    (
        "definition-missing",
        lambda d: d["legal_definitions"].pop("severe_form"),
        "$.legal_definitions",
        'missing required key "severe_form" in the legal definitions',
    ),
    (
        "definition-age-string",
        lambda d: d["legal_definitions"]["severe_form"].update(force_fraud_coercion_needed_from_age="18"),
        "$.legal_definitions.severe_form.force_fraud_coercion_needed_from_age",
        "force_fraud_coercion_needed_from_age must be an age from 0 to 30, or null (never needed), got the "
        'string "18"',
    ),
    (
        "definition-age-31",
        lambda d: d["legal_definitions"]["sex_trafficking_victim"].update(
            force_fraud_coercion_needed_from_age=31
        ),
        "$.legal_definitions.sex_trafficking_victim.force_fraud_coercion_needed_from_age",
        "must be an age from 0 to 30, or null (never needed), got the integer 31",
    ),
    (
        "definition-typo",
        lambda d: d["legal_definitions"]["severe_form"].update(notes="x"),
        "$.legal_definitions.severe_form.notes",
        'unknown key "notes" in a legal definition (did you mean "note"?)',
    ),
    (
        "report-code-twice",
        lambda d: d["mandated_reports"][1].update(code="report-law-enforcement"),
        "$.mandated_reports[1].code",
        'duplicate report code "report-law-enforcement" (already used at $.mandated_reports[0])',
    ),
    (
        "report-code-pattern",
        lambda d: d["mandated_reports"][1].update(code="Notify HHS"),
        "$.mandated_reports[1].code",
        'invalid guidance code "Notify HHS"',
    ),
    (
        "report-without-deadline",
        lambda d: d["mandated_reports"][1].pop("deadline"),
        "$.mandated_reports[1]",
        'missing required key "deadline" in a mandated report',
    ),
    (
        "report-deadline-hours",
        lambda d: d["mandated_reports"][1].update(deadline=24),
        "$.mandated_reports[1].deadline",
        "never a number of hours (hours are set per jurisdiction), got the integer 24",
    ),
    (
        "report-by-age-alone",
        lambda d: d["mandated_reports"][1].update(applies_if={"ages": {"max": 17}}),
        "$.mandated_reports[1].applies_if",
        "a mandated report is triggered by signals, never by age alone: give signals_any or signals_all",
    ),
    (
        "report-by-signals-none-only",
        lambda d: d["mandated_reports"][1].update(applies_if={"signals_none": ["stop"]}),
        "$.mandated_reports[1].applies_if",
        "a mandated report is triggered by signals, never by age alone",
    ),
    (
        "report-signal-typo",
        lambda d: d["mandated_reports"][0]["applies_if"].update(signals_any=["identifed"]),
        "$.mandated_reports[0].applies_if.signals_any[0]",
        'unknown signal "identifed" (did you mean "identified"?)',
    ),
    (
        "report-priority",
        lambda d: d["mandated_reports"][0].update(priority="asap"),
        "$.mandated_reports[0].priority",
        'unknown priority "asap"; priorities are: immediate, urgent, routine',
    ),
    (
        "report-empty-title",
        lambda d: d["mandated_reports"][0].update(title=" "),
        "$.mandated_reports[0].title",
        "must not be empty",
    ),
    (
        "variant-replaces-nothing",
        lambda d: d["mandated_reports"][0]["variants"][0].pop("description"),
        "$.mandated_reports[0].variants[0]",
        "a variant gives applies_if and at least one of title, description, contacts",
    ),
    (
        "variant-without-condition",
        lambda d: d["mandated_reports"][0]["variants"][0].pop("applies_if"),
        "$.mandated_reports[0].variants[0]",
        'missing required key "applies_if" in a report variant',
    ),
    (
        "variant-typo",
        lambda d: d["mandated_reports"][0]["variants"][0].update(titel="x"),
        "$.mandated_reports[0].variants[0].titel",
        'unknown key "titel" in a report variant (did you mean "title"?); '
        "allowed keys: applies_if, contacts, description, title",
    ),
    (
        "variant-ages",
        lambda d: d["mandated_reports"][0]["variants"][0].update(applies_if={"ages": {"min": 19, "max": 18}}),
        "$.mandated_reports[0].variants[0].applies_if.ages",
        "min 19 is above max 18",
    ),
    (
        "variants-empty",
        lambda d: d["mandated_reports"][0].update(variants=[]),
        "$.mandated_reports[0].variants",
        "needs at least one report variant",
    ),
    (
        "contacts-not-a-list",
        lambda d: d["mandated_reports"][0].update(contacts={"name": "x"}),
        "$.mandated_reports[0].contacts",
        "expected an array, got an object",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "path", "message"), [c[1:] for c in JURISDICTION_CASES], ids=[c[0] for c in JURISDICTION_CASES]
)
def test_a_bad_format_2_jurisdiction_gives_a_specific_error(mutate, path, message):
    data = jur()
    mutate(data)
    errors = validate_jurisdiction(data, "j.json", KNOWN)
    assert [e for e in errors if e.path == path and message in e.message], "\n".join(map(str, errors))


def test_mandated_reports_may_be_empty_and_definitions_need_force_from_no_age():
    data = jur()
    data["mandated_reports"] = []
    data["legal_definitions"]["severe_form"] = {"force_fraud_coercion_needed_from_age": None}
    assert validate_jurisdiction(data, "j.json", KNOWN) == []
