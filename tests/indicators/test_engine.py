"""Unit tests of the scoring engine (plain Python, no Django)."""

import ast
import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from indicators import engine
from indicators.engine import AnswerError, items_for_context, score
from indicators.schema import validate_instrument_version

ROOT = Path(__file__).resolve().parents[2]
INSTRUMENTS = ROOT / "fixtures" / "instruments"

SRC = {"seed": "003_960e6c1bdefe39dc.txt", "section": "Indicators"}
YNUD = {
    "options": [
        {"value": "yes", "label": "Yes"},
        {"value": "no", "label": "No"},
        {"value": "unknown", "label": "Unknown"},
        {"value": "declined", "label": "Declined to answer"},
    ]
}
C012 = {
    "options": [
        {"value": "0", "label": "No concern"},
        {"value": "1", "label": "Some concern"},
        {"value": "2", "label": "Clear concern"},
        {"value": "unknown", "label": "Unknown"},
    ]
}


def _item(code, kind="indicator", ttype="sex", points=None, tags=(), scale="ynud"):
    d = {
        "code": code,
        "text": f"Item {code}",
        "kind": kind,
        "trafficking_type": ttype,
        "scale": scale,
        "source": SRC,
    }
    if points is not None:
        d["points"] = points
    if tags:
        d["tags"] = list(tags)
    return d


GUIDANCE = [
    {"code": "g-routine", "title": "Routine", "description": "d", "priority": "routine", "mandatory": False},
    {
        "code": "g-urgent",
        "title": "Urgent",
        "description": "d",
        "priority": "urgent",
        "mandatory": True,
        "deadline": "report_trafficking_to_law_enforcement",
        "contacts": [{"name": "NHTH", "phone": "1-888-373-7888", "text": "233733"}],
    },
    {
        "code": "g-immediate",
        "title": "Immediate",
        "description": "d",
        "priority": "immediate",
        "mandatory": True,
    },
    {"code": "g-urgent-2", "title": "Urgent 2", "description": "d", "priority": "urgent", "mandatory": False},
]


def make(rules, *, vignettes=()):
    """A small valid content: sections a (sex indicators), b (labor, tags), r (risk),
    c (0/1/2 scale) and m (return_from_missing only). Without rules: one that never fires."""
    if not rules:
        rules = [rule({"count_at_least": 99}, rid="never")]
    content = {
        "format": 1,
        "instrument": {"slug": "small", "name": "Small", "tier": 1},
        "version": 3,
        "status": "draft",
        "answer_scales": {"ynud": copy.deepcopy(YNUD), "c012": copy.deepcopy(C012)},
        "sections": [
            {
                "code": "a",
                "title": "A",
                "items": [
                    _item("A1", points={"yes": 1}),
                    _item("A2", points={"yes": 2}),
                    _item("A3", points={"yes": 1}),
                ],
            },
            {
                "code": "b",
                "title": "B",
                "items": [
                    _item("B1", ttype="labor", points={"yes": 1}, tags=["work"]),
                    _item("B2", ttype="labor", points={"yes": 1}, tags=["work", "debt"]),
                ],
            },
            {
                "code": "r",
                "title": "R",
                "items": [
                    _item("R1", kind="risk_factor", ttype="vulnerability"),
                    _item("R2", kind="risk_factor", ttype="vulnerability"),
                ],
            },
            {
                "code": "c",
                "title": "C",
                "items": [
                    _item("C1", ttype="both", scale="c012", points={"1": 1, "2": 3}),
                ],
            },
            {
                "code": "m",
                "title": "M",
                "contexts": ["return_from_missing"],
                "items": [
                    _item("M1", ttype="both", points={"yes": 1}),
                ],
            },
        ],
        "rules": rules,
        "guidance": copy.deepcopy(GUIDANCE),
        "vignettes": list(vignettes),
    }
    errors = validate_instrument_version(content, "small.json")
    assert errors == [], [str(e) for e in errors]
    return content


def rule(when, level="possible", rid="r", flags=(), guidance=()):
    return {
        "id": rid,
        "level": level,
        "reason": f"reason {rid}",
        "when": when,
        "flags": list(flags),
        "guidance": list(guidance),
    }


