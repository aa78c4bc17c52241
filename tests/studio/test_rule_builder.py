"""The rule builder's structure (studio/rule_builder.py) and its form fields (studio/rule_form.py):
every rule of every published fixture goes JSON -> structure -> JSON unchanged (or is flagged
"advanced only"), and through the form fields and back unchanged; the builder's buttons change
the tree as a person expects; what the builder cannot show says why."""

import json
from pathlib import Path

import pytest
from django.http import QueryDict

from studio import rule_builder as rb
from studio import rule_form

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "instruments"


def fixture_rules():
    out = []
    for path in sorted(FIXTURES.glob("*.json")):
        data = json.loads(path.read_text())
        assert data["status"] == "published"
        out += [pytest.param(rule, data, id=f"{path.stem}:{rule['id']}") for rule in data["rules"]]
    return out


def posted(pairs) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in pairs:
        data.appendlist(name, value)
    return data


def test_the_fixtures_have_rules_to_check():
    assert len(fixture_rules()) > 50


@pytest.mark.parametrize("rule,content", fixture_rules())
def test_every_fixture_rule_round_trips_or_is_advanced_only(rule, content):
    node, why = rb.representable(rule["when"])
    if node is None:
        assert why  # the advanced view says why
        return
    assert rb.to_json(node) == rule["when"]
    # Through the form as the browser posts it, unchanged.
    root, errors = rule_form.tree_from_post(posted(rule_form.node_fields(node)))
    assert errors == []
    assert rb.to_json(root) == rule["when"]


@pytest.mark.parametrize("rule,content", fixture_rules())
def test_every_fixture_rule_comes_back_from_its_whole_form(rule, content):
    """The rule's own fields too (id, level, reason, identification, kinds, flags, guidance):
    the page lists the chosen values first, in their order, and a post keeps that order."""
    node, _why = rb.representable(rule["when"])
    if node is None:
        return
    view = rule_form.rule_view(rule, {}, content)
    pairs = [("rule_id", rule["id"]), ("level", rule["level"]), ("reason", rule["reason"])]
    pairs += [("identifies", rule.get("identifies", ""))]
    for name, key in (("trafficking_types", "kinds"), ("flags", "flags"), ("guidance", "guidance")):
        pairs += [(name, o["value"]) for o in view[key] if o["selected"]]
    pairs += rule_form.node_fields(node)
    data = posted(pairs)
    root, _errors = rule_form.tree_from_post(data)
    built, _reasons = rule_form.rule_from_post(data, root, content)
    assert built == rule
    assert list(built) == [k for k in ("id", "level", "reason", "when") if k in rule] + [
        k for k in ("identifies", "trafficking_types", "flags", "guidance") if k in rule
    ]


@pytest.mark.parametrize(
    "when,why",
    [
        ({"not": {"not": {"age_below": 18}}}, "negated twice"),
        ({"any": []}, "empty"),
        ({"answered": {"items": ["A"], "extra": 1}}, "does not know"),
        ({"count_at_least": 1, "where": {"colour": "red"}}, "does not know"),
        ({"count_at_least": 1.5}, "whole number"),
        ({"sometimes": 1}, "sometimes"),
        ({"age_below": 18, "age_at_least": 12}, "exactly one"),
        (
            {"all": [{"all": [{"all": [{"all": [{"all": [{"all": [{"all": [{"age_below": 3}]}]}]}]}]}]}]},
            "deep",
        ),
    ],
)
def test_what_the_builder_cannot_show_is_advanced_only_with_the_reason(when, why):
    node, reason = rb.representable(when)
    assert node is None
    assert why in reason


def test_a_nested_negated_group_round_trips():
    when = {
        "all": [
            {"answered": {"items": ["T1-FN-01"], "answer": ["yes", "unknown"], "mode": "all"}},
            {"not": {"any": [{"age_below": 12}, {"points_at_least": 2.5, "where": {"items": ["T1-SX-01"]}}]}},
            {"count_at_least": 2, "where": {}},
        ]
    }
    node, _why = rb.representable(when)
    assert node is not None and node.children[1].negate and node.children[1].kind == "any"
    root, _errors = rule_form.tree_from_post(posted(rule_form.node_fields(node)))
    assert rb.to_json(root) == when


def test_add_condition_to_a_single_condition_makes_a_group_of_both():
    root = rb.from_json({"answered": {"items": ["A"]}})
    data = posted([("w.new", "age_below")])
    root = rule_form.apply_action(root, "add:w", data)
    assert rb.to_json(root) == {"all": [{"answered": {"items": ["A"]}}, {"age_below": 18}]}


def test_add_group_then_remove_it():
    root = rb.from_json({"all": [{"answered": {"items": ["A"]}}]})
    root = rule_form.apply_action(root, "group:w", posted([]))
    assert rb.to_json(root) == {
        "all": [{"answered": {"items": ["A"]}}, {"any": [{"answered": {"items": [], "answer": "yes"}}]}]
    }
    root = rule_form.apply_action(root, "remove:w.1", posted([]))
    assert rb.to_json(root) == {"all": [{"answered": {"items": ["A"]}}]}


@pytest.mark.parametrize("action", ["remove:w", "remove:w.9", "add:x.0", "explode:w", "add:w.0.0.0"])
def test_an_action_that_names_nothing_changes_nothing(action):
    when = {"all": [{"answered": {"items": ["A"]}}]}
    root = rule_form.apply_action(rb.from_json(when), action, posted([]))
    assert rb.to_json(root) == when


@pytest.mark.parametrize(
    "kind,text",
    [
        ("count", "-1"),
        ("count", "1.5"),
        ("count", "lots"),
        ("points", "NaN"),
        ("age_below", "0"),
        ("age_at_least", "31"),
    ],
)
def test_a_bad_number_is_named_with_its_condition(kind, text):
    data = posted([("w.kind", "all"), ("w.0.kind", "answered"), ("w.1.kind", kind), ("w.1.n", text)])
    root, errors = rule_form.tree_from_post(data)
    assert len(errors) == 1 and errors[0].startswith("Condition 2:")
    assert root.children[1].number is None


def test_a_single_answer_chosen_on_a_list_stays_a_list():
    node = rb.from_json({"answered": {"items": ["A", "B"], "answer": ["yes"]}})
    root, _errors = rule_form.tree_from_post(posted(rule_form.node_fields(node)))
    assert rb.to_json(root) == {"answered": {"items": ["A", "B"], "answer": ["yes"]}}
