"""The engine's instruments-v2 rules: ages, facts, identification, not completed, the record, and
the outcome over a screening's tiers (docs/screening-outcome.md). Plain Python, no database."""

import copy

import pytest

from indicators import engine
from indicators.engine import Tier, outcome, score

SRC = {"seed": "004_b032ca5479b31c56.txt", "section": "SCREENING: Indicator lists"}
YNU = {
    "options": [
        {"value": "yes", "label": "Yes"},
        {"value": "no", "label": "No"},
        {"value": "unknown", "label": "Unknown"},
    ]
}
YNUD = {"options": [*YNU["options"], {"value": "declined", "label": "Declined to answer"}]}


def item(code, ttype="both", **extra):
    return {
        "code": code,
        "text": f"Item {code}",
        "kind": extra.pop("kind", "indicator"),
        "trafficking_type": ttype,
        "scale": extra.pop("scale", "ynu"),
        "source": SRC,
        **extra,
    }


def guidance(code, priority="routine", **extra):
    return {
        "code": code,
        "title": f"Do {code}",
        "description": "d",
        "priority": priority,
        "mandatory": extra.pop("mandatory", False),
        **extra,
    }


def tier1():
    """A small Tier 1: circumstantial signs, an exchange (identification), papers held by an
    employer with work (labor identification), a caregiver, online images, young-child ages."""
    return {
        "format": 2,
        "instrument": {"slug": "t1", "name": "Tier 1", "tier": 1},
        "version": 2,
        "status": "published",
        "not_completed": {
            "share_above": 0.5,
            "answers": ["unknown"],
            "where": {"kind": "indicator"},
            "guidance": ["gather-information"],
        },
        "answer_scales": {"ynu": copy.deepcopy(YNU)},
        "sections": [
            {
                "code": "signs",
                "title": "Signs",
                "items": [
                    item("S-CASH", fact="money"),
                    item("S-GOODS", fact="money"),
                    item("S-PHONES"),
                    item("S-SCHOOL"),
                    item("S-MISSING", prefill={"from": "missing_episodes", "at_least": 3}),
                    item(
                        "S-HOTEL",
                        "sex",
                        prefill={"from": "recovery_locations", "any_of": ["hotel", "truck_stop"]},
                    ),
                ],
            },
            {
                "code": "online",
                "title": "Online",
                "ages": {"min": 10},
                "items": [
                    item("S-APPS", "sex"),
                    item("S-IMAGES", "sex", ages={"min": 12}),
                ],
            },
            {
                "code": "facts",
                "title": "Facts",
                "items": [
                    item("F-EXCHANGE", "sex", fact="exchange"),
                    item("F-WORK", "labor", ages={"min": 10}),
                    item("F-PAPERS", "labor"),
                    item("F-CAREGIVER", kind="indicator"),
                    item("F-FOREIGN", kind="risk_factor", ttype="vulnerability"),
                ],
            },
        ],
        "rules": [
            {
                "id": "any-sign",
                "level": "possible",
                "reason": "A sign.",
                "when": {"count_at_least": 1, "where": {"kind": "indicator"}},
                "flags": ["tier2_recommended"],
                "guidance": ["tier2-interview", "safety-planning"],
            },
            {
                "id": "many-signs",
                "level": "possible",
                "reason": "Three signs.",
                "when": {"count_at_least": 3, "where": {"kind": "indicator"}},
                "guidance": ["consult"],
            },
            {
                "id": "exchange",
                "level": "clear",
                "reason": "Exchange.",
                "identifies": "sex",
                "when": {"answered": {"items": ["F-EXCHANGE"]}},
                "flags": ["stop_disclosure"],
                "guidance": ["stop-questioning", "cac", "adult-services"],
            },
            {
                "id": "labor",
                "level": "clear",
                "reason": "Papers held at work.",
                "identifies": "labor",
                "when": {"answered": {"items": ["F-WORK", "F-PAPERS"], "mode": "all"}},
                "flags": ["force_fraud_coercion"],
                "guidance": ["labor-rights"],
            },
            {
                "id": "caregiver",
                "level": "possible",
                "reason": "Caregiver.",
                "when": {"answered": {"items": ["F-CAREGIVER"]}},
                "flags": ["caregiver_exploiter"],
                "guidance": ["safety-without-caregiver"],
            },
            {
                "id": "foreign",
                "level": "possible",
                "reason": "Foreign national with a sign.",
                "when": {
                    "all": [
                        {"answered": {"items": ["F-FOREIGN"]}},
                        {"count_at_least": 1, "where": {"kind": "indicator"}},
                    ]
                },
                "flags": ["foreign_national"],
            },
            {
                "id": "images",
                "level": "possible",
                "reason": "Images.",
                "when": {"answered": {"items": ["S-IMAGES"]}},
                "flags": ["online_sexual_exploitation"],
            },
            {
                "id": "adult-only",
                "level": "none",
                "reason": "An adult youth.",
                "when": {
                    "all": [{"age_at_least": 18}, {"count_at_least": 1, "where": {"kind": "indicator"}}]
                },
            },
        ],
        "guidance": [
            guidance(
                "tier2-interview",
                "urgent",
                mandatory=True,
                continues_screening=True,
                applies_if={"signals_any": ["interview_offered"]},
            ),
            guidance("gather-information", continues_screening=True),
            guidance("safety-planning", "urgent", applies_if={"signals_none": ["caregiver_exploiter"]}),
            guidance(
                "safety-without-caregiver", "urgent", applies_if={"signals_any": ["caregiver_exploiter"]}
            ),
            guidance("consult", "urgent"),
            guidance("stop-questioning", "immediate", mandatory=True),
            guidance("cac", "urgent", mandatory=True, applies_if={"ages": {"max": 17}}),
            guidance("adult-services", "urgent", applies_if={"ages": {"min": 18}}),
            guidance("labor-rights", applies_if={"trafficking_types_any": ["labor"]}),
        ],
    }


