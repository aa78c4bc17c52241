"""Validation of instrument-version and jurisdiction fixtures (plain Python, no Django)."""

import copy
import json
import re
from pathlib import Path

import pytest

from indicators.checksum import CHECKSUM_EXCLUDED_KEYS, canonical_json, content_checksum
from indicators.schema import (
    ValidationError,
    check_vignettes,
    parse_json_file,
    parse_json_text,
    validate_instrument_file,
    validate_instrument_version,
    validate_jurisdiction,
    validate_jurisdiction_file,
    vignette_errors,
)

ROOT = Path(__file__).resolve().parents[2]
INSTRUMENTS = ROOT / "fixtures" / "instruments"
JURISDICTIONS = ROOT / "fixtures" / "jurisdictions"
DOCS = ROOT / "docs" / "instrument-format.md"
F = "t.json"

SRC = {"seed": "003_960e6c1bdefe39dc.txt", "section": "Indicators"}

VALID = {
    "format": 1,
    "instrument": {"slug": "tier1-test", "name": "Test tool", "tier": 1, "purpose": "Tests."},
    "version": 1,
    "status": "draft",
    "change_note": "First.",
    "answer_scales": {
        "yes_no_unknown": {
            "options": [
                {"value": "yes", "label": "Yes"},
                {"value": "no", "label": "No"},
                {"value": "unknown", "label": "Unknown"},
            ]
        },
        "interview": {
            "options": [
                {"value": "yes", "label": "Yes"},
                {"value": "no", "label": "No"},
                {"value": "unknown", "label": "Not sure"},
                {"value": "declined", "label": "Declined to answer"},
            ]
        },
    },
    "sections": [
        {
            "code": "signs",
            "title": "Signs",
            "items": [
                {
                    "code": "X-01",
                    "text": "Cash or hotel keys.",
                    "kind": "indicator",
                    "trafficking_type": "sex",
                    "scale": "yes_no_unknown",
                    "points": {"yes": 1},
                    "tags": ["cash"],
                    "source": SRC,
                },
                {
                    "code": "X-02",
                    "text": "Controlling adult.",
                    "kind": "indicator",
                    "trafficking_type": "both",
                    "scale": "yes_no_unknown",
                    "points": {"yes": 2},
                    "source": SRC,
                },
            ],
        },
        {
            "code": "risks",
            "title": "Risks",
            "contexts": ["general", "entry_into_care"],
            "items": [
                {
                    "code": "X-RF-01",
                    "text": "Ran away before.",
                    "kind": "risk_factor",
                    "trafficking_type": "vulnerability",
                    "scale": "yes_no_unknown",
                    "source": SRC,
                },
            ],
        },
        {
            "code": "ask",
            "title": "Questions",
            "items": [
                {
                    "code": "X-Q-01",
                    "text": "Asked to trade something.",
                    "phrasing": "Has anyone...",
                    "kind": "question",
                    "trafficking_type": "both",
                    "scale": "interview",
                    "points": {"yes": 1},
                    "source": SRC,
                },
            ],
        },
    ],
    "rules": [
        {
            "id": "any-indicator",
            "level": "possible",
            "reason": "One sign.",
            "when": {"count_at_least": 1, "where": {"kind": "indicator"}},
            "flags": ["tier2_recommended"],
            "guidance": ["tier2"],
        },
        {
            "id": "both",
            "level": "clear",
            "reason": "Two signs.",
            "when": {
                "all": [
                    {"answered": {"items": ["X-01", "X-02"], "mode": "all"}},
                    {"points_at_least": 3, "where": {"section": "signs"}},
                ]
            },
            "guidance": ["report"],
        },
    ],
    "guidance": [
        {
            "code": "tier2",
            "title": "Tier 2",
            "description": "Do the interview.",
            "priority": "urgent",
            "mandatory": True,
        },
        {
            "code": "report",
            "title": "Report",
            "description": "Report.",
            "priority": "urgent",
            "deadline": "report_trafficking_to_law_enforcement",
            "mandatory": True,
            "contacts": [{"name": "NHTH", "phone": "1-888-373-7888", "text": "233733"}],
            "source": SRC,
        },
    ],
    "vignettes": [
        {
            "id": "one",
            "description": "One sign.",
            "answers": {"X-01": "yes"},
            "expected_level": "possible",
            "expected_flags": ["tier2_recommended"],
        },
        {
            "id": "two",
            "description": "Two signs.",
            "answers": {"X-01": "yes", "X-02": "yes"},
            "expected_level": "clear",
            "context": "general",
        },
    ],
}

