"""Helpers of the publication tests: a draft, changed as a test needs, and its screenings."""

from indicators import lifecycle
from indicators.models import Rule
from tests.screening.conftest import T1_INDICATOR_A, T1_INDICATOR_B, answer_all, start, submit

LABOR_FACT = "T1-LB-06"  # kept from leaving / papers held: the labor rule identifies labor trafficking


def change_rule(draft, rule_id, **fields):
    """Edit one rule of the draft as the editor would, and refresh the draft's content."""
    assert Rule.objects.filter(version=draft, rule_id=rule_id).update(**fields) == 1
    lifecycle.record_draft_change(draft, summary=f"rule {rule_id} changed")
    draft.refresh_from_db()
    return draft


def raise_any_indicator(draft):
    """'Possible concern when at least 2 indicators' instead of 1."""
    return change_rule(draft, "any-indicator", when={"count_at_least": 2, "where": {"kind": "indicator"}})


def keep_passing_vignettes(draft):
    """Drop the vignettes the change makes fail, so that the draft may be published."""
    _content, errors, failures = lifecycle.check_publishable(draft)
    assert not errors, errors
    failing = {f.id for f in failures}
    draft.vignettes = [v for v in draft.vignettes if v["id"] not in failing]
    draft.save(update_fields=["vignettes"])
    lifecycle.record_draft_change(draft, summary="vignettes kept")
    draft.refresh_from_db()
    assert not lifecycle.check_publishable(draft)[2]
    return draft


def screen(caseworker, case, version, **yes):
    """A submitted Tier 1 of ``version``: every item "no" but those given."""
    screening = start(caseworker, case, version)
    return submit(caseworker, screening, answer_all(screening, **yes))


def five_screenings(caseworker, case, version):
    """Two with one indicator (possible), none, two indicators (possible), a labor fact (clear,
    identifies labor)."""
    return [
        screen(caseworker, case, version, **{T1_INDICATOR_A: "yes"}),
        screen(caseworker, case, version, **{T1_INDICATOR_B: "yes"}),
        screen(caseworker, case, version),
        screen(caseworker, case, version, **{T1_INDICATOR_A: "yes", T1_INDICATOR_B: "yes"}),
        screen(caseworker, case, version, **{LABOR_FACT: "yes"}),
    ]