def tier2():
    return {
        "format": 2,
        "instrument": {"slug": "t2", "name": "Tier 2", "tier": 2},
        "version": 2,
        "status": "published",
        "ages": {"min": 10},
        "not_completed": {"share_above": 0.5, "guidance": ["offer-again"]},
        "answer_scales": {"i": copy.deepcopy(YNUD)},
        "sections": [
            {
                "code": "q",
                "title": "Questions",
                "items": [item(f"Q{n}", scale="i", kind="question", points={"yes": 1}) for n in range(1, 5)]
                + [
                    item(
                        "Q-HOTEL",
                        "sex",
                        scale="i",
                        kind="question",
                        points={"yes": 1},
                        established_by={"instrument": "t1", "items": ["S-HOTEL"]},
                    ),
                    item("Q-DISCLOSE", "sex", scale="i", kind="question"),
                ],
            }
        ],
        "rules": [
            {
                "id": "points",
                "level": "possible",
                "reason": "Points.",
                "when": {"points_at_least": 1, "where": {"trafficking_type": ["sex", "labor", "both"]}},
                "guidance": ["consult"],
            },
            {
                "id": "disclosure",
                "level": "clear",
                "reason": "Disclosure.",
                "identifies": "sex",
                "when": {"answered": {"items": ["Q-DISCLOSE"]}},
                "flags": ["stop_disclosure"],
                "guidance": ["stop-questioning", "consult"],
            },
        ],
        "guidance": [
            guidance("offer-again", "urgent", deadline="offer_interview_again", continues_screening=True),
            guidance("consult", "urgent"),
            guidance("stop-questioning", "immediate", mandatory=True),
        ],
    }


PROFILE = {
    "deadlines_hours": {
        "report_trafficking_to_law_enforcement": 8,
        "offer_interview_again": 72,
        "notify_hhs_foreign_national_child": 24,
        "report_online_exploitation_to_ncmec": 24,
    },
    "legal_definitions": {
        "sex_trafficking_victim": {"force_fraud_coercion_needed_from_age": None},
        "severe_form": {"force_fraud_coercion_needed_from_age": 18},
    },
    "mandated_reports": [
        {
            "code": "report-law-enforcement",
            "title": "Report to law enforcement",
            "description": "d",
            "priority": "urgent",
            "deadline": "report_trafficking_to_law_enforcement",
            "applies_if": {"signals_any": ["identified"]},
        },
        {
            "code": "report-child-abuse-hotline",
            "title": "Report to the hotline",
            "description": "d",
            "priority": "urgent",
            "deadline": "report_trafficking_to_law_enforcement",
            "applies_if": {"signals_any": ["identified", "concern_clear"], "ages": {"max": 17}},
            "variants": [
                {
                    "applies_if": {"signals_any": ["caregiver_exploiter"]},
                    "title": "Report to the hotline, naming the caregiver",
                }
            ],
        },
        {
            "code": "notify-hhs",
            "title": "Notify HHS",
            "description": "d",
            "priority": "urgent",
            "deadline": "notify_hhs_foreign_national_child",
            "applies_if": {"signals_all": ["foreign_national", "concern_possible"], "ages": {"max": 17}},
        },
        {
            "code": "cybertipline",
            "title": "CyberTipline",
            "description": "d",
            "priority": "urgent",
            "deadline": "report_online_exploitation_to_ncmec",
            "applies_if": {"signals_any": ["online_sexual_exploitation"], "ages": {"max": 17}},
        },
    ],
}