JURISDICTION = {
    "format": 2,
    "slug": "test-state",
    "name": "Test state",
    "deadlines_hours": {
        "screening_after_return_from_missing": 24,
        "screening_after_opening_with_runaway_history": 72,
        "report_missing_to_law_enforcement": 24,
        "report_missing_to_ncmec": 24,
        "report_trafficking_to_law_enforcement": 8,
        "notify_hhs_foreign_national_child": 24,
        "report_online_exploitation_to_ncmec": 24,
        "offer_interview_again": 168,
    },
    "contexts": {
        "general": ["tier1-indicators", "tier2-interview"],
        "cps_investigation": ["tier1-indicators"],
        "entry_into_care": ["tier1-indicators", "tier2-interview"],
        "return_from_missing": ["tier1-indicators", "tier2-interview"],
    },
    "oldest_age_served": 21,
    "legal_definitions": {
        "sex_trafficking_victim": {
            "force_fraud_coercion_needed_from_age": None,
            "citation": "42 U.S.C. 675(11)",
        },
        "severe_form": {
            "force_fraud_coercion_needed_from_age": 18,
            "citation": "22 U.S.C. 7102(11)",
            "note": "Labor trafficking always needs force, fraud or coercion.",
        },
    },
    "mandated_reports": [
        {
            "code": "report-law-enforcement",
            "title": "Report to law enforcement",
            "description": "Report the identified victim.",
            "priority": "urgent",
            "deadline": "report_trafficking_to_law_enforcement",
            "applies_if": {"signals_any": ["identified_sex", "identified_labor"]},
            "contacts": [{"name": "Local law enforcement"}],
            "variants": [
                {
                    "applies_if": {"ages": {"min": 18}},
                    "description": "Report the identified victim (an adult youth in care).",
                }
            ],
        },
        {
            "code": "notify-hhs",
            "title": "Notify HHS",
            "description": "Request eligibility.",
            "priority": "urgent",
            "deadline": "notify_hhs_foreign_national_child",
            "applies_if": {"signals_all": ["foreign_national", "concern_possible"], "ages": {"max": 17}},
        },
    ],
}
KNOWN = {"tier1-indicators": 1, "tier2-interview": 2}


def valid():
    return copy.deepcopy(VALID)


def item(data, section=0, index=0):
    return data["sections"][section]["items"][index]


def errors_after(mutate):
    data = valid()
    result = mutate(data)
    if isinstance(result, list):  # a mutation may replace the whole document
        data = result
    return validate_instrument_version(data, F)


def _set(path_fn, value):
    def mutate(data):
        obj, key = path_fn(data)
        obj[key] = value

    return mutate


def _del(path_fn):
    def mutate(data):
        obj, key = path_fn(data)
        del obj[key]

    return mutate


def test_the_base_fixture_is_valid_and_its_vignettes_pass():
    assert validate_instrument_version(valid(), F) == []
    assert check_vignettes(valid()) == []


