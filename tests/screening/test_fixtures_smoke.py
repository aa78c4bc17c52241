from .conftest import T2_DISCLOSURE


def test_tier1_with_two_indicators_is_possible(tier1_possible):
    assert tier1_possible.level == "possible"
    assert tier1_possible.tier2_recommended
    assert tier1_possible.review_status == "pending"


def test_disclosure_stops_and_refers(tier2_disclosure):
    assert tier2_disclosure.level == "clear"
    assert tier2_disclosure.stopped_on_disclosure
    assert tier2_disclosure.answers[T2_DISCLOSURE] == "yes"
    codes = set(tier2_disclosure.actions.values_list("code", flat=True))
    assert {"cac-forensic-interview", "report-law-enforcement", "report-child-abuse-hotline"} <= codes
    # Submitting the interview completes the Tier 1 action that asked for it.
    parent_action = tier2_disclosure.follows.actions.get(code="tier2-interview")
    assert parent_action.status == "done"
