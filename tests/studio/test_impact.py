"""A draft's impact (studio/impact.py, studio/publication.impact_of): the screenings of the last
months re-scored with the draft, in memory, counted by direction of change, with the rules
responsible; a fixed number of queries; nothing written."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from indicators import engine, lifecycle
from screening.models import Screening
from studio import impact, publication
from tests.rows import row_counts
from tests.screening.conftest import (
    T1_INDICATOR_A,
    T1_INDICATOR_B,
    T2_DISCLOSURE,
    confirm_setting,
    start_follow_up,
    submit,
)

from .conftest import main_of
from .publishing import change_rule, five_screenings, raise_any_indicator, screen


@pytest.fixture
def draft(library, instrument_admin):
    return lifecycle.new_draft_from(library.tier1, instrument_admin, change_note="Two indicators.")


@pytest.fixture
def lowered(draft):
    """Any indicator needs two now; the labor rule no longer identifies labor trafficking."""
    raise_any_indicator(draft)
    return change_rule(draft, "labor-force-fraud-coercion", identifies=None)


def test_the_known_data_set(library, caseworker, youth_case, lowered):
    five_screenings(caseworker, youth_case, library.tier1)
    counts = publication.impact_of(lowered).counts
    assert counts.rescored == 5 and counts.not_scored == 0
    assert counts.changed == 3 and counts.lowered == 3
    assert dict(counts.transitions) == {("possible", "none"): 2}
    assert counts.level_down == 2 and counts.level_up == 0
    assert counts.identification_lost == 1 and counts.identification_gained == 0
    assert counts.stop_lost == counts.stop_gained == 0
    # The rules responsible, over the screenings that change: "at least one indicator" no longer
    # fires for the two single indicators and for the labor fact alone.
    assert dict(counts.rules_lost) == {"any-indicator": 3}
    assert dict(counts.rules_gained) == {}
    assert counts.lowers


def test_an_unchanged_draft_changes_nothing(library, caseworker, youth_case, draft):
    five_screenings(caseworker, youth_case, library.tier1)
    counts = publication.impact_of(draft).counts
    assert counts.rescored == 5 and counts.changed == 0 and not counts.lowers
    assert not counts.transitions and not counts.rules_lost and not counts.rules_gained


def test_a_raised_outcome_is_not_a_lowering(library, caseworker, youth_case, draft):
    screen(caseworker, youth_case, library.tier1)  # nothing: none
    change_rule(draft, "any-indicator", when={"count_at_least": 0, "where": {"kind": "indicator"}})
    counts = publication.impact_of(draft).counts
    assert dict(counts.transitions) == {("none", "possible"): 1}
    assert counts.level_up == 1 and counts.lowered == 0 and not counts.lowers
    assert dict(counts.rules_gained) == {"any-indicator": 1}


def test_only_the_period_and_the_instrument_count(library, caseworker, youth_case, draft, settings):
    settings.STUDIO_IMPACT_MONTHS = 1
    old, recent = screen(caseworker, youth_case, library.tier1), screen(caseworker, youth_case, library.tier1)
    Screening.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(days=45))
    # A Tier 2 interview is another instrument: not re-scored with a Tier 1 draft.
    report = publication.impact_of(draft)
    assert report.counts.rescored == 1 and report.months == 1
    assert report.since <= recent.submitted_at <= report.until


def test_the_limit_keeps_the_most_recent(library, caseworker, youth_case, draft, settings):
    settings.STUDIO_IMPACT_MAX_SCREENINGS = 2
    for _n in range(3):
        screen(caseworker, youth_case, library.tier1)
    report = publication.impact_of(draft)
    assert report.counts.rescored == 2 and report.limit_reached


def test_the_number_of_queries_does_not_grow_with_the_screenings(library, caseworker, youth_case, lowered):
    screen(caseworker, youth_case, library.tier1, **{T1_INDICATOR_A: "yes"})
    publication.impact_of(lowered)  # what is read once per process (the agency's settings)
    with CaptureQueriesContext(connection) as few:
        publication.impact_of(lowered)
    five_screenings(caseworker, youth_case, library.tier1)
    before = row_counts(skip=set())
    with CaptureQueriesContext(connection) as more:
        assert publication.impact_of(lowered).counts.rescored == 6
    assert len(more) == len(few)
    assert row_counts(skip=set()) == before  # in memory: nothing written


def test_the_page_shows_the_direction_table_and_the_rules(studio, library, caseworker, youth_case, lowered):
    five_screenings(caseworker, youth_case, library.tier1)
    page = main_of(studio.get(reverse("studio:publish", kwargs={"pk": lowered.pk})).content.decode())
    assert 'data-impact-rescored="5" data-impact-changed="3" data-impact-lowered="3"' in page
    row = page[page.index('data-direction="possible-none"') :]
    row = row[: row.index("</tr>")]
    assert 'class="table-danger"' in row and ">2</td>" in row and "(lower)" in row
    assert 'data-direction="identification_lost" class="table-danger"' in page
    assert 'data-rule-change="any-indicator:stops:3"' in page
    assert "data-impact-lowers" in page
    # Counts only: no youth, no case.
    assert youth_case.case_number not in page and youth_case.chosen_name not in page
    assert youth_case.legal_name not in page
    assert "Answers to items this draft does not ask were dropped" in page


# --------------------------------------------------------------------------- the pure part


def row(level="none", result=None, **answers):
    return {
        "context": "general",
        "youth_age": 15,
        "answers": answers,
        "established": {},
        "level": level,
        "result": result or {"level": level, "fired_rules": [], "flags": [], "identifies": []},
    }


def test_answers_to_items_the_draft_does_not_have_are_dropped(library):
    content = library.tier1.content
    counts = impact.impact(content, [row(**{"T1-GONE-01": "yes"}), row(**{T1_INDICATOR_A: "no"})])
    assert counts.rescored == 2 and counts.answers_dropped == 1
    assert counts.left_unanswered == 2  # the rest of the draft's items were never answered
    assert counts.changed == 0


def test_an_answer_off_the_scale_is_counted_not_scored(library):
    counts = impact.impact(library.tier1.content, [row(**{T1_INDICATOR_A: "perhaps"})])
    assert counts.rescored == 0 and counts.not_scored == 1


def test_a_lost_stop_is_a_lowering():
    then = impact.Scored("clear", frozenset({"exchange-known"}), frozenset({"sex"}), True)
    now = impact.Scored("clear", frozenset({"exchange-known"}), frozenset({"sex"}), False)
    counts = impact.Impact()
    counts.add(then, now)
    counts.add(then, then)
    assert counts.rescored == 2 and counts.changed == 1 and counts.stop_lost == 1 and counts.lowered == 1
    assert not counts.transitions


def test_the_stored_result_is_read_as_it_was_kept(library):
    result = engine.score(library.tier1.content, {T1_INDICATOR_A: "yes"})
    kept = impact.Scored.stored(result.level, result.to_dict())
    assert kept == impact.Scored.of(result)
    assert kept.level == "possible" and "any-indicator" in kept.rules


def test_the_snapshot_is_plain_json(library, caseworker, youth_case, lowered):
    five_screenings(caseworker, youth_case, library.tier1)
    snapshot = publication.impact_of(lowered).to_dict()
    assert snapshot["transitions"] == [["possible", "none", 2]]
    assert snapshot["rules_lost"] == {"any-indicator": 3} and snapshot["months"] == 12


def test_the_publish_page_reads_the_same_number_of_queries_however_many_screenings(
    studio, library, caseworker, youth_case, lowered
):
    url = reverse("studio:publish", kwargs={"pk": lowered.pk})
    screen(caseworker, youth_case, library.tier1, **{T1_INDICATOR_A: "yes"})
    studio.get(url)
    with CaptureQueriesContext(connection) as few:
        studio.get(url)
    five_screenings(caseworker, youth_case, library.tier1)
    with CaptureQueriesContext(connection) as more:
        assert 'data-impact-rescored="6"' in studio.get(url).content.decode()
    assert len(more) == len(few)


@pytest.mark.parametrize(
    "moment,months,expected",
    [
        ("2026-12-02T10:00:00", 12, "2025-12-02T10:00:00"),
        ("2026-03-31T10:00:00", 1, "2026-02-28T10:00:00"),
        ("2024-05-31T10:00:00", 3, "2024-02-29T10:00:00"),
        ("2026-01-15T10:00:00", 1, "2025-12-15T10:00:00"),
    ],
)
def test_months_before_is_calendar_months(moment, months, expected):
    from datetime import datetime

    assert publication.months_before(datetime.fromisoformat(moment), months) == datetime.fromisoformat(
        expected
    )


def test_an_interview_draft_rescores_the_interviews_with_what_tier1_established(
    library, instrument_admin, caseworker, youth_case
):
    tier1 = screen(caseworker, youth_case, library.tier1, **{T1_INDICATOR_A: "yes", T1_INDICATOR_B: "yes"})
    interview = start_follow_up(caseworker, tier1)
    confirm_setting(caseworker, interview)
    submit(caseworker, interview, {T2_DISCLOSURE: "yes"})
    draft = lifecycle.new_draft_from(library.tier2, instrument_admin)
    counts = publication.impact_of(draft).counts
    assert counts.rescored == 1 and counts.not_scored == 0 and counts.changed == 0
    # The disclosure no longer stops the questions: a lowering.
    rule = next(r for r in draft.content["rules"] if "stop_disclosure" in (r.get("flags") or []))
    change_rule(draft, rule["id"], flags=[f for f in rule["flags"] if f != "stop_disclosure"])
    counts = publication.impact_of(draft).counts
    assert counts.stop_lost == 1 and counts.lowered == 1