def t1_result(answers, age=14):
    c = tier1()
    return score(c, answers, items_presented=engine.items_for_context(c, "general", age), age=age)


def t2_result(answers, age=14, established=()):
    c = tier2()
    return score(
        c,
        answers,
        items_presented=engine.items_for_context(c, "general", age),
        age=age,
        established=established,
    )


def screen(t1_answers, t2_answers=None, *, age=14, profile=PROFILE, established=()):
    tiers = [Tier(tier1(), t1_result(t1_answers, age))]
    next_tier = tier2()
    if t2_answers is not None:
        tiers.append(Tier(tier2(), t2_result(t2_answers, age, established)))
        next_tier = None
    return outcome(tiers, age=age, profile=profile, next_tier=next_tier)


def codes(o):
    return [a.code for a in o.actions]


# ----------------------------------------------------------------------------- ages


def test_items_and_sections_follow_the_age_and_an_unknown_age_shows_everything():
    c = tier1()
    at6 = engine.items_for_context(c, "general", 6)
    assert "S-APPS" not in at6 and "S-IMAGES" not in at6 and "F-WORK" not in at6
    assert "F-EXCHANGE" in at6 and "F-CAREGIVER" in at6
    at10 = engine.items_for_context(c, "general", 10)
    assert "S-APPS" in at10 and "S-IMAGES" not in at10 and "F-WORK" in at10
    assert "S-IMAGES" in engine.items_for_context(c, "general", 12)
    assert engine.items_for_context(c, "general") == engine.items_for_context(c, "general", None)
    assert "S-IMAGES" in engine.items_for_context(c, "general")


def test_a_young_child_cannot_be_answered_on_an_item_not_shown_at_their_age():
    c = tier1()
    with pytest.raises(engine.AnswerError, match="S-APPS"):
        score(c, {"S-APPS": "yes"}, items_presented=engine.items_for_context(c, "general", 6), age=6)


def test_instrument_ages_decide_whether_it_is_offered():
    assert engine.offered_at_age(tier2(), 10) and engine.offered_at_age(tier2(), 17)
    assert not engine.offered_at_age(tier2(), 9)
    assert engine.offered_at_age(tier2(), None)
    assert engine.offered_at_age(tier1(), 0)


def test_rules_can_test_the_age_and_an_unknown_age_is_not_known():
    ids = lambda r: [f.id for f in r.fired_rules]  # noqa: E731
    c = tier1()
    assert "adult-only" in ids(score(c, {"S-PHONES": "yes"}, age=18))
    assert "adult-only" not in ids(score(c, {"S-PHONES": "yes"}, age=17))
    assert "adult-only" not in ids(score(c, {"S-PHONES": "yes"}, age=None))


# ----------------------------------------------------------------------------- facts


def test_two_items_of_one_fact_count_once():
    r = t1_result({"S-CASH": "yes", "S-GOODS": "yes", "S-PHONES": "yes"})
    assert "many-signs" not in [f.id for f in r.fired_rules]  # two facts, not three
    r = t1_result({"S-CASH": "yes", "S-PHONES": "yes", "S-SCHOOL": "yes"})
    assert "many-signs" in [f.id for f in r.fired_rules]


