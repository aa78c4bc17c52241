"""Property-based tests of the scoring engine over the default instruments (hypothesis)."""

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators.engine import (
    CONTEXTS,
    FLAGS,
    LEVELS,
    UNCERTAIN_ANSWERS,
    items_for_context,
    level_rank,
    score,
)

ROOT = Path(__file__).resolve().parents[2]
INSTRUMENTS = ROOT / "fixtures" / "instruments"
CONTENTS = {path.name: json.loads(path.read_text()) for path in sorted(INSTRUMENTS.glob("*.json"))}
NAMES = sorted(CONTENTS)

SETTINGS = settings(
    max_examples=200,
    database=None,  # keep no example database in the working tree
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _values(content):
    scales = {name: [o["value"] for o in s["options"]] for name, s in content["answer_scales"].items()}
    return {i["code"]: scales[i["scale"]] for s in content["sections"] for i in s["items"]}


VALUES = {name: _values(c) for name, c in CONTENTS.items()}


def _mentions_uncertain(obj):
    """Does a rule expression explicitly ask for unknown/declined answers?"""
    if isinstance(obj, dict):
        return any(_mentions_uncertain(v) for v in obj.values())
    if isinstance(obj, list):
        return any(_mentions_uncertain(v) for v in obj)
    return obj in UNCERTAIN_ANSWERS


#: Rules of each default instrument that explicitly count unknown/declined answers.
UNCERTAIN_RULES = {
    name: {r["id"] for r in c["rules"] if _mentions_uncertain(r["when"])} for name, c in CONTENTS.items()
}


@st.composite
def screenings(draw, allowed=None):
    """(instrument file name, context, presented codes, answers)."""
    name = draw(st.sampled_from(NAMES))
    content = CONTENTS[name]
    context = draw(st.sampled_from(CONTEXTS))
    presented = items_for_context(content, context)
    answers = {}
    for code in presented:
        choices = [v for v in VALUES[name][code] if allowed is None or v in allowed]
        value = draw(st.sampled_from([None, *choices]))
        if value is not None:
            answers[code] = value
    return name, context, presented, answers


def _score(name, presented, answers):
    return score(CONTENTS[name], answers, items_presented=presented)


def test_default_rules_only_count_uncertain_answers_at_level_none():
    # The properties below rely on this: rules that count unknown/declined explicitly
    # may add guidance but never raise the level or set a flag.
    assert UNCERTAIN_RULES["tier1-indicators.v1.json"] == {"several-unknown"}
    assert UNCERTAIN_RULES["tier2-interview.v1.json"] == {"several-declined"}
    for name, content in CONTENTS.items():
        for r in content["rules"]:
            if r["id"] in UNCERTAIN_RULES[name]:
                assert r["level"] == "none" and not r.get("flags")


@SETTINGS
@given(screenings())
def test_random_answers_never_crash_and_give_a_well_formed_result(case):
    name, context, presented, answers = case
    result = _score(name, presented, answers)
    assert result.level in LEVELS
    assert result.level == max((r.level for r in result.fired_rules), key=level_rank, default="none")
    assert set(result.flags) <= set(FLAGS)
    assert len({g.code for g in result.guidance}) == len(result.guidance)
    assert json.loads(json.dumps(result.to_dict()))["level"] == result.level
    assert _score(name, presented, dict(reversed(list(answers.items())))) == result


@SETTINGS
@given(screenings(), st.data())
def test_turning_a_no_into_yes_never_lowers_the_level(case, data):
    name, context, presented, answers = case
    noes = [code for code, value in answers.items() if value == "no"]
    if not noes:
        return
    before = _score(name, presented, answers)
    code = data.draw(st.sampled_from(noes))
    after = _score(name, presented, {**answers, code: "yes"})
    assert level_rank(after.level) >= level_rank(before.level)
    assert after.points >= before.points
    assert {r.id for r in before.fired_rules if r.id not in UNCERTAIN_RULES[name]} <= {
        r.id for r in after.fired_rules
    }


@SETTINGS
@given(screenings(), st.data(), st.sampled_from(["unknown", "declined", None]))
def test_replacing_a_yes_by_unknown_or_declined_never_raises_the_level(case, data, replacement):
    name, context, presented, answers = case
    yeses = [code for code, value in answers.items() if value == "yes"]
    if not yeses:
        return
    code = data.draw(st.sampled_from(yeses))
    values = VALUES[name][code]
    if replacement is not None and replacement not in values:
        return
    before = _score(name, presented, answers)
    changed = dict(answers)
    if replacement is None:
        del changed[code]
    else:
        changed[code] = replacement
    after = _score(name, presented, changed)
    assert level_rank(after.level) <= level_rank(before.level)
    assert after.points <= before.points
    assert set(after.flags) <= set(before.flags)
    # No rule that needs a substantive answer starts firing because of the change.
    new = {r.id for r in after.fired_rules} - {r.id for r in before.fired_rules}
    assert new <= UNCERTAIN_RULES[name]


@SETTINGS
@given(screenings(allowed={"no", "unknown", "declined"}))
def test_without_any_yes_no_rule_that_needs_a_yes_fires(case):
    name, context, presented, answers = case
    result = _score(name, presented, answers)
    assert {r.id for r in result.fired_rules} <= UNCERTAIN_RULES[name]
    assert result.level == "none"
    assert result.flags == () and result.next_step is None
    assert result.points == 0


@SETTINGS
@given(screenings(allowed={"unknown", "declined"}))
def test_only_unknown_or_declined_answers_score_nothing(case):
    name, context, presented, answers = case
    result = _score(name, presented, answers)
    assert result.points == 0
    assert result.level == "none"
    for fired in result.fired_rules:
        assert all(a.answer in UNCERTAIN_ANSWERS for a in fired.answers)


@pytest.mark.parametrize("name", NAMES)
def test_unknown_and_declined_carry_no_points_in_the_default_content(name):
    content = CONTENTS[name]
    for section in content["sections"]:
        for item in section["items"]:
            for value in UNCERTAIN_ANSWERS:
                assert item.get("points", {}).get(value, 0) == 0
                if value in VALUES[name][item["code"]]:
                    assert score(content, {item["code"]: value}).points == 0


# --- the hard rule holds for any content, including "not": a generic instrument

GENERIC = {
    "format": 1,
    "instrument": {"slug": "generic", "name": "Generic", "tier": 2},
    "version": 1,
    "status": "draft",
    "answer_scales": {
        "s": {"options": [{"value": v, "label": v} for v in ("yes", "no", "unknown", "declined")]}
    },
    "sections": [
        {
            "code": "x",
            "title": "X",
            "items": [
                {
                    "code": f"Q{i}",
                    "text": f"Q{i}",
                    "kind": "question",
                    "trafficking_type": "both",
                    "scale": "s",
                    "points": {"yes": i % 3},
                    "source": {"citation": "test"},
                }
                for i in range(1, 7)
            ],
        }
    ],
    "rules": [
        {
            "id": "not-q1",
            "level": "clear",
            "reason": "r",
            "when": {"all": [{"answered": {"items": ["Q2"]}}, {"not": {"answered": {"items": ["Q1"]}}}]},
        },
        {
            "id": "not-no",
            "level": "possible",
            "reason": "r",
            "when": {
                "all": [
                    {"count_at_least": 1},
                    {"not": {"answered": {"items": ["Q3", "Q4"], "answer": "no", "mode": "all"}}},
                ]
            },
        },
        {
            "id": "any-not",
            "level": "possible",
            "reason": "r",
            "when": {
                "any": [
                    {"points_at_least": 3},
                    {
                        "all": [
                            {"answered": {"items": ["Q5"]}},
                            {"not": {"points_at_least": 2, "where": {"items": ["Q6", "Q2"]}}},
                        ]
                    },
                ]
            },
        },
    ],
    "guidance": [],
}


@SETTINGS
@given(
    st.fixed_dictionaries(
        {f"Q{i}": st.sampled_from(["yes", "no", "unknown", "declined", None]) for i in range(1, 7)}
    ),
    st.sampled_from([f"Q{i}" for i in range(1, 7)]),
    st.sampled_from(["unknown", "declined", None]),
)
def test_making_an_answer_not_known_never_makes_a_new_rule_fire(raw, code, replacement):
    from indicators.schema import validate_instrument_version

    assert validate_instrument_version(GENERIC, "generic.json") == []
    answers = {k: v for k, v in raw.items() if v is not None}
    before = score(GENERIC, answers)
    changed = {k: v for k, v in answers.items() if k != code}
    if replacement is not None:
        changed[code] = replacement
    after = score(GENERIC, changed)
    assert {r.id for r in after.fired_rules} <= {r.id for r in before.fired_rules}
    assert level_rank(after.level) <= level_rank(before.level)