def fired(result):
    return [r.id for r in result.fired_rules]


@pytest.fixture(scope="module")
def tier1():
    return json.loads((INSTRUMENTS / "tier1-indicators.v1.json").read_text())


@pytest.fixture(scope="module")
def tier2():
    return json.loads((INSTRUMENTS / "tier2-interview.v1.json").read_text())


# --------------------------------------------------------------------------- count_at_least


@pytest.mark.parametrize("n", [1, 2, 3])
def test_count_at_least_edge(n):
    c = make([rule({"count_at_least": n, "where": {"section": "a"}})])
    codes = ["A1", "A2", "A3"]
    below = dict.fromkeys(codes[: n - 1], "yes")
    at = dict.fromkeys(codes[:n], "yes")
    assert score(c, below).level == "none"
    assert score(c, at).level == "possible"


def test_count_at_least_zero_always_true_at_level_none():
    c = make([rule({"count_at_least": 0}, level="none", guidance=["g-routine"])])
    result = score(c, {})
    assert fired(result) == ["r"]
    assert result.level == "none"
    assert [g.code for g in result.guidance] == ["g-routine"]


def test_count_filter_keys_are_anded():
    c = make([rule({"count_at_least": 1, "where": {"section": "b", "tags_any": ["debt"]}})])
    assert score(c, {"B1": "yes"}).level == "none"
    assert score(c, {"B2": "yes"}).level == "possible"
    c = make(
        [rule({"count_at_least": 2, "where": {"trafficking_type": ["sex", "labor"], "kind": "indicator"}})]
    )
    assert score(c, {"A1": "yes", "C1": "2"}).level == "none"  # C1 is "both"
    assert score(c, {"A1": "yes", "B1": "yes"}).level == "possible"
    c = make([rule({"count_at_least": 1, "where": {"items": ["A3"]}})])
    assert score(c, {"A1": "yes", "A2": "yes"}).level == "none"
    assert score(c, {"A3": "yes"}).level == "possible"


def test_count_with_explicit_answer_counts_that_answer_only():
    c = make(
        [rule({"count_at_least": 2, "where": {"answer": "unknown"}}, level="none", guidance=["g-routine"])]
    )
    assert fired(score(c, {"A1": "unknown", "A2": "declined"})) == []
    assert fired(score(c, {"A1": "unknown", "C1": "unknown"})) == ["r"]
    c = make([rule({"count_at_least": 1, "where": {"items": ["C1"], "answer": ["1", "2"]}})])
    assert score(c, {"C1": "0"}).level == "none"
    assert score(c, {"C1": "1"}).level == "possible"


# --------------------------------------------------------------------------- points_at_least


def test_points_at_least_edges():
    c = make([rule({"points_at_least": 3})])
    assert score(c, {"A2": "yes"}).level == "none"  # 2
    assert score(c, {"A2": "yes", "A1": "yes"}).level == "possible"  # 3
    assert score(c, {"C1": "1", "A1": "yes"}).level == "none"  # 2
    assert score(c, {"C1": "2"}).level == "possible"  # 3 from the 0/1/2 scale
    c = make([rule({"points_at_least": 2.5})])
    assert score(c, {"A2": "yes"}).level == "none"
    assert score(c, {"A2": "yes", "B1": "yes"}).level == "possible"


def test_points_at_least_with_filter():
    c = make([rule({"points_at_least": 2, "where": {"section": "b"}})])
    assert score(c, {"A2": "yes", "B1": "yes"}).level == "none"
    assert score(c, {"B1": "yes", "B2": "yes"}).level == "possible"
    c = make([rule({"points_at_least": 3, "where": {"items": ["C1"], "answer": "1"}})])
    assert score(c, {"C1": "2"}).level == "none"  # answer 2 is filtered out


def test_total_points_of_result():
    c = make([])
    assert score(c, {}).points == 0
    assert score(c, {"A1": "yes", "A2": "yes", "C1": "2", "B1": "no"}).points == 6
    assert score(c, {"A1": "unknown", "A2": "declined", "C1": "unknown"}).points == 0


# --------------------------------------------------------------------------- all / any / not