# (id, mutation, expected path, expected message part)
CASES = [
    (
        "top-level-not-object",
        lambda d: [d],
        "$",
        "the top level must be a JSON object (an instrument version), got an array",
    ),
    (
        "missing-format",
        _del(lambda d: (d, "format")),
        "$",
        'missing required key "format" in an instrument version',
    ),
    (
        "unknown-format",
        _set(lambda d: (d, "format"), 3),
        "$.format",
        "unsupported format 3; this program reads formats 1 and 2",
    ),
    ("format-as-string", _set(lambda d: (d, "format"), "1"), "$.format", 'unsupported format "1"'),
    (
        "missing-rules",
        _del(lambda d: (d, "rules")),
        "$",
        'missing required key "rules" in an instrument version',
    ),
    (
        "missing-item-text",
        _del(lambda d: (item(d), "text")),
        "$.sections[0].items[0]",
        'missing required key "text" in an item',
    ),
    (
        "typo-key-ruels",
        lambda d: d.__setitem__("ruels", d.pop("rules")),
        "$.ruels",
        'unknown key "ruels" in an instrument version (did you mean "rules"?); allowed keys: ',
    ),
    (
        "typo-item-key",
        lambda d: item(d).__setitem__("tex", "x"),
        "$.sections[0].items[0].tex",
        'unknown key "tex" in an item (did you mean "text"?)',
    ),
    (
        "wrong-type-sections",
        _set(lambda d: (d, "sections"), {"a": 1}),
        "$.sections",
        "expected an array, got an object",
    ),
    (
        "wrong-type-name",
        _set(lambda d: (d["instrument"], "name"), 5),
        "$.instrument.name",
        "expected a string, got the integer 5",
    ),
    (
        "wrong-type-mandatory",
        _set(lambda d: (d["guidance"][0], "mandatory"), "yes"),
        "$.guidance[0].mandatory",
        'expected true or false, got the string "yes"',
    ),
    (
        "empty-text",
        _set(lambda d: (item(d), "text"), "  "),
        "$.sections[0].items[0].text",
        "must not be empty",
    ),
    (
        "bad-slug",
        _set(lambda d: (d["instrument"], "slug"), "Tier 1"),
        "$.instrument.slug",
        'invalid slug "Tier 1": use 1 to 50 lowercase letters, digits and single hyphens',
    ),
    (
        "version-zero",
        _set(lambda d: (d, "version"), 0),
        "$.version",
        "version must be a positive integer, got the integer 0",
    ),
    (
        "version-string",
        _set(lambda d: (d, "version"), "1"),
        "$.version",
        'version must be a positive integer, got the string "1"',
    ),
    (
        "version-float",
        _set(lambda d: (d, "version"), 1.5),
        "$.version",
        "version must be a positive integer, got the number 1.5",
    ),
    (
        "bad-status",
        _set(lambda d: (d, "status"), "publshed"),
        "$.status",
        'unknown status "publshed" (did you mean "published"?); statuses are: draft, published, retired',
    ),
    (
        "status-not-a-string",
        _set(lambda d: (d, "status"), 1),
        "$.status",
        "status must be one of: draft, published, retired; got the integer 1",
    ),
    (
        "bad-tier",
        _set(lambda d: (d["instrument"], "tier"), 3),
        "$.instrument.tier",
        "tier must be 1 (brief indicator tool) or 2 (in-depth interview tool), got the integer 3",
    ),
    (
        "duplicate-item-code",
        _set(lambda d: (item(d, 0, 1), "code"), "X-01"),
        "$.sections[0].items[1].code",
        'duplicate item code "X-01" (already used at $.sections[0].items[0])',
    ),
    (
        "duplicate-item-code-across-sections",
        _set(lambda d: (item(d, 2, 0), "code"), "X-RF-01"),
        "$.sections[2].items[0].code",
        'duplicate item code "X-RF-01" (already used at $.sections[1].items[0])',
    ),
    (
        "duplicate-section-code",
        _set(lambda d: (d["sections"][1], "code"), "signs"),
        "$.sections[1].code",
        'duplicate section code "signs" (already used at $.sections[0])',
    ),
    (
        "bad-item-code",
        _set(lambda d: (item(d), "code"), "X 01"),
        "$.sections[0].items[0].code",
        'invalid item code "X 01"',
    ),
    (
        "duplicate-rule-id",
        _set(lambda d: (d["rules"][1], "id"), "any-indicator"),
        "$.rules[1].id",
        'duplicate rule id "any-indicator" (already used at $.rules[0])',
    ),
    (
        "duplicate-guidance-code",
        _set(lambda d: (d["guidance"][1], "code"), "tier2"),
        "$.guidance[1].code",
        'duplicate guidance code "tier2" (already used at $.guidance[0])',
    ),
    (
        "unknown-scale",
        _set(lambda d: (item(d), "scale"), "yesno"),
        "$.sections[0].items[0].scale",
        'unknown answer scale "yesno"; defined scales are: interview, yes_no_unknown',
    ),
    (
        "points-answer-not-on-scale",
        _set(lambda d: (item(d), "points"), {"yes": 1, "maybe": 1}),
        "$.sections[0].items[0].points.maybe",
        'points for answer "maybe", which is not on scale "yes_no_unknown" (its answers: yes, no, unknown)',
    ),
    (
        "negative-points",
        _set(lambda d: (item(d), "points"), {"yes": -1}),
        "$.sections[0].items[0].points.yes",
        "points must be a number of 0 or more, got the integer -1",
    ),
    (
        "non-numeric-points",
        _set(lambda d: (item(d), "points"), {"yes": "2"}),
        "$.sections[0].items[0].points.yes",
        'points must be a number of 0 or more, got the string "2"',
    ),
    (
        "points-for-unknown",
        _set(lambda d: (item(d), "points"), {"yes": 1, "unknown": 1}),
        "$.sections[0].items[0].points.unknown",
        'answer "unknown" may not carry points: "unknown" and "declined" never count toward a concern',
    ),
    (
        "unknown-kind",
        _set(lambda d: (item(d), "kind"), "indicatr"),
        "$.sections[0].items[0].kind",
        'unknown kind "indicatr" (did you mean "indicator"?); kinds are: indicator, risk_factor, question',
    ),
    (
        "unknown-trafficking-type",
        _set(lambda d: (item(d), "trafficking_type"), "labour"),
        "$.sections[0].items[0].trafficking_type",
        'unknown trafficking_type "labour" (did you mean "labor"?); trafficking types '
        "are: sex, labor, both, vulnerability",
    ),
    (
        "unknown-level",
        _set(lambda d: (d["rules"][0], "level"), "high"),
        "$.rules[0].level",
        'unknown level "high"; levels are: none, possible, clear',
    ),
    (
        "rule-unknown-guidance",
        _set(lambda d: (d["rules"][0], "guidance"), ["tier-2"]),
        "$.rules[0].guidance[0]",
        'unknown guidance code "tier-2" (did you mean "tier2"?); define it in the top-level "guidance" list',
    ),
    (
        "unknown-operator",
        _set(lambda d: (d["rules"][0], "when"), {"count_atleast": 1}),
        "$.rules[0].when.count_atleast",
        'unknown operator "count_atleast" (did you mean "count_at_least"?); operators are: '
        "age_at_least, age_below, all, answered, any, count_at_least, not, points_at_least",
    ),
    (
        "two-operators",
        _set(lambda d: (d["rules"][0], "when"), {"count_at_least": 1, "points_at_least": 1}),
        "$.rules[0].when",
        "an expression has exactly one operator, found 2 (count_at_least, points_at_least); "
        'combine conditions with "all" or "any"',
    ),
    (
        "typo-where",
        _set(lambda d: (d["rules"][0], "when"), {"count_at_least": 1, "wher": {"kind": "indicator"}}),
        "$.rules[0].when.wher",
        'unknown key "wher" in a "count_at_least" expression (did you mean "where"?)',
    ),
    (
        "expression-not-object",
        _set(lambda d: (d["rules"][0], "when"), "count >= 1"),
        "$.rules[0].when",
        'expected an expression object such as {"count_at_least": 1}, got the string "count >= 1"',
    ),
    (
        "empty-all",
        _set(lambda d: (d["rules"][0], "when"), {"all": []}),
        "$.rules[0].when.all",
        "needs at least one expression",
    ),
    (
        "count-negative",
        _set(lambda d: (d["rules"][0]["when"], "count_at_least"), -1),
        "$.rules[0].when.count_at_least",
        "count_at_least must be a non-negative integer, got the integer -1",
    ),
    (
        "count-float",
        _set(lambda d: (d["rules"][0]["when"], "count_at_least"), 1.5),
        "$.rules[0].when.count_at_least",
        "count_at_least must be a non-negative integer, got the number 1.5",
    ),
    (
        "count-string",
        _set(lambda d: (d["rules"][0]["when"], "count_at_least"), "2"),
        "$.rules[0].when.count_at_least",
        'count_at_least must be a non-negative integer, got the string "2"',
    ),
    (
        "count-bool",
        _set(lambda d: (d["rules"][0]["when"], "count_at_least"), True),
        "$.rules[0].when.count_at_least",
        "count_at_least must be a non-negative integer, got true",
    ),
    (
        "points-threshold-negative",
        _set(lambda d: (d["rules"][1]["when"]["all"][1], "points_at_least"), -2),
        "$.rules[1].when.all[1].points_at_least",
        "points_at_least must be a number of 0 or more, got the integer -2",
    ),
    (
        "filter-unknown-section",
        _set(lambda d: (d["rules"][1]["when"]["all"][1]["where"], "section"), "sings"),
        "$.rules[1].when.all[1].where.section",
        'unknown section "sings" (did you mean "signs"?); sections are: signs, risks, ask',
    ),
    (
        "filter-unknown-item",
        _set(lambda d: (d["rules"][0]["when"]["where"], "items"), ["X-01", "X-99"]),
        "$.rules[0].when.where.items[1]",
        'unknown item code "X-99"',
    ),
    (
        "filter-unknown-kind",
        _set(lambda d: (d["rules"][0]["when"]["where"], "kind"), "sign"),
        "$.rules[0].when.where.kind",
        'unknown kind "sign"; kinds are: indicator, risk_factor, question',
    ),
    (
        "filter-unknown-type",
        _set(lambda d: (d["rules"][0]["when"]["where"], "trafficking_type"), ["sex", "labour"]),
        "$.rules[0].when.where.trafficking_type[1]",
        'unknown trafficking_type "labour"',
    ),
    (
        "filter-unknown-tag",
        _set(lambda d: (d["rules"][0]["when"]["where"], "tags_any"), ["cahs"]),
        "$.rules[0].when.where.tags_any[0]",
        'unknown tag "cahs" (did you mean "cash"?)',
    ),
    (
        "filter-unknown-key",
        _set(lambda d: (d["rules"][0]["when"]["where"], "sections"), "signs"),
        "$.rules[0].when.where.sections",
        'unknown key "sections" in a filter (did you mean "section"?); allowed keys: answer, items, '
        "kind, section, tags_any, trafficking_type",
    ),
    (
        "filter-answer-not-on-any-scale",
        _set(lambda d: (d["rules"][0]["when"]["where"], "answer"), "declined"),
        "$.rules[0].when.where.answer",
        'answer "declined" is not on the scale of any item this filter selects (their answers: '
        "no, unknown, yes)",
    ),
    (
        "filter-selects-nothing",
        _set(lambda d: (d["rules"][0]["when"], "where"), {"section": "risks", "kind": "indicator"}),
        "$.rules[0].when.where",
        "this filter selects no item",
    ),
    (
        "answered-unknown-item",
        _set(lambda d: (d["rules"][1]["when"]["all"][0]["answered"], "items"), ["X-01", "X-03"]),
        "$.rules[1].when.all[0].answered.items[1]",
        'unknown item code "X-03"',
    ),
    (
        "answered-answer-not-on-scale",
        _set(lambda d: (d["rules"][1]["when"]["all"][0]["answered"], "answer"), ["yes", "declined"]),
        "$.rules[1].when.all[0].answered.answer[1]",
        'answer "declined" is not on the scale of item "X-01" (its answers: yes, no, unknown)',
    ),
    (
        "answered-bad-mode",
        _set(lambda d: (d["rules"][1]["when"]["all"][0]["answered"], "mode"), "every"),
        "$.rules[1].when.all[0].answered.mode",
        'mode must be "any" or "all", got the string "every"',
    ),
    (
        "rule-fires-without-answers",
        _set(lambda d: (d["rules"][0], "when"), {"not": {"count_at_least": 1}}),
        "$.rules[0].when",
        'a rule that sets level "possible" must need at least one matching answer to fire',
    ),
    (
        "rule-count-zero-at-clear",
        _set(lambda d: (d["rules"][1], "when"), {"count_at_least": 0}),
        "$.rules[1].when",
        'a rule that sets level "clear" must need at least one matching answer',
    ),
    (
        "unknown-flag",
        _set(lambda d: (d["rules"][0], "flags"), ["tier_2"]),
        "$.rules[0].flags[0]",
        'unknown flag "tier_2"; flags are: immediate_danger, stop_disclosure, tier2_recommended',
    ),
    (
        "flag-typo",
        _set(lambda d: (d["rules"][0], "flags"), ["tier2_recomended"]),
        "$.rules[0].flags[0]",
        'unknown flag "tier2_recomended" (did you mean "tier2_recommended"?)',
    ),
    (
        "bad-priority",
        _set(lambda d: (d["guidance"][0], "priority"), "high"),
        "$.guidance[0].priority",
        'unknown priority "high"; priorities are: immediate, urgent, routine',
    ),
    (
        "deadline-hours",
        _set(lambda d: (d["guidance"][1], "deadline"), 24),
        "$.guidance[1].deadline",
        "a deadline names one of the jurisdiction's deadlines, never a number of hours (hours are "
        "set per jurisdiction), got the integer 24",
    ),
    (
        "deadline-unknown-key",
        _set(lambda d: (d["guidance"][1], "deadline"), "report_trafficking_to_police"),
        "$.guidance[1].deadline",
        'unknown deadline "report_trafficking_to_police" (did you mean '
        '"report_trafficking_to_law_enforcement"?)',
    ),
    (
        "contact-without-name",
        _set(lambda d: (d["guidance"][1], "contacts"), [{"phone": "911"}]),
        "$.guidance[1].contacts[0]",
        'missing required key "name" in a contact',
    ),
    (
        "unknown-context",
        _set(lambda d: (d["sections"][1], "contexts"), ["general", "on_return"]),
        "$.sections[1].contexts[1]",
        'unknown context "on_return"; contexts are: general, cps_investigation, entry_into_care, '
        "return_from_missing",
    ),
    (
        "duplicate-option-value",
        lambda d: d["answer_scales"]["yes_no_unknown"]["options"].append(
            {"value": "yes", "label": "Yes again"}
        ),
        "$.answer_scales.yes_no_unknown.options[3].value",
        'duplicate option value "yes" in scale "yes_no_unknown" (already at '
        "$.answer_scales.yes_no_unknown.options[0])",
    ),
    (
        "zero-options",
        lambda d: d["answer_scales"].__setitem__("empty", {"options": []}),
        "$.answer_scales.empty.options",
        "needs at least one answer option",
    ),
    (
        "bad-option-value",
        _set(lambda d: (d["answer_scales"]["interview"]["options"][0], "value"), "Yes!"),
        "$.answer_scales.interview.options[0].value",
        'invalid answer value "Yes!"',
    ),
    (
        "tier2-question-without-declined",
        lambda d: (d["instrument"].__setitem__("tier", 2), item(d, 2).__setitem__("scale", "yes_no_unknown")),
        "$.sections[2].items[0].scale",
        'interview question uses scale "yes_no_unknown", which has no "declined" option; every '
        'interview question must be answerable "Declined to answer"',
    ),
    (
        "vignette-unknown-item",
        _set(lambda d: (d["vignettes"][0], "answers"), {"X-09": "yes"}),
        '$.vignettes[0].answers["X-09"]',
        'answer for unknown item code "X-09"',
    ),
    (
        "vignette-invalid-answer",
        _set(lambda d: (d["vignettes"][0], "answers"), {"X-01": "Y"}),
        '$.vignettes[0].answers["X-01"]',
        '"Y" is not an answer on the scale of item "X-01" (its answers: yes, no, unknown)',
    ),
    (
        "vignette-item-not-in-context",
        lambda d: (
            d["vignettes"][1].__setitem__("context", "return_from_missing"),
            d["vignettes"][1]["answers"].__setitem__("X-RF-01", "yes"),
        ),
        '$.vignettes[1].answers["X-RF-01"]',
        'item "X-RF-01" is not shown in context "return_from_missing" (its section is shown only '
        "in: general, entry_into_care)",
    ),
    (
        "vignette-bad-level",
        _set(lambda d: (d["vignettes"][0], "expected_level"), "medium"),
        "$.vignettes[0].expected_level",
        'unknown level "medium"; levels are: none, possible, clear',
    ),
    (
        "duplicate-vignette-id",
        _set(lambda d: (d["vignettes"][1], "id"), "one"),
        "$.vignettes[1].id",
        'duplicate vignette id "one" (already used at $.vignettes[0])',
    ),
    (
        "item-source-missing",
        _del(lambda d: (item(d), "source")),
        "$.sections[0].items[0]",
        'missing required key "source" in an item',
    ),
    (
        "item-source-without-seed-or-citation",
        _set(lambda d: (item(d), "source"), {"note": "trust me"}),
        "$.sections[0].items[0].source",
        'a source must name a "seed" file (with its "section") or give a "citation"',
    ),
    (
        "item-source-seed-without-section",
        _set(lambda d: (item(d), "source"), {"seed": "003_960e6c1bdefe39dc.txt"}),
        "$.sections[0].items[0].source",
        'missing required key "section" in a source: it goes with "seed"',
    ),
    ("no-rules", _set(lambda d: (d, "rules"), []), "$.rules", "needs at least one rule"),
    (
        "section-without-items",
        _set(lambda d: (d["sections"][0], "items"), []),
        "$.sections[0].items",
        "needs at least one item",
    ),
]


