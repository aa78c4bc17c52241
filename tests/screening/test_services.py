"""The screening services the views use, for what a page does not show directly."""

import datetime

import pytest
from django.utils import timezone

from indicators import exports, lifecycle, loading
from indicators.models import Jurisdiction
from screening import services
from screening.models import Screening
from tests import factories

from .conftest import T1_INDICATOR_A, answer_all, fake_request, save, start, submit


def test_only_a_published_version_starts_a_screening(caseworker, youth_case, library):
    draft = lifecycle.new_draft_from(library.tier1)
    with pytest.raises(services.ScreeningError, match="Only a published instrument version"):
        start(caseworker, youth_case, draft)
    assert not Screening.objects.exists()


def test_a_submit_from_an_old_copy_is_refused(caseworker, tier1_draft):
    loaded = tier1_draft.version
    save(caseworker, tier1_draft, answer_all(tier1_draft))
    with pytest.raises(services.DraftConflict):
        services.submit(request=fake_request(caseworker), screening=tier1_draft, version=loaded)
    tier1_draft.refresh_from_db()
    assert tier1_draft.is_draft


def test_the_interview_is_not_submitted_before_the_setting_is_confirmed(caseworker, tier2_draft):
    with pytest.raises(services.ScreeningError, match="Confirm the interview setting"):
        services.submit(request=fake_request(caseworker), screening=tier2_draft, version=tier2_draft.version)


@pytest.fixture
def chronic_runaway(caseworker, youth_case, library):
    """A return-from-missing screening of a youth who ran three or more times (T1-MT-01),
    after an episode reported to law enforcement but not yet to NCMEC."""
    went = timezone.now() - datetime.timedelta(hours=30)
    episode = factories.MissingEpisodeFactory(
        case=youth_case,
        went_missing_at=went,
        returned_at=went + datetime.timedelta(hours=20),
        reported_to_law_enforcement_at=went + datetime.timedelta(hours=2),
        law_enforcement_report_number="PD-24-1187",
    )
    screening = start(caseworker, youth_case, library.tier1, context="return_from_missing", episode=episode)
    return submit(caseworker, screening, answer_all(screening, **{"T1-MT-01": "yes"})), episode


def test_missing_reports_are_due_from_when_the_youth_went_missing(chronic_runaway):
    screening, episode = chronic_runaway
    ncmec = screening.actions.get(code="report-missing-ncmec")
    assert ncmec.due_at == episode.went_missing_at + datetime.timedelta(hours=24)
    assert ncmec.status == "open" and ncmec.is_overdue


def test_a_report_the_episode_records_is_already_done(chronic_runaway, caseworker):
    screening, episode = chronic_runaway
    police = screening.actions.get(code="report-missing-law-enforcement")
    assert police.status == "done"
    assert police.done_at == episode.reported_to_law_enforcement_at and police.reference == "PD-24-1187"
    assert police.closed_by == caseworker


def test_due_times_follow_the_jurisdictions_hours(caseworker, youth_case, library):
    """Texas reports to police within 8 hours where federal law says 24: a setting, not a constant."""
    Jurisdiction.objects.filter(slug="federal-baseline").update(report_trafficking_to_law_enforcement=8)
    screening = start(caseworker, youth_case, library.tier1)
    screening = submit(caseworker, screening, answer_all(screening, **{"T1-SX-03": "yes"}))
    action = screening.actions.get(code="report-law-enforcement")
    assert action.due_at == screening.submitted_at + datetime.timedelta(hours=8)


def test_the_answers_scored_are_the_saved_ones(caseworker, tier1_draft):
    answers = answer_all(tier1_draft, **{T1_INDICATOR_A: "yes"})
    screening = submit(caseworker, tier1_draft, answers)
    assert screening.result["answers"] == answers
    assert screening.points == screening.result["points"]


def test_a_flagged_screening_waits_for_review_and_a_clean_one_does_not(
    caseworker, youth_case, library, tier1_possible
):
    clean = start(caseworker, youth_case, library.tier1)
    clean = submit(caseworker, clean, answer_all(clean))
    assert clean.level == "none" and clean.review_status == ""
    assert tier1_possible.review_status == "pending" and tier1_possible.review_waiting_since


def test_the_library_the_tests_use_is_the_one_the_files_load(library):
    report = loading.load_files(check_only=True)
    assert report.ok and {r.outcome for r in report.results} == {"unchanged"}
    assert library.tier1.content == exports.current_content(library.tier1)