def test_all_any_not():
    a1 = {"answered": {"items": ["A1"]}}
    b1 = {"answered": {"items": ["B1"]}}
    c = make(
        [
            rule({"all": [a1, b1]}, rid="both"),
            rule({"any": [a1, b1]}, rid="either"),
            rule({"all": [a1, {"not": b1}]}, rid="a1-not-b1"),
        ]
    )
    assert fired(score(c, {"A1": "no", "B1": "no"})) == []
    assert fired(score(c, {"A1": "yes", "B1": "no"})) == ["either", "a1-not-b1"]
    assert fired(score(c, {"A1": "no", "B1": "yes"})) == ["either"]
    assert fired(score(c, {"A1": "yes", "B1": "yes"})) == ["both", "either"]


def test_not_treats_unknown_declined_and_unanswered_as_not_known():
    a1 = {"answered": {"items": ["A1"]}}
    c = make(
        [
            rule({"all": [a1, {"not": {"answered": {"items": ["B1"]}}}]}, rid="x"),
            rule({"all": [a1, {"not": {"answered": {"items": ["B1"], "answer": "no"}}}]}, rid="y"),
        ]
    )
    # B1 unknown / declined / unanswered: "not yes" and "not no" are both not known.
    for b1 in ("unknown", "declined", None):
        assert fired(score(c, {"A1": "yes", "B1": b1})) == [], b1
    assert fired(score(c, {"A1": "yes", "B1": "no"})) == ["x"]
    assert fired(score(c, {"A1": "yes", "B1": "yes"})) == ["y"]


def test_any_fires_on_one_true_part_even_if_others_not_known():
    c = make(
        [
            rule(
                {"any": [{"answered": {"items": ["A1"]}}, {"not": {"answered": {"items": ["A2"]}}}]},
                level="none",
                guidance=["g-routine"],
            )
        ]
    )
    assert fired(score(c, {"A1": "yes"})) == ["r"]
    assert fired(score(c, {"A1": "unknown"})) == []
    assert fired(score(c, {"A1": "no", "A2": "no"})) == ["r"]
    assert fired(score(c, {"A1": "no", "A2": "yes"})) == []


def test_not_of_count_needs_every_item_known():
    c = make(
        [
            rule(
                {
                    "all": [
                        {"count_at_least": 1, "where": {"kind": "risk_factor"}},
                        {"not": {"count_at_least": 1, "where": {"section": "a"}}},
                    ]
                },
                level="none",
                guidance=["g-routine"],
            )
        ]
    )
    assert fired(score(c, {"R1": "yes", "A1": "no", "A2": "no"})) == []  # A3 unanswered
    assert fired(score(c, {"R1": "yes", "A1": "no", "A2": "no", "A3": "no"})) == ["r"]


# --------------------------------------------------------------------------- answered


def test_answered_any_and_all():
    c = make(
        [
            rule({"answered": {"items": ["A1", "B1"], "mode": "any"}}, rid="any"),
            rule({"answered": {"items": ["A1", "B1"], "mode": "all"}}, rid="all"),
        ]
    )
    assert fired(score(c, {})) == []
    assert fired(score(c, {"A1": "yes"})) == ["any"]
    assert fired(score(c, {"B1": "yes", "A1": "no"})) == ["any"]
    assert fired(score(c, {"A1": "yes", "B1": "yes"})) == ["any", "all"]
    assert fired(score(c, {"A1": "yes", "B1": "unknown"})) == ["any"]


def test_answered_with_answer_list():
    c = make(
        [
            rule(
                {"answered": {"items": ["A1"], "answer": ["yes", "unknown"]}},
                level="none",
                guidance=["g-routine"],
            )
        ]
    )
    assert fired(score(c, {"A1": "unknown"})) == ["r"]
    assert fired(score(c, {"A1": "declined"})) == []
    assert fired(score(c, {"A1": "no"})) == []


def test_items_presented_limits_scope():
    c = make(
        [
            rule({"answered": {"items": ["A1", "M1"], "mode": "all"}}, rid="all"),
            rule({"count_at_least": 1, "where": {"section": "m"}}, rid="m"),
        ]
    )
    general = items_for_context(c, "general")
    assert "M1" not in general and "A1" in general
    assert fired(score(c, {"A1": "yes"}, items_presented=general)) == []
    ret = items_for_context(c, "return_from_missing")
    assert "M1" in ret
    assert fired(score(c, {"A1": "yes", "M1": "yes"}, items_presented=ret)) == ["all", "m"]
    result = score(c, {"A1": "yes"}, items_presented=general)
    assert "M1" not in result.unanswered and "A2" in result.unanswered


