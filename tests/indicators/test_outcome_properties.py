"""Properties of the outcome over a screening's tiers (hypothesis), over the default v2 instruments
and the federal-baseline profile: an interview never lowers the outcome, declined answers never
lower it, counts never reach clear, a stop drops every step that continues the screening."""

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators import engine
from indicators.engine import Tier, level_rank, outcome, score

ROOT = Path(__file__).resolve().parents[2]
T1 = json.loads((ROOT / "fixtures/instruments/tier1-indicators.v2.json").read_text())
T2 = json.loads((ROOT / "fixtures/instruments/tier2-interview.v2.json").read_text())
PROFILE = json.loads((ROOT / "fixtures/jurisdictions/federal-baseline.json").read_text())

SETTINGS = settings(
    max_examples=150,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _values(content):
    scales = {name: [o["value"] for o in s["options"]] for name, s in content["answer_scales"].items()}
    return {i["code"]: scales[i["scale"]] for s in content["sections"] for i in s["items"]}


VALUES = {1: _values(T1), 2: _values(T2)}


def _named_by_clear_rules(content):
    """Items an `answered` of a clear rule names: what identification and named combinations rest on."""
    named = set()

    def walk(expr):
        if isinstance(expr, dict):
            if "answered" in expr:
                named.update(expr["answered"]["items"])
            for value in expr.values():
                walk(value)
        elif isinstance(expr, list):
            for value in expr:
                walk(value)

    for rule in content["rules"]:
        if rule["level"] == "clear":
            walk(rule["when"])
    return named


@st.composite
def answers_for(draw, content, tier, context, age, allowed=None, fixed=None):
    presented = engine.items_for_context(content, context, age)
    out = {}
    for code in presented:
        if fixed and code in fixed:
            out[code] = fixed[code]
            continue
        choices = [v for v in VALUES[tier][code] if allowed is None or v in allowed]
        value = draw(st.sampled_from([None, *choices]))
        if value is not None:
            out[code] = value
    return presented, out


@st.composite
def screenings(draw):
    age = draw(st.integers(min_value=5, max_value=21))
    context = draw(st.sampled_from(engine.CONTEXTS))
    p1, a1 = draw(answers_for(T1, 1, context, age))
    p2, a2 = draw(answers_for(T2, 2, context, age))
    return age, context, (p1, a1), (p2, a2)


def _tier(content, presented, answers, age):
    return Tier(content, score(content, answers, items_presented=presented, age=age))


def _outcome(tiers, age, next_tier=None):
    return outcome(tiers, age=age, profile=PROFILE, next_tier=next_tier)


@SETTINGS
@given(screenings())
def test_adding_the_interview_never_lowers_the_outcome(case):
    age, _context, (p1, a1), (p2, a2) = case
    first = _tier(T1, p1, a1, age)
    second = _tier(T2, p2, a2, age)
    before = _outcome([first], age, next_tier=T2)
    after = _outcome([first, second], age)
    assert level_rank(after.level) >= level_rank(before.level)
    assert level_rank(after.level) >= max(level_rank(t["level"]) for t in after.tiers)
    assert not (before.identified and not after.identified)


@SETTINGS
@given(screenings(), st.data())
def test_declining_more_never_lowers_the_outcome(case, data):
    age, _context, (p1, a1), (p2, a2) = case
    first = _tier(T1, p1, a1, age)
    declined = {
        code: "declined"
        for code in data.draw(st.lists(st.sampled_from(p2), unique=True))
        if "declined" in VALUES[2][code] and a2.get(code) != "yes"
    }
    base = _outcome([first, _tier(T2, p2, a2, age)], age)
    more = _outcome([first, _tier(T2, p2, {**a2, **declined}, age)], age)
    assert level_rank(more.level) >= level_rank(base.level)
    assert level_rank(more.level) >= level_rank(first.result.level)


@SETTINGS
@given(screenings())
def test_declined_and_unknown_never_count_as_yes(case):
    age, _context, (p1, a1), (p2, a2) = case
    for content, presented, answers in ((T1, p1, a1), (T2, p2, a2)):
        as_yes = {c: ("yes" if v in engine.UNCERTAIN_ANSWERS else v) for c, v in answers.items()}
        uncertain = score(content, answers, items_presented=presented, age=age)
        certain = score(content, as_yes, items_presented=presented, age=age)
        assert level_rank(uncertain.level) <= level_rank(certain.level)


@SETTINGS
@given(st.integers(min_value=5, max_value=21), st.sampled_from(engine.CONTEXTS), st.data())
def test_counts_of_circumstantial_indicators_never_reach_clear(age, context, data):
    for tier, content in ((1, T1), (2, T2)):
        named = dict.fromkeys(_named_by_clear_rules(content), "no")
        presented, answers = data.draw(answers_for(content, tier, context, age, fixed=named))
        result = score(content, answers, items_presented=presented, age=age)
        assert result.level != "clear" and result.identifies == ()


@SETTINGS
@given(screenings())
def test_a_stop_leaves_nothing_that_continues_the_screening(case):
    age, _context, (p1, a1), (p2, a2) = case
    first = _tier(T1, p1, a1, age)
    for o in (_outcome([first], age, next_tier=T2), _outcome([first, _tier(T2, p2, a2, age)], age)):
        continuing = {g["code"] for c in (T1, T2) for g in c["guidance"] if g.get("continues_screening")}
        if o.stop:
            assert not continuing & {a.code for a in o.actions}
            assert o.next_step == "stop" and "interview_offered" not in o.signals


@SETTINGS
@given(screenings())
def test_not_completed_never_reads_as_no_concern(case):
    age, _context, (p1, a1), (p2, a2) = case
    o = _outcome([_tier(T1, p1, a1, age), _tier(T2, p2, a2, age)], age)
    if o.not_completed:
        assert o.next_step in ("offer_again", "stop")
        assert o.next_step != "observe"


@SETTINGS
@given(screenings())
def test_a_child_below_the_interview_age_is_never_offered_it(case):
    age, _context, (p1, a1), _ = case
    o = _outcome([_tier(T1, p1, a1, age)], age, next_tier=T2)
    if not engine.offered_at_age(T2, age):
        assert o.next_step != "interview" and "tier2-interview" not in {a.code for a in o.actions}
