"""Deadlines the software keeps, and how the case page shows them (hours from the jurisdiction)."""

import datetime

import pytest
from django.utils import timezone

from indicators.models import Jurisdiction
from screening import deadlines
from tests import factories
from tests.dates import shown_at

from .conftest import answer_all, start, submit


def ago(**kwargs):
    return timezone.now() - datetime.timedelta(**kwargs)


def reported(**kwargs):
    """An episode reported to law enforcement and NCMEC within the hour."""
    went = kwargs.pop("went_missing_at")
    return dict(
        went_missing_at=went,
        reported_to_law_enforcement_at=went + datetime.timedelta(hours=1),
        law_enforcement_report_number="PD-1",
        reported_to_ncmec_at=went + datetime.timedelta(hours=1),
        ncmec_case_number="NCMEC-1",
        **kwargs,
    )


def due_on(case):
    jurisdiction = Jurisdiction.objects.get(slug="federal-baseline")
    return deadlines.due_for(type(case).objects.filter(pk=case.pk), jurisdiction)


def case_page(client, user, case):
    client.force_login(user)
    return client.get(f"/cases/{case.pk}/").content.decode()


def when(dt):
    return shown_at(dt)


def test_a_return_with_no_screening_since_is_due_within_24_hours(client, caseworker, youth_case, library):
    episode = factories.MissingEpisodeFactory(
        case=youth_case, **reported(went_missing_at=ago(days=2), returned_at=ago(hours=2))
    )
    (item,) = due_on(youth_case)
    assert item.kind == deadlines.SCREENING_AFTER_RETURN and item.episode == episode
    assert item.due_at == episode.returned_at + datetime.timedelta(hours=24) and not item.overdue
    page = case_page(client, caseworker, youth_case)
    assert f"Screening due after a return from missing — due by {when(item.due_at)}" in page
    assert "Overdue" not in page
    assert (
        f'href="/cases/{youth_case.pk}/screenings/new/?context=return_from_missing&amp;episode={episode.pk}"'
        in page
    )


def test_it_turns_overdue_after_the_jurisdictions_hours(client, caseworker, youth_case, library):
    factories.MissingEpisodeFactory(
        case=youth_case, **reported(went_missing_at=ago(days=3), returned_at=ago(hours=30))
    )
    (item,) = due_on(youth_case)
    assert item.overdue
    assert "<strong>Overdue:</strong>" in case_page(client, caseworker, youth_case)


def test_the_hours_are_the_jurisdictions_setting(youth_case, library):
    Jurisdiction.objects.filter(slug="federal-baseline").update(screening_after_return_from_missing=4)
    episode = factories.MissingEpisodeFactory(
        case=youth_case, **reported(went_missing_at=ago(days=1), returned_at=ago(hours=5))
    )
    (item,) = due_on(youth_case)
    assert item.due_at == episode.returned_at + datetime.timedelta(hours=4) and item.overdue


def test_a_draft_does_not_count_but_a_submitted_screening_after_the_return_does(
    client, caseworker, youth_case, library
):
    episode = factories.MissingEpisodeFactory(
        case=youth_case, **reported(went_missing_at=ago(days=2), returned_at=ago(hours=30))
    )
    screening = start(caseworker, youth_case, library.tier1, context="return_from_missing", episode=episode)
    assert [d.kind for d in due_on(youth_case)] == [deadlines.SCREENING_AFTER_RETURN]
    submit(caseworker, screening, answer_all(screening))
    assert due_on(youth_case) == []
    page = case_page(client, caseworker, youth_case)
    assert "Screening due after a return" not in page


def test_a_screening_before_the_return_does_not_count(caseworker, youth_case, library):
    earlier = start(caseworker, youth_case, library.tier1)
    submit(caseworker, earlier, answer_all(earlier))
    factories.MissingEpisodeFactory(
        case=youth_case, **reported(went_missing_at=timezone.now(), returned_at=timezone.now())
    )
    assert [d.kind for d in due_on(youth_case)] == [deadlines.SCREENING_AFTER_RETURN]


def test_an_unreported_episode_is_due_then_overdue(client, caseworker, youth_case, library):
    factories.MissingEpisodeFactory(
        case=youth_case, went_missing_at=ago(hours=2), returned_at=None, recovery_location_type=""
    )
    items = due_on(youth_case)
    assert [d.kind for d in items] == [deadlines.REPORT_LAW_ENFORCEMENT, deadlines.REPORT_NCMEC]
    assert not any(d.overdue for d in items)
    page = case_page(client, caseworker, youth_case)
    assert "Report the missing youth to law enforcement — due by" in page
    assert "Report the missing youth to NCMEC (1-800-THE-LOST) — due by" in page
    assert "Record the report" in page


def test_an_episode_not_reported_within_24_hours_is_overdue(youth_case, library):
    episode = factories.MissingEpisodeFactory(
        case=youth_case,
        went_missing_at=ago(hours=30),
        returned_at=None,
        recovery_location_type="",
        reported_to_law_enforcement_at=ago(hours=29),
    )
    (item,) = due_on(youth_case)
    assert item.kind == deadlines.REPORT_NCMEC and item.overdue
    assert item.due_at == episode.went_missing_at + datetime.timedelta(hours=24)
    assert item.url == f"/cases/{youth_case.pk}/episodes/{episode.pk}/edit/"


def test_a_runaway_history_at_opening_needs_a_screening_within_72_hours(
    client, caseworker, youth_case, library
):
    youth_case.known_runaway_history = True
    youth_case.opened_on = timezone.localdate() - datetime.timedelta(days=4)
    youth_case.save()
    (item,) = due_on(youth_case)
    assert item.kind == deadlines.SCREENING_AT_OPENING and item.overdue
    opened = timezone.make_aware(datetime.datetime.combine(youth_case.opened_on, datetime.time.min))
    assert item.due_at == opened + datetime.timedelta(hours=72)
    assert "Screening due: case opened with a runaway history" in case_page(client, caseworker, youth_case)
    screening = start(caseworker, youth_case, library.tier1)
    submit(caseworker, screening, answer_all(screening))
    assert due_on(youth_case) == []


def test_one_screening_is_due_once_per_case(youth_case, library):
    youth_case.known_runaway_history = True
    youth_case.save()
    older, _newer = (
        factories.MissingEpisodeFactory(
            case=youth_case, **reported(went_missing_at=ago(days=days + 1), returned_at=ago(days=days))
        )
        for days in (9, 5)
    )
    # Two returns and a runaway history: one screening covers them all, due from the oldest.
    (item,) = due_on(youth_case)
    assert item.kind == deadlines.SCREENING_AFTER_RETURN and item.episode == older
    assert item.due_at == older.returned_at + datetime.timedelta(hours=24)


def test_a_closed_case_has_nothing_due(youth_case, library):
    factories.MissingEpisodeFactory(case=youth_case, went_missing_at=ago(days=3), returned_at=ago(days=2))
    youth_case.status = youth_case.Status.CLOSED
    youth_case.save()
    assert due_on(youth_case) == []


@pytest.mark.parametrize("slug", ["federal-baseline", None])
def test_without_a_jurisdiction_nothing_is_computed(youth_case, library, slug):
    factories.MissingEpisodeFactory(case=youth_case, went_missing_at=ago(days=3), returned_at=ago(days=2))
    jurisdiction = Jurisdiction.objects.filter(slug=slug).first() if slug else None
    assert bool(deadlines.due_for(type(youth_case).objects.all(), jurisdiction)) == bool(slug)