def test_items_for_context_rejects_unknown_context():
    with pytest.raises(ValueError, match="unknown context"):
        items_for_context(make([]), "holiday")


# --------------------------------------------------------------------------- result shape


def test_level_is_the_highest_fired_level_whatever_the_rule_order():
    rules = [
        rule({"count_at_least": 1}, level="none", rid="n", guidance=["g-routine"]),
        rule({"count_at_least": 2}, level="clear", rid="c"),
        rule({"count_at_least": 1}, level="possible", rid="p"),
    ]
    for order in (rules, rules[::-1], [rules[1], rules[0], rules[2]]):
        c = make(copy.deepcopy(order))
        assert score(c, {"A1": "yes"}).level == "possible"
        assert score(c, {"A1": "yes", "B1": "yes"}).level == "clear"
        assert score(c, {"A1": "no"}).level == "none"


def test_no_rule_fired_gives_none():
    c = make([rule({"count_at_least": 1})])
    result = score(c, {"A1": "no"})
    assert result.level == "none" and result.fired_rules == () and result.guidance == ()
    assert result.flags == () and result.next_step is None


def test_fired_rules_carry_the_answers_behind_them():
    c = make(
        [
            rule({"count_at_least": 2, "where": {"section": ["a", "b"]}}, rid="count"),
            rule({"points_at_least": 2}, rid="points"),
            rule(
                {"all": [{"answered": {"items": ["B1"]}}, {"answered": {"items": ["C1"], "answer": "2"}}]},
                rid="all",
            ),
            rule({"any": [{"answered": {"items": ["A3"]}}, {"answered": {"items": ["B2"]}}]}, rid="any"),
            rule(
                {"all": [{"answered": {"items": ["A1"]}}, {"not": {"answered": {"items": ["R1"]}}}]},
                rid="not",
            ),
        ]
    )
    result = score(c, {"C1": "2", "B1": "yes", "A1": "yes", "A2": "no", "R1": "no", "B2": "no", "A3": "yes"})
    by_id = {r.id: [(a.item, a.answer) for a in r.answers] for r in result.fired_rules}
    assert by_id["count"] == [("A1", "yes"), ("A3", "yes"), ("B1", "yes")]  # instrument order
    assert by_id["points"] == [("A1", "yes"), ("A3", "yes"), ("B1", "yes"), ("C1", "2")]
    assert by_id["all"] == [("B1", "yes"), ("C1", "2")]
    assert by_id["any"] == [("A3", "yes")]  # only the true branch
    assert by_id["not"] == [("A1", "yes")]  # "not" adds no answers
    first = result.fired_rules[0]
    assert first.reason == "reason count" and first.level == "possible"
    assert first.answers[0].text == "Item A1"


def test_guidance_is_deduplicated_and_ordered_by_priority_then_first_appearance():
    c = make(
        [
            rule({"count_at_least": 1}, rid="one", guidance=["g-routine", "g-urgent-2", "g-urgent"]),
            rule({"count_at_least": 1}, rid="two", guidance=["g-urgent", "g-immediate", "g-routine"]),
        ]
    )
    result = score(c, {"A1": "yes"})
    assert [g.code for g in result.guidance] == ["g-immediate", "g-urgent-2", "g-urgent", "g-routine"]
    urgent = result.guidance[2]
    assert urgent.rules == ("one", "two")
    assert urgent.deadline == "report_trafficking_to_law_enforcement"
    assert urgent.mandatory is True
    assert urgent.contacts[0].phone == "1-888-373-7888" and urgent.contacts[0].text == "233733"
    assert result.guidance[0].rules == ("two",)


def test_guidance_of_rules_that_did_not_fire_is_absent():
    c = make(
        [
            rule({"count_at_least": 1}, rid="one", guidance=["g-routine"]),
            rule({"count_at_least": 3}, rid="three", guidance=["g-immediate"]),
        ]
    )
    assert [g.code for g in score(c, {"A1": "yes"}).guidance] == ["g-routine"]