def test_points_of_one_fact_are_its_best_item_once():
    c = tier1()
    for section in c["sections"]:
        for i in section["items"]:
            i["points"] = {"yes": 2} if i["code"] == "S-CASH" else {"yes": 1}
    c["rules"] = [
        {
            "id": "p",
            "level": "possible",
            "reason": "r",
            "when": {"points_at_least": 3, "where": {"section": "signs"}},
        }
    ]
    assert score(c, {"S-CASH": "yes", "S-GOODS": "yes"}).level == "none"  # 2, not 3
    assert score(c, {"S-CASH": "yes", "S-PHONES": "yes"}).level == "possible"
    # An unknown item of the fact may still give that fact's best: not known, never fired.
    assert score(c, {"S-GOODS": "yes", "S-CASH": "unknown", "S-PHONES": "no"}).level == "none"


# ----------------------------------------------------------------------------- identification


def test_circumstantial_signs_give_possible_never_identification():
    r = t1_result({"S-CASH": "yes", "S-PHONES": "yes", "S-SCHOOL": "yes", "S-MISSING": "yes"})
    assert r.level == "possible" and r.identifies == ()
    o = screen({"S-CASH": "yes", "S-PHONES": "yes", "S-SCHOOL": "yes", "S-MISSING": "yes"})
    assert o.level == "possible" and not o.identified and o.mandated_reports == ()
    assert o.next_step == "interview" and "tier2-interview" in codes(o)


def test_an_exchange_identifies_stops_and_reports():
    o = screen({"F-EXCHANGE": "yes", "S-PHONES": "yes"})
    assert (o.level, o.identified, o.identifies, o.stop) == ("clear", True, ("sex",), True)
    assert o.trafficking_types == ("sex",)
    assert o.next_step == "stop"
    assert "tier2-interview" not in codes(o) and "gather-information" not in codes(o)
    assert {"report-law-enforcement", "report-child-abuse-hotline"} <= {a.code for a in o.mandated_reports}
    assert codes(o)[0] == "stop-questioning"
    law = next(a for a in o.actions if a.code == "report-law-enforcement")
    assert law.deadline_hours == 8 and law.mandatory and law.origin == "jurisdiction"
    assert "interview_offered" not in o.signals


def test_labor_under_coercion_is_named_labor_with_labor_guidance():
    o = screen({"F-WORK": "yes", "F-PAPERS": "yes"})
    assert o.identifies == ("labor",) and o.trafficking_types == ("labor",) and o.severe_form is True
    assert "labor-rights" in codes(o)
    assert not o.stop and o.next_step == "interview"


def test_labor_guidance_is_not_given_for_sex_only():
    assert "labor-rights" not in codes(screen({"F-EXCHANGE": "yes"}))


def test_a_youth_of_19_is_identified_under_the_child_welfare_definition_and_gets_adult_guidance():
    without_force = screen({"F-EXCHANGE": "yes"}, age=19)
    assert without_force.identified and without_force.severe_form is False
    assert "adult-services" in codes(without_force) and "cac" not in codes(without_force)
    assert "report-child-abuse-hotline" not in codes(without_force)
    assert "report-law-enforcement" in codes(without_force)
    assert any("severe form" in note for note in without_force.notes)
    with_force = screen({"F-EXCHANGE": "yes", "F-WORK": "yes", "F-PAPERS": "yes"}, age=19)
    assert with_force.severe_form is True
    minor = screen({"F-EXCHANGE": "yes"}, age=15)
    assert minor.severe_form is True and "cac" in codes(minor) and "adult-services" not in codes(minor)


def test_a_jurisdiction_that_needs_force_for_adults_gives_concern_not_identification():
    strict = copy.deepcopy(PROFILE)
    strict["legal_definitions"]["sex_trafficking_victim"]["force_fraud_coercion_needed_from_age"] = 18
    o = screen({"F-EXCHANGE": "yes"}, age=19, profile=strict)
    assert o.level == "clear" and not o.identified and o.notes
    assert "report-law-enforcement" not in codes(o)
    assert screen({"F-EXCHANGE": "yes"}, age=17, profile=strict).identified


def test_without_a_profile_there_are_no_reports_and_the_severe_form_is_unknown():
    o = screen({"F-EXCHANGE": "yes"}, profile=None)
    assert o.identified and o.mandated_reports == () and o.severe_form is None


# ----------------------------------------------------------------------------- reports and paths


