"""`manage.py seed_demo_screenings`: the demo's screenings, reviews and drafts (after seed_demo)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import User
from screening import review
from screening.models import Screening
from tests.screening.conftest import library

pytestmark = pytest.mark.django_db
__all__ = ["library"]  # the fixture, imported for the tests below


def run(command, **kwargs) -> str:
    out = StringIO()
    call_command(command, stdout=out, **kwargs)
    return out.getvalue()


def test_the_demo_has_every_state_of_the_workflow(library):
    run("seed_demo")
    output = run("seed_demo_screenings")
    assert "waiting for review" in output
    supervisor, supervisor2 = (
        User.objects.get(username="supervisor"),
        User.objects.get(username="supervisor2"),
    )
    queue = list(review.queue_for(supervisor))
    assert all(s.is_root and s.outcome for s in queue)  # screenings, each with its outcome
    assert {s.outcome_level for s in queue} == {"possible", "clear"}
    assert any(s.stopped_on_disclosure for s in queue)
    corrected = [s for s in queue if s.corrected_level_label]
    assert [(s.level, s.outcome_level) for s in corrected] == [("possible", "clear")]
    assert corrected[0].actions.filter(code="report-child-abuse-hotline").exists()
    # One indicator, then an interview the youth declined throughout: possible, not completed.
    declined = [s for s in queue if s.outcome["not_completed"]]
    assert [(s.outcome_level, s.outcome["next_step"]) for s in declined] == [("possible", "offer_again")]
    # The 6-year-old: clear, identified, stopped, and no interview offered.
    young = next(s for s in queue if s.youth_age < 10)
    assert young.outcome["identified"] and young.outcome["stop"] and not young.follow_ups.exists()
    assert young.actions.filter(code="cac-forensic-interview").exists()
    assert not young.actions.filter(code="tier2-interview").exists()
    assert list(review.queue_for(supervisor2))  # the other team has its own
    assert not set(queue) & set(review.queue_for(supervisor2))
    returned = Screening.objects.get(review_status="returned")
    assert returned.case.assigned_caseworker.username == "caseworker"
    assert Screening.objects.filter(review_status="approved").exists()
    assert Screening.objects.drafts().filter(case__assigned_caseworker__username="caseworker").exists()


def test_running_it_again_adds_nothing(library):
    run("seed_demo")
    run("seed_demo_screenings")
    count = Screening.objects.count()
    assert "already present" in run("seed_demo_screenings")
    assert Screening.objects.count() == count


def test_it_needs_the_demo_cases_and_the_instruments(library, settings):
    with pytest.raises(CommandError, match="seed_demo"):
        run("seed_demo_screenings")


def test_it_needs_the_instrument_library(db):
    run("seed_demo")
    with pytest.raises(CommandError, match="load_instruments"):
        run("seed_demo_screenings")
    assert not Screening.objects.exists()


def test_it_refuses_where_demo_data_is_not_allowed(library, settings):
    run("seed_demo")
    settings.SEED_DEMO_ALLOWED = False
    with pytest.raises(CommandError, match="SEED_DEMO_ALLOWED"):
        run("seed_demo_screenings")
    assert not Screening.objects.exists()