@pytest.mark.parametrize(
    ("flags_by_rule", "expected_next", "expected_flags"),
    [
        ([[]], None, ()),
        ([["tier2_recommended"]], "tier2_recommended", ("tier2_recommended",)),
        (
            [["tier2_recommended"], ["stop_disclosure"]],
            "stop_disclosure",
            ("stop_disclosure", "tier2_recommended"),
        ),
        ([["immediate_danger"]], None, ("immediate_danger",)),
        (
            [["immediate_danger", "tier2_recommended"], ["tier2_recommended"]],
            "tier2_recommended",
            ("immediate_danger", "tier2_recommended"),
        ),
    ],
)
def test_next_step_and_flags(flags_by_rule, expected_next, expected_flags):
    c = make([rule({"count_at_least": 1}, rid=f"r{i}", flags=f) for i, f in enumerate(flags_by_rule)])
    result = score(c, {"A1": "yes"})
    assert result.next_step == expected_next
    assert result.flags == expected_flags


def test_result_metadata_and_to_dict():
    c = make([rule({"count_at_least": 1}, guidance=["g-urgent"], flags=["tier2_recommended"])])
    result = score(c, {"A1": "yes", "A2": None})
    assert result.instrument == "small" and result.version == 3
    assert result.answers == (("A1", "yes"),)
    d = result.to_dict()
    assert json.loads(json.dumps(d)) == d
    # Codes only: the words of a level are indicators/levels.py's (tests/indicators/test_levels.py).
    assert d["level"] == "possible" and "level_label" not in d and "level_explanation" not in d
    assert d["fired_rules"][0]["answers"] == [{"item": "A1", "answer": "yes", "text": "Item A1"}]
    assert d["guidance"][0]["deadline"] == "report_trafficking_to_law_enforcement"
    assert d["answers"] == {"A1": "yes"}
    assert "A2" in d["unanswered"]


def test_result_is_frozen():
    result = score(make([]), {})
    with pytest.raises(AttributeError):
        result.level = "clear"


def test_score_is_deterministic_and_independent_of_answer_order(tier1):
    answers = {
        "T1-RC-01": "yes",
        "T1-PS-02": "yes",
        "T1-RF-01": "yes",
        "T1-LB-01": "unknown",
        "T1-SX-01": "no",
    }
    reversed_answers = dict(reversed(list(answers.items())))
    first = score(tier1, answers)
    assert score(tier1, answers) == first
    assert score(copy.deepcopy(tier1), reversed_answers) == first
    assert json.dumps(first.to_dict()) == json.dumps(score(tier1, reversed_answers).to_dict())


def test_score_does_not_modify_its_inputs(tier1):
    content = copy.deepcopy(tier1)
    answers = {"T1-RC-01": "yes"}
    score(content, answers)
    assert content == tier1 and answers == {"T1-RC-01": "yes"}


# --------------------------------------------------------------------------- answer errors


def test_unknown_item_code_raises_answer_error_naming_it():
    with pytest.raises(AnswerError) as exc:
        score(make([]), {"A1": "yes", "ZZ-99": "yes"})
    assert isinstance(exc.value, ValueError)
    assert exc.value.problems == ('unknown item code "ZZ-99"',)
    assert "ZZ-99" in str(exc.value)


def test_bad_value_raises_answer_error_naming_item_value_and_allowed_values():
    with pytest.raises(AnswerError) as exc:
        score(make([]), {"A1": "maybe"})
    assert exc.value.problems == (
        'item "A1": "maybe" is not an allowed answer; allowed: yes, no, unknown, declined',
    )
    with pytest.raises(
        AnswerError,
        match=r'item "C1": "yes" is not an allowed answer; '
        r"allowed: 0, 1, 2, unknown",
    ):
        score(make([]), {"C1": "yes"})