@pytest.mark.parametrize(("mutate", "path", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_malformed_fixture_gives_a_specific_error(mutate, path, message):
    errors = errors_after(mutate)
    assert errors, "expected at least one error"
    matching = [e for e in errors if e.path == path and message in e.message]
    assert matching, "\n".join(str(e) for e in errors)
    assert all(e.file == F for e in errors)


def test_there_are_at_least_twenty_kinds_of_malformed_fixture():
    assert len({c[0] for c in CASES}) >= 20


def test_error_string_names_file_path_and_message():
    data = valid()
    data["sections"].insert(0, {"code": "s0", "title": "S0", "items": [{**item(data), "code": "S0-01"}]})
    data["sections"].insert(0, {"code": "s00", "title": "S00", "items": [{**item(data), "code": "S00-01"}]})
    data["sections"][2]["items"][0]["scale"] = "yesno"
    errors = validate_instrument_version(data, "tier1.json")
    assert [str(e) for e in errors] == [
        'tier1.json: $.sections[2].items[0].scale: unknown answer scale "yesno"; defined scales '
        "are: interview, yes_no_unknown"
    ]
    assert errors[0] == ValidationError(
        "tier1.json",
        "$.sections[2].items[0].scale",
        'unknown answer scale "yesno"; defined scales are: interview, yes_no_unknown',
    )


def test_all_errors_are_collected_not_just_the_first():
    data = valid()
    data["ruels"] = []
    data["version"] = 0
    item(data)["kind"] = "nope"
    item(data, 0, 1)["scale"] = "nope"
    data["rules"][0]["flags"] = ["nope"]
    data["guidance"][0]["priority"] = "nope"
    data["vignettes"][0]["expected_level"] = "nope"
    paths = {e.path for e in validate_instrument_version(data, F)}
    assert paths >= {
        "$.ruels",
        "$.version",
        "$.sections[0].items[0].kind",
        "$.sections[0].items[1].scale",
        "$.rules[0].flags[0]",
        "$.guidance[0].priority",
        "$.vignettes[0].expected_level",
    }


def test_wrong_types_deep_inside_do_not_crash_the_validator():
    for broken in (None, 1, "x", [], {}, [1, "a", None], {"a": None}):
        for key in ("instrument", "answer_scales", "sections", "rules", "guidance", "vignettes"):
            data = valid()
            data[key] = broken
            errors = validate_instrument_version(data, F)
            if broken == [] and key in ("guidance", "vignettes"):
                continue  # an empty list of guidance or vignettes is allowed
            assert errors, (key, broken)
            assert all(isinstance(e, ValidationError) for e in errors)
        data = valid()
        data["sections"][0]["items"] = [broken]
        data["rules"] = [{"id": "x", "level": "clear", "reason": "r", "when": broken}]
        assert validate_instrument_version(data, F)


def test_deeply_nested_expression_is_rejected_without_recursion_error():
    expr = {"count_at_least": 1}
    for _ in range(200):
        expr = {"all": [expr]}
    data = valid()
    data["rules"][0]["when"] = expr
    errors = validate_instrument_version(data, F)
    assert any("nested more than 20 levels deep" in e.message for e in errors)


def test_counting_filter_on_a_scale_without_yes_needs_an_explicit_answer():
    data = valid()
    data["answer_scales"]["c012"] = {"options": [{"value": v, "label": v} for v in "012"]}
    item(data, 0, 1)["scale"] = "c012"
    item(data, 0, 1)["points"] = {"2": 2}
    data["rules"][1]["when"]["all"][0] = {"count_at_least": 1, "where": {"items": ["X-02"]}}
    data["vignettes"] = []
    errors = validate_instrument_version(data, F)
    assert [(e.path, e.message) for e in errors] == [
        (
            "$.rules[1].when.all[0].where",
            'this filter counts "yes" answers (the default), but no item it selects has "yes" on '
            'its scale (their answers: 0, 1, 2); add "answer"',
        )
    ]
    data["rules"][1]["when"]["all"][0]["where"]["answer"] = ["1", "2"]
    assert validate_instrument_version(data, F) == []


# --------------------------------------------------------------------------- parsing


def test_bad_json_names_file_line_and_column():
    data, errors = parse_json_text('{\n  "format": 1,\n  "version": ,\n}', "broken.json")
    assert data is None
    assert [str(e) for e in errors] == [
        "broken.json: $: not valid JSON: Expecting value at line 3, column 14"
    ]


def test_duplicate_json_keys_are_reported():
    data, errors = parse_json_text('{"rules": [], "rules": [1]}', "dup.json")
    assert data == {"rules": [1]}
    assert [e.message for e in errors] == [
        'the key "rules" appears twice in one object; JSON would silently keep only the last one'
    ]


def test_nan_is_rejected():
    data, errors = parse_json_text('{"points_at_least": NaN}', "nan.json")
    assert data is None and "NaN is not allowed" in errors[0].message


def test_parse_json_file_errors(tmp_path):
    data, errors = parse_json_file(tmp_path / "missing.json")
    assert data is None and "cannot read the file" in errors[0].message
    bad = tmp_path / "latin1.json"
    bad.write_bytes('{"name": "caf\xe9"}'.encode("latin-1"))
    data, errors = parse_json_file(bad, "latin1.json")
    assert data is None and errors[0].message == "not UTF-8 text (bad byte at offset 13)"
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + json.dumps(VALID).encode())
    data, errors = parse_json_file(bom)
    assert errors == [] and data == VALID


def test_validate_instrument_file_reports_parse_validation_and_vignette_errors(tmp_path):
    path = tmp_path / "x.json"
    path.write_text("[")
    assert validate_instrument_file(path)[1][0].message.startswith("not valid JSON")
    data = valid()
    data["version"] = -1
    path.write_text(json.dumps(data))
    assert [e.path for e in validate_instrument_file(path, filename="x.json")[1]] == ["$.version"]
    data = valid()
    data["vignettes"][0]["expected_level"] = "clear"
    path.write_text(json.dumps(data))
    _, errors = validate_instrument_file(path, filename="x.json")
    assert [str(e) for e in errors] == [
        'x.json: $.vignettes[0]: vignette "one" (One sign.): expected level "clear", got "possible"'
    ]


# --------------------------------------------------------------------------- vignettes


def test_check_vignettes_lists_each_failing_vignette():
    data = valid()
    data["vignettes"][0]["expected_level"] = "none"
    data["vignettes"][1]["expected_flags"] = ["stop_disclosure"]
    failures = check_vignettes(data)
    assert [(f.id, f.description, f.expected_level, f.actual_level) for f in failures] == [
        ("one", "One sign.", "none", "possible"),
        ("two", "Two signs.", "clear", "clear"),
    ]
    assert str(failures[1]) == (
        'vignette "two" (Two signs.): expected flags [stop_disclosure], got [tier2_recommended]'
    )
    assert [e.path for e in vignette_errors(data, F)] == ["$.vignettes[0]", "$.vignettes[1]"]


def test_check_vignettes_reports_answers_that_do_not_fit():
    data = valid()
    data["vignettes"][0]["answers"] = {"X-01": "maybe"}  # bypasses the validator
    failures = check_vignettes(data)
    assert failures[0].actual_level is None
    assert 'item "X-01": "maybe" is not an allowed answer' in failures[0].error
    assert "could not be scored" in str(failures[0])


# --------------------------------------------------------------------------- jurisdictions


def jur():
    return copy.deepcopy(JURISDICTION)


def test_valid_jurisdiction():
    assert validate_jurisdiction(jur(), "j.json") == []
    assert validate_jurisdiction(jur(), "j.json", known_instrument_slugs=KNOWN) == []
    assert validate_jurisdiction(jur(), "j.json", known_instrument_slugs=list(KNOWN)) == []


JURISDICTION_CASES = [
    (
        "missing-deadline",
        lambda d: d["deadlines_hours"].pop("report_missing_to_ncmec"),
        "$.deadlines_hours",
        'missing deadline "report_missing_to_ncmec"; give all of: screening_after_return_from_missing, ',
    ),
    (
        "zero-hours",
        lambda d: d["deadlines_hours"].__setitem__("report_missing_to_ncmec", 0),
        "$.deadlines_hours.report_missing_to_ncmec",
        "deadline hours must be a positive whole number, got the integer 0",
    ),
    (
        "negative-hours",
        lambda d: d["deadlines_hours"].__setitem__("report_trafficking_to_law_enforcement", -8),
        "$.deadlines_hours.report_trafficking_to_law_enforcement",
        "deadline hours must be a positive whole number, got the integer -8",
    ),
    (
        "string-hours",
        lambda d: d["deadlines_hours"].__setitem__("report_trafficking_to_law_enforcement", "24"),
        "$.deadlines_hours.report_trafficking_to_law_enforcement",
        'deadline hours must be a positive whole number, got the string "24"',
    ),
    (
        "fractional-hours",
        lambda d: d["deadlines_hours"].__setitem__("report_trafficking_to_law_enforcement", 0.5),
        "$.deadlines_hours.report_trafficking_to_law_enforcement",
        "deadline hours must be a positive whole number, got the number 0.5",
    ),
    (
        "unknown-deadline",
        lambda d: d["deadlines_hours"].__setitem__("report_missing_to_ncmek", 24),
        "$.deadlines_hours.report_missing_to_ncmek",
        'unknown deadline "report_missing_to_ncmek" (did you mean "report_missing_to_ncmec"?)',
    ),
    (
        "missing-context",
        lambda d: d["contexts"].pop("return_from_missing"),
        "$.contexts",
        'missing context "return_from_missing"; give all of: general, cps_investigation, '
        "entry_into_care, return_from_missing",
    ),
    (
        "unknown-context",
        lambda d: d["contexts"].__setitem__("return_from_mising", []),
        "$.contexts.return_from_mising",
        'unknown context "return_from_mising" (did you mean "return_from_missing"?)',
    ),
    (
        "unknown-instrument",
        lambda d: d["contexts"]["general"].append("tier3-thing"),
        "$.contexts.general[2]",
        'unknown instrument "tier3-thing"; known instruments: tier1-indicators, tier2-interview',
    ),
    (
        "empty-context",
        lambda d: d["contexts"].__setitem__("general", []),
        "$.contexts.general",
        "needs at least one instrument",
    ),
    (
        "duplicate-instrument",
        lambda d: d["contexts"]["general"].append("tier1-indicators"),
        "$.contexts.general[2]",
        'instrument "tier1-indicators" is listed twice',
    ),
    (
        "tier-order",
        lambda d: d["contexts"]["general"].reverse(),
        "$.contexts.general",
        "list the instruments in tier order, tier 1 first: tier2-interview (tier 2), "
        "tier1-indicators (tier 1)",
    ),
    ("bad-slug", lambda d: d.__setitem__("slug", "Test State"), "$.slug", 'invalid slug "Test State"'),
    ("missing-name", lambda d: d.pop("name"), "$", 'missing required key "name" in a jurisdiction'),
    (
        "typo-key",
        lambda d: d.__setitem__("deadline_hours", {}),
        "$.deadline_hours",
        'unknown key "deadline_hours" in a jurisdiction (did you mean "deadlines_hours"?)',
    ),
    (
        "bad-format",
        lambda d: d.__setitem__("format", 7),
        "$.format",
        "unsupported format 7; this program reads format 2",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "path", "message"), [c[1:] for c in JURISDICTION_CASES], ids=[c[0] for c in JURISDICTION_CASES]
)
def test_malformed_jurisdiction_gives_a_specific_error(mutate, path, message):
    data = jur()
    mutate(data)
    errors = validate_jurisdiction(data, "j.json", known_instrument_slugs=KNOWN)
    matching = [e for e in errors if e.path == path and message in e.message]
    assert matching, "\n".join(str(e) for e in errors)


def test_unknown_instruments_are_only_checked_when_slugs_are_given():
    data = jur()
    data["contexts"]["general"] = ["some-other-tool"]
    assert validate_jurisdiction(data, "j.json") == []
    assert validate_jurisdiction(data, "j.json", known_instrument_slugs=[]) != []


def test_jurisdiction_top_level_must_be_an_object():
    errors = validate_jurisdiction("x", "j.json")
    assert [str(e) for e in errors] == [
        'j.json: $: the top level must be a JSON object (a jurisdiction), got the string "x"'
    ]


# --------------------------------------------------------------------------- default files


def _default_instruments():
    return sorted(INSTRUMENTS.glob("*.json"))


def test_the_default_fixtures_exist():
    assert [p.name for p in _default_instruments()] == [
        "tier1-indicators.v1.json",
        "tier1-indicators.v2.json",
        "tier1-indicators.v3.json",
        "tier2-interview.v1.json",
        "tier2-interview.v2.json",
        "tier2-interview.v3.json",
    ]
    assert (JURISDICTIONS / "federal-baseline.json").is_file()


@pytest.mark.parametrize("path", _default_instruments(), ids=lambda p: p.name)
def test_default_instrument_files_validate_with_no_errors(path):
    data, errors = validate_instrument_file(path, filename=path.name)
    assert [str(e) for e in errors] == []
    slug, version = path.name.removesuffix(".json").rsplit(".v", 1)
    assert data["instrument"]["slug"] == slug and data["version"] == int(version)


def test_default_jurisdiction_validates_against_the_default_instruments():
    tiers = {}
    for path in _default_instruments():
        data = json.loads(path.read_text())
        tiers[data["instrument"]["slug"]] = data["instrument"]["tier"]
    for path in sorted(JURISDICTIONS.glob("*.json")):
        _, errors = validate_jurisdiction_file(path, tiers, filename=path.name)
        assert [str(e) for e in errors] == []


def _doc_blocks():
    return [json.loads(b) for b in re.findall(r"```json\n(.*?)```", DOCS.read_text(), re.S)]


def test_the_documented_example_is_valid_and_its_vignettes_pass():
    instrument, jurisdiction = _doc_blocks()
    assert [str(e) for e in validate_instrument_version(instrument, "example.json")] == []
    assert check_vignettes(instrument) == []
    assert validate_jurisdiction(jurisdiction, "example-state.json", KNOWN) == []


def test_the_documentation_lists_every_flag_context_and_deadline():
    from indicators.engine import CONTEXTS, DEADLINE_KEYS, FLAGS, OPERATORS

    text = DOCS.read_text()
    for word in (*FLAGS, *CONTEXTS, *DEADLINE_KEYS, *OPERATORS, *CHECKSUM_EXCLUDED_KEYS):
        assert f"`{word}`" in text, word


# --------------------------------------------------------------------------- checksum


def test_checksum_survives_export_and_load():
    content = valid()
    exported = json.dumps(content, indent=2, sort_keys=False)
    reloaded = json.loads(exported)
    assert content_checksum(reloaded) == content_checksum(content)
    shuffled = json.loads(json.dumps(dict(reversed(list(content.items())))))
    assert content_checksum(shuffled) == content_checksum(content)


def test_checksum_ignores_lifecycle_keys_only():
    assert CHECKSUM_EXCLUDED_KEYS == frozenset({"status"})
    content = valid()
    base = content_checksum(content)
    for status in ("published", "retired"):
        assert content_checksum({**content, "status": status}) == base
    changed = valid()
    changed["rules"][0]["when"]["count_at_least"] = 2
    assert content_checksum(changed) != base
    changed = valid()
    changed["change_note"] = "Other."
    assert content_checksum(changed) != base
    changed = valid()
    item(changed)["text"] = "Cash or hotel keys!"
    assert content_checksum(changed) != base


def test_checksum_is_sha256_of_canonical_json():
    import hashlib

    content = {"status": "draft", "b": [1, 2.0, "é"], "a": {"y": 1, "x": None}}
    assert canonical_json(content) == '{"a":{"x":null,"y":1},"b":[1,2,"é"]}'
    assert content_checksum(content) == hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()
    assert len(content_checksum(content)) == 64


def test_checksum_of_whole_number_floats_equals_ints():
    a = valid()
    b = valid()
    item(b)["points"]["yes"] = 1.0
    assert content_checksum(a) == content_checksum(b)
    item(b)["points"]["yes"] = 1.5
    assert content_checksum(a) != content_checksum(b)


def test_checksum_rejects_non_json_values():
    with pytest.raises(ValueError):
        content_checksum({"x": float("nan")})
    with pytest.raises(TypeError):
        content_checksum({"x": {1, 2}})


@pytest.mark.parametrize("path", _default_instruments(), ids=lambda p: p.name)
def test_default_content_checksum_is_stable_across_a_round_trip(path):
    content = json.loads(path.read_text())
    again = json.loads(json.dumps(content, ensure_ascii=True))
    assert content_checksum(again) == content_checksum(content)