def test_a_caregiver_as_exploiter_changes_the_path():
    o = screen({"F-EXCHANGE": "yes", "F-CAREGIVER": "yes"}, age=6)
    assert "caregiver_exploiter" in o.signals
    assert "safety-without-caregiver" in codes(o) and "safety-planning" not in codes(o)
    hotline = next(a for a in o.actions if a.code == "report-child-abuse-hotline")
    assert hotline.title == "Report to the hotline, naming the caregiver"


def test_a_foreign_national_minor_with_concern_means_notifying_hhs_in_24_hours():
    o = screen({"F-FOREIGN": "yes", "S-PHONES": "yes"})
    hhs = next(a for a in o.mandated_reports if a.code == "notify-hhs")
    assert hhs.deadline_hours == 24
    assert "notify-hhs" not in codes(screen({"F-FOREIGN": "yes"}))  # no concern: no notification
    assert "notify-hhs" not in codes(screen({"F-FOREIGN": "yes", "S-PHONES": "yes"}, age=19))


def test_online_sexual_exploitation_adds_the_cybertipline():
    assert "cybertipline" in codes(screen({"S-IMAGES": "yes"}))


def test_an_unknown_age_shows_the_child_and_the_adult_guidance():
    o = screen({"F-EXCHANGE": "yes"}, age=None)
    assert {"cac", "adult-services", "report-child-abuse-hotline"} <= set(codes(o))


# ----------------------------------------------------------------------------- the interview


def test_below_the_interview_age_the_forensic_interview_route_replaces_the_interview():
    o = screen({"S-PHONES": "yes"}, age=6)
    assert o.next_step == "forensic_interview"
    assert "below_interview_age" in o.signals and "interview_offered" not in o.signals
    assert "tier2-interview" not in codes(o)
    at10 = screen({"S-PHONES": "yes"}, age=10)
    assert at10.next_step == "interview" and "tier2-interview" in codes(at10)


def test_no_interview_is_offered_when_none_follows():
    o = outcome([Tier(tier1(), t1_result({"S-PHONES": "yes"}))], age=14, profile=PROFILE, next_tier=None)
    assert o.next_step == "follow_guidance" and "tier2-interview" not in codes(o)


# ----------------------------------------------------------------------------- never lower


def test_an_interview_never_lowers_the_outcome_and_its_own_level_stays_beneath():
    o = screen(
        {"S-PHONES": "yes"}, {f"Q{n}": "no" for n in range(1, 5)} | {"Q-HOTEL": "no", "Q-DISCLOSE": "no"}
    )
    assert o.level == "possible"
    assert [t["level"] for t in o.tiers] == ["possible", "none"]
    assert o.next_step == "follow_guidance"


def test_an_interview_raises_the_outcome():
    o = screen({"S-PHONES": "yes"}, {"Q-DISCLOSE": "yes"})
    assert o.level == "clear" and o.identified and o.stop and o.next_step == "stop"
    assert o.reasons[0].id == "disclosure" and o.reasons[0].tier == 2


def test_all_declined_after_an_indicator_is_not_completed_and_keeps_the_concern():
    declined = {f"Q{n}": "declined" for n in range(1, 5)} | {"Q-HOTEL": "declined", "Q-DISCLOSE": "declined"}
    tier = t2_result(declined)
    assert tier.level == "none" and tier.not_completed
    assert tier.uncertain == {"declined": 6, "unknown": 0, "counted": 6}
    o = screen({"S-PHONES": "yes"}, declined)
    assert o.level == "possible" and o.not_completed and o.next_step == "offer_again"
    offer = next(a for a in o.actions if a.code == "offer-again")
    assert offer.deadline_hours == 72


def test_the_not_completed_threshold_is_more_than_the_share():
    half = {
        "Q1": "declined",
        "Q2": "declined",
        "Q3": "unknown",
        "Q4": "no",
        "Q-HOTEL": "no",
        "Q-DISCLOSE": "no",
    }
    assert not t2_result(half).not_completed  # 3 of 6 is not more than half
    more = dict(half, Q4="declined")
    assert t2_result(more).not_completed


def test_a_stop_is_never_not_completed_and_drops_the_offer():
    stopped = {"Q1": "declined", "Q2": "declined", "Q3": "declined", "Q-DISCLOSE": "yes"}
    assert not t2_result(stopped).not_completed
    o = screen({"S-PHONES": "yes"}, stopped)
    assert o.stop and "offer-again" not in codes(o)