def test_answer_error_lists_every_problem():
    with pytest.raises(AnswerError) as exc:
        score(
            make([]),
            {"A1": "maybe", "ZZ-1": "yes", "B1": 1, "M1": "yes", "A2": "Yes"},
            items_presented=["A1", "A2", "B1", "NOPE"],
        )
    problems = exc.value.problems
    assert 'items_presented names unknown item code "NOPE"' in problems
    assert 'item "A1": "maybe" is not an allowed answer; allowed: yes, no, unknown, declined' in problems
    assert 'item "A2": "Yes" is not an allowed answer; allowed: yes, no, unknown, declined' in problems
    assert 'item "B1": answer must be a string, got int' in problems
    assert 'item "M1" was answered but not presented' in problems
    assert 'unknown item code "ZZ-1"' in problems
    assert len(problems) == 6


def test_answers_must_be_a_mapping():
    with pytest.raises(AnswerError, match="mapping"):
        score(make([]), [("A1", "yes")])
    with pytest.raises(AnswerError, match="not a string"):
        score(make([]), {}, items_presented="A1")


def test_validate_answers_returns_clean_answers():
    c = make([])
    assert engine.validate_answers(c, {"B1": "no", "A1": "yes", "A2": None}) == {"A1": "yes", "B1": "no"}


# --------------------------------------------------------------------------- hard rule


def test_unknown_and_declined_never_score_as_yes_even_with_adversarial_content():
    c = make([rule({"count_at_least": 1}, rid="count"), rule({"points_at_least": 1}, rid="pts")])
    # Bypass the validator: give points to unknown/declined.
    c["sections"][0]["items"][0]["points"] = {"yes": 1, "unknown": 5, "declined": 5}
    for value in ("unknown", "declined"):
        result = score(c, {"A1": value})
        assert result.points == 0
        assert result.fired_rules == ()
        assert result.level == "none"


def test_negative_or_non_numeric_points_in_unvalidated_content_count_as_zero():
    c = make([])
    c["sections"][0]["items"][0]["points"] = {"yes": -3}
    c["sections"][0]["items"][1]["points"] = {"yes": "7"}
    assert score(c, {"A1": "yes", "A2": "yes"}).points == 0


# --------------------------------------------------------------------------- levels


def test_max_level_and_rank():
    assert engine.max_level([]) == "none"
    assert engine.max_level(["possible", "none", "clear", "possible"]) == "clear"
    assert engine.level_rank("none") < engine.level_rank("possible") < engine.level_rank("clear")
    with pytest.raises(ValueError, match='unknown level "high"'):
        engine.level_rank("high")


# --------------------------------------------------------------------------- default rules


T1_INDICATOR_FILLER = "no"


def _t1(tier1, **yes):
    answers = {
        i["code"]: T1_INDICATOR_FILLER
        for s in tier1["sections"]
        for i in s["items"]
        if i["kind"] == "indicator"
    }
    answers.update(yes)
    return score(tier1, answers)


def test_tier1_zero_one_two_three_indicators(tier1):
    assert _t1(tier1).level == "none"
    one = _t1(tier1, **{"T1-RC-04": "yes"})
    assert one.level == "possible" and one.next_step == "tier2_recommended"
    assert [g.code for g in one.guidance][0] == "tier2-interview"
    two = _t1(tier1, **{"T1-RC-04": "yes", "T1-RC-05": "yes"})
    assert two.level == "possible"
    three = _t1(tier1, **{"T1-RC-04": "yes", "T1-RC-05": "yes", "T1-LB-01": "yes"})
    assert three.level == "clear"
    assert "three-or-more-indicators" in fired(three)
    rule_answers = {r.id: [a.item for a in r.answers] for r in three.fired_rules}
    assert rule_answers["three-or-more-indicators"] == ["T1-RC-04", "T1-RC-05", "T1-LB-01"]


@pytest.mark.parametrize(
    ("alone", "together", "rule_id"),
    [
        ("T1-PS-02", "T1-RC-01", "branding-and-controlling-associate"),
        ("T1-MT-03", "T1-PS-01", "recovered-with-cash-or-keys"),
        ("T1-LB-06", "T1-LB-05", "labor-coercion"),
        ("T1-LB-06", "T1-LB-03", "labor-coercion"),
        ("T1-LB-06", "T1-LB-02", "labor-coercion"),
    ],
)
def test_tier1_strong_combinations(tier1, alone, together, rule_id):
    assert _t1(tier1, **{alone: "yes"}).level == "possible"
    assert _t1(tier1, **{together: "yes"}).level == "possible"
    both = _t1(tier1, **{alone: "yes", together: "yes"})
    assert both.level == "clear"
    assert rule_id in fired(both)
    assert "three-or-more-indicators" not in fired(both)
    assert {g.code for g in both.guidance} >= {"report-child-abuse-hotline", "report-law-enforcement"}


def test_tier1_strong_combination_with_unknown_partner_is_only_possible(tier1):
    result = _t1(tier1, **{"T1-PS-02": "yes", "T1-RC-01": "unknown"})
    assert result.level == "possible"


def test_tier1_exchange_known_is_clear_and_stops(tier1):
    result = _t1(tier1, **{"T1-SX-03": "yes"})
    assert result.level == "clear" and result.next_step == "stop_disclosure"
    assert [g.code for g in result.guidance][:2] == ["stop-questioning", "cac-forensic-interview"]
    assert result.guidance[0].priority == "immediate"


def test_tier1_immediate_danger(tier1):
    result = _t1(tier1, **{"T1-RC-06": "yes"})
    assert "immediate_danger" in result.flags
    assert result.guidance[0].code == "call-911" and result.guidance[0].priority == "immediate"


def test_tier1_chronic_missing_adds_missing_reports(tier1):
    result = _t1(tier1, **{"T1-MT-01": "yes"})
    codes = [g.code for g in result.guidance]
    assert "report-missing-law-enforcement" in codes and "report-missing-ncmec" in codes
    deadlines = {g.code: g.deadline for g in result.guidance}
    assert deadlines["report-missing-ncmec"] == "report_missing_to_ncmec"


def test_tier1_unknown_indicators_edge(tier1):
    two = _t1(tier1, **{"T1-RC-04": "unknown", "T1-RC-05": "unknown"})
    assert fired(two) == [] and two.level == "none"
    three = _t1(tier1, **{"T1-RC-04": "unknown", "T1-RC-05": "unknown", "T1-LB-01": "unknown"})
    assert fired(three) == ["several-unknown"] and three.level == "none"
    assert [g.code for g in three.guidance] == ["gather-information"]


def test_tier1_risk_factors_only_gives_none_with_prevention_guidance(tier1):
    risks = {i["code"]: "yes" for s in tier1["sections"] for i in s["items"] if i["kind"] == "risk_factor"}
    result = _t1(tier1, **risks)
    assert result.level == "none" and result.flags == ()
    assert fired(result) == ["risk-factors-present"]
    assert "prevention-supports" in [g.code for g in result.guidance]


# --------------------------------------------------------------------------- stop_answers


@pytest.mark.parametrize(
    "filename, expected",
    [
        ("tier1-indicators.v1.json", {"T1-SX-03": ["yes"]}),
        ("tier1-indicators.v2.json", {"T1-SX-03": ["yes"], "T1-SX-05": ["yes"], "T1-SX-04": ["yes"]}),
        ("tier2-interview.v1.json", {"T2-DX-01": ["yes"]}),
        ("tier2-interview.v2.json", {"T2-DX-01": ["yes"]}),
    ],
)
def test_stop_answers_of_the_default_instruments_each_stop_questioning_alone(filename, expected):
    content = json.loads((INSTRUMENTS / filename).read_text())
    stops = engine.stop_answers(content)
    assert stops == expected
    for code, values in stops.items():
        for value in values:
            assert "stop_disclosure" in score(content, {code: value}).flags, (code, value)