def test_tier1_mostly_unknown_is_not_completed_and_gathers_information_without_a_concern():
    unknown = {
        c: "unknown"
        for c in engine.items_for_context(tier1(), "general", 14)
        if not c.startswith("F-FOREIGN")
    }
    r = t1_result(unknown)
    assert r.level == "none" and r.not_completed
    o = screen(unknown)
    assert o.next_step == "gather_information" and "gather-information" in codes(o)


def test_established_items_are_not_counted_as_declined_or_asked():
    answers = {
        "Q-HOTEL": "yes",
        "Q1": "declined",
        "Q2": "declined",
        "Q3": "no",
        "Q4": "no",
        "Q-DISCLOSE": "no",
    }
    r = t2_result(answers, established=["Q-HOTEL"])
    assert r.established == ("Q-HOTEL",) and r.uncertain["counted"] == 5 and not r.not_completed
    with pytest.raises(engine.AnswerError, match="established"):
        t2_result({"Q1": "no"}, age=14, established=["NOPE"])


def test_one_action_asked_by_both_tiers_is_listed_once():
    o = screen({"S-PHONES": "yes", "S-SCHOOL": "yes", "S-CASH": "yes"}, {"Q1": "yes"})
    assert codes(o).count("consult") == 1
    consult = next(a for a in o.actions if a.code == "consult")
    assert consult.rules == ("many-signs", "points")


# ----------------------------------------------------------------------------- the record


def test_the_record_prefills_only_what_it_shows():
    c = tier1()
    assert engine.prefill(c, {"missing_episodes": 3, "recovery_locations": ["friend", "hotel"]}) == {
        "S-MISSING": "yes",
        "S-HOTEL": "yes",
    }
    assert engine.prefill(c, {"missing_episodes": 2, "recovery_locations": ["friend"]}) == {}
    assert engine.prefill(c, {}) == {}
    assert engine.prefill(c, {"missing_episodes": 5}, items_presented=["S-HOTEL"]) == {}


def test_tier2_items_established_by_tier1():
    c = tier2()
    got = engine.established(c, earlier_instrument="t1", earlier_answers={"S-HOTEL": "yes"})
    assert got == {"Q-HOTEL": {"answer": "yes", "from": ["S-HOTEL"]}}
    assert engine.established(c, earlier_instrument="t1", earlier_answers={"S-HOTEL": "no"}) == {}
    assert engine.established(c, earlier_instrument="other", earlier_answers={"S-HOTEL": "yes"}) == {}


# ----------------------------------------------------------------------------- reading it


def test_reasons_lead_with_identification_then_the_level_and_the_rest_is_also_noted():
    o = screen({"S-PHONES": "yes", "F-EXCHANGE": "yes"})
    assert [r.id for r in o.reasons] == ["exchange"]
    assert {r.id for r in o.also_noted} == {"any-sign"}


def test_the_outcome_serialises_the_keys_the_score_command_promises():
    d = screen({"F-EXCHANGE": "yes"}).to_dict()
    for key in (
        "level",
        "identified",
        "trafficking_types",
        "stop",
        "not_completed",
        "mandated_reports",
        "actions",
        "next_step",
        "reasons",
    ):
        assert key in d
    assert all("deadline_hours" in r for r in d["mandated_reports"])


def test_a_vignette_outcome_uses_its_earlier_tier_and_interview():
    declined = {f"Q{n}": "declined" for n in range(1, 5)} | {"Q-HOTEL": "declined", "Q-DISCLOSE": "declined"}
    o = engine.vignette_outcome(
        tier2(),
        {"answers": declined, "age": 14, "follows": {"level": "possible", "flags": ["tier2_recommended"]}},
    )
    assert o.level == "possible" and o.not_completed and o.next_step == "offer_again"
    young = engine.vignette_outcome(
        tier1(), {"answers": {"S-PHONES": "yes"}, "age": 6, "interview": {"ages": {"min": 10}}}
    )
    assert young.next_step == "forensic_interview"
    any_age = engine.vignette_outcome(tier1(), {"answers": {"S-PHONES": "yes"}, "age": 6})
    assert any_age.next_step == "interview"