def test_stop_answers_are_the_single_answers_that_fire_a_stop_rule():
    stop = ["stop_disclosure"]
    content = make(
        [
            rule({"answered": {"items": ["A1"], "answer": ["yes", "unknown"]}}, "clear", "a1", stop),
            rule({"answered": {"items": ["A1"], "answer": "yes"}}, "clear", "a1-again", stop),
            rule({"answered": {"items": ["A2"]}}, "clear", "a2-default-yes", stop),
            rule({"any": [{"count_at_least": 3}, {"answered": {"items": ["B1"]}}]}, "clear", "b1-any", stop),
            rule({"all": [{"answered": {"items": ["C1"], "answer": "2"}}]}, "clear", "c1-alone", stop),
            # Needs more than one answer: no single answer is sure to stop.
            rule({"all": [{"answered": {"items": ["A3"]}}, {"age_below": 12}]}, "clear", "a3-and-age", stop),
            rule({"count_at_least": 1, "where": {"items": ["B2"]}}, "possible", "b2-count", stop),
            # Not a stop rule.
            rule({"answered": {"items": ["M1"]}}, "clear", "m1-no-stop"),
            # The mode is not read: each item of an "all" is listed (as the answers form had it).
            rule({"answered": {"items": ["R1", "R2"], "mode": "all"}}, "clear", "r-all", stop),
        ]
    )
    assert engine.stop_answers(content) == {
        "A1": ["yes", "unknown"],
        "A2": ["yes"],
        "B1": ["yes"],
        "C1": ["2"],
        "R1": ["yes"],
        "R2": ["yes"],
    }
    for code, value in [("A1", "yes"), ("A1", "unknown"), ("A2", "yes"), ("B1", "yes"), ("C1", "2")]:
        assert "stop_disclosure" in score(content, {code: value}).flags, (code, value)
    assert "stop_disclosure" not in score(content, {"A3": "yes"}).flags


def test_no_stop_rule_no_stop_answers():
    assert engine.stop_answers(make([])) == {}


def _t2(tier2, **yes):
    answers = {i["code"]: "no" for s in tier2["sections"] if not s.get("contexts") for i in s["items"]}
    answers.update(yes)
    return score(tier2, answers, items_presented=items_for_context(tier2, "general"))


def test_tier2_points_edges(tier2):
    assert _t2(tier2).level == "none"
    assert _t2(tier2, **{"T2-RC-01": "yes"}).level == "possible"  # 1 point
    four = _t2(tier2, **{"T2-RC-02": "yes", "T2-RC-04": "yes"})  # 2 + 2
    assert four.points == 4 and four.level == "possible"
    five = _t2(tier2, **{"T2-RC-02": "yes", "T2-RC-04": "yes", "T2-RC-01": "yes"})
    assert five.points == 5 and five.level == "clear"
    assert "concern-points-clear" in fired(five)


def test_tier2_neutral_and_vulnerability_questions_give_no_concern(tier2):
    assert _t2(tier2, **{"T2-MW-01": "yes"}).level == "none"
    basic = _t2(tier2, **{"T2-LS-01": "yes"})
    assert basic.level == "none" and fired(basic) == ["basic-needs"]


def test_tier2_declined_edge(tier2):
    two = _t2(tier2, **{"T2-RC-01": "declined", "T2-RC-02": "declined"})
    assert fired(two) == []
    three = _t2(tier2, **{"T2-RC-01": "declined", "T2-RC-02": "declined", "T2-RC-03": "declined"})
    assert fired(three) == ["several-declined"] and three.level == "none"


def test_tier2_labor_coercion(tier2):
    assert _t2(tier2, **{"T2-MW-04": "yes"}).level == "possible"
    result = _t2(tier2, **{"T2-MW-04": "yes", "T2-MW-06": "yes"})
    assert result.points == 3 and result.level == "clear"
    assert "labor-coercion" in fired(result)


def test_tier2_return_section_only_in_return_context(tier2):
    with pytest.raises(AnswerError, match='"T2-RM-04" was answered but not presented'):
        score(tier2, {"T2-RM-04": "yes"}, items_presented=items_for_context(tier2, "general"))
    result = score(
        tier2, {"T2-RM-04": "yes"}, items_presented=items_for_context(tier2, "return_from_missing")
    )
    assert result.level == "possible"


# --------------------------------------------------------------------------- no Django


PURE_MODULES = ["indicators/engine.py", "indicators/schema.py", "indicators/checksum.py"]


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_modules_import_no_django_or_orm(module):
    tree = ast.parse((ROOT / module).read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
    assert not {m for m in imported if m.split(".")[0] in {"django", "sqlalchemy"}}
    assert not {
        m
        for m in imported
        if m.startswith("indicators.")
        and m not in {"indicators.engine", "indicators.schema", "indicators.checksum"}
    }


def test_importing_the_pure_modules_loads_no_django():
    code = (
        "import sys\n"
        "import indicators.engine, indicators.schema, indicators.checksum\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not bad, bad\n"
        "print('ok')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"
