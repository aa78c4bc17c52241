"""Starting a screening from a case: the context, the episode a return follows, the pinned version."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from indicators import lifecycle
from indicators.models import JurisdictionInstrument
from screening.models import Screening
from tests import factories

from .conftest import audit_events


def url(case):
    return f"/cases/{case.pk}/screenings/new/"


@pytest.fixture
def episode(youth_case):
    """Lexi went missing three days ago and came back yesterday."""
    return factories.MissingEpisodeFactory(case=youth_case)


def test_the_page_offers_every_context_and_the_jurisdictions_instruments(
    client, caseworker, youth_case, library
):
    client.force_login(caseworker)
    response = client.get(url(youth_case))
    page = response.content.decode()
    assert response.status_code == 200
    for label in ("General", "CPS investigation", "Entry into care", "Return from a missing"):
        assert label.lower() in page.lower(), label
    assert "Tier 1: brief indicator tool (v3)" in page
    assert "Federal baseline" in page
    # The brief tool is chosen unless the caseworker chooses otherwise.
    assert response.context["form"]["version"].value() == str(library.tier1.pk)


def test_it_starts_a_general_screening_pinned_to_the_published_version(
    client, caseworker, youth_case, library
):
    client.force_login(caseworker)
    response = client.post(url(youth_case), {"context": "general", "version": library.tier1.pk})
    screening = Screening.objects.get(case=youth_case)
    assert response.status_code == 302
    assert response["Location"] == f"/screenings/{screening.pk}/"
    assert screening.context == "general"
    assert screening.instrument_version == library.tier1
    assert screening.jurisdiction.slug == "federal-baseline"
    assert screening.is_draft and screening.created_by == caseworker and screening.episode is None
    event = audit_events(youth_case, action="created", object_type="screening.screening").get()
    assert event.user == caseworker and event.summary == "Screening started"
    assert event.detail["instrument"] == "tier1-indicators" and event.detail["version"] == 3


def test_a_return_from_missing_is_linked_to_its_episode(client, caseworker, youth_case, library, episode):
    client.force_login(caseworker)
    response = client.post(
        url(youth_case),
        {"context": "return_from_missing", "episode": episode.pk, "version": library.tier1.pk},
    )
    assert response.status_code == 302
    screening = Screening.objects.get(case=youth_case)
    assert screening.context == "return_from_missing" and screening.episode == episode


def test_the_due_screening_link_preselects_the_context_and_episode(
    client, caseworker, youth_case, library, episode
):
    client.force_login(caseworker)
    response = client.get(url(youth_case), {"context": "return_from_missing", "episode": episode.pk})
    form = response.context["form"]
    assert form["context"].value() == "return_from_missing"
    assert str(form["episode"].value()) == str(episode.pk)
    assert "Returned " in response.content.decode()


@pytest.mark.parametrize("episode_value", ["", "abc", "999999"])
def test_a_return_needs_an_episode(client, caseworker, youth_case, library, episode_value):
    client.force_login(caseworker)
    response = client.post(
        url(youth_case),
        {"context": "return_from_missing", "episode": episode_value, "version": library.tier1.pk},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["episode"]
    assert not Screening.objects.exists()


def test_the_episode_must_be_a_return_of_this_case(client, caseworker, youth_case, library, team_a):
    """An episode of another of Casey's cases cannot be attached to Lexi's screening."""
    other = factories.CaseFactory(team=team_a, assigned_caseworker=caseworker)
    foreign = factories.MissingEpisodeFactory(case=other)
    client.force_login(caseworker)
    response = client.post(
        url(youth_case),
        {"context": "return_from_missing", "episode": foreign.pk, "version": library.tier1.pk},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.context["form"].errors["episode"][0]
    assert not Screening.objects.exists()


def test_a_youth_still_missing_has_no_return_to_screen(client, caseworker, youth_case, library):
    still_missing = factories.MissingEpisodeFactory(
        case=youth_case, returned_at=None, recovery_location_type=""
    )
    client.force_login(caseworker)
    response = client.post(
        url(youth_case),
        {"context": "return_from_missing", "episode": still_missing.pk, "version": library.tier1.pk},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["episode"]
    assert not Screening.objects.exists()


def test_without_a_recorded_return_the_page_says_how_to_record_one(client, caseworker, youth_case, library):
    client.force_login(caseworker)
    page = client.get(url(youth_case)).content.decode()
    assert "No return from a missing-from-care episode is recorded" in page
    assert f"/cases/{youth_case.pk}/episodes/new/" in page


def test_an_episode_chosen_for_another_context_is_not_kept(client, caseworker, youth_case, library, episode):
    client.force_login(caseworker)
    client.post(url(youth_case), {"context": "general", "episode": episode.pk, "version": library.tier1.pk})
    assert Screening.objects.get(case=youth_case).episode is None


def test_an_instrument_the_context_does_not_use_is_refused_clearly(client, caseworker, youth_case, library):
    # This jurisdiction screens a CPS investigation with the brief tool only.
    JurisdictionInstrument.objects.filter(
        context="cps_investigation", instrument__slug="tier2-interview"
    ).delete()
    client.force_login(caseworker)
    response = client.post(url(youth_case), {"context": "cps_investigation", "version": library.tier2.pk})
    assert response.status_code == 200
    assert "This instrument is not used for this context" in response.content.decode()
    assert not Screening.objects.exists()


def test_a_draft_instrument_version_cannot_be_used(client, caseworker, youth_case, library):
    draft = lifecycle.new_draft_from(library.tier1)
    client.force_login(caseworker)
    response = client.post(url(youth_case), {"context": "general", "version": draft.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["version"]
    assert not Screening.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"context": "nowhere", "version": "1"},
        {"context": "general", "version": "abc"},
        {"context": ["general", "return_from_missing"], "version": ""},
    ],
)
def test_nonsense_gets_a_message_not_an_error(client, caseworker, youth_case, library, data):
    client.force_login(caseworker)
    response = client.post(url(youth_case), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Screening.objects.exists()


def test_a_closed_case_is_not_screened(client, caseworker, youth_case, library):
    youth_case.status = youth_case.Status.CLOSED
    youth_case.save()
    client.force_login(caseworker)
    response = client.post(url(youth_case), {"context": "general", "version": library.tier1.pk}, follow=True)
    assert response.redirect_chain[-1][0] == f"/cases/{youth_case.pk}/"
    assert "This case is closed" in response.content.decode()
    assert not Screening.objects.exists()
    assert client.get(url(youth_case)).status_code == 302


def test_drafts_in_progress_are_pointed_out(client, caseworker, supervisor, youth_case, tier1_draft):
    client.force_login(supervisor)
    page = client.get(url(youth_case)).content.decode()
    assert "A screening of this youth is already in progress" in page
    assert f"/screenings/{tier1_draft.pk}/" in page
    assert "Casey Moreno" in page


@override_settings(SCREENING_JURISDICTION="atlantis")
def test_without_the_jurisdiction_profile_nothing_starts(client, caseworker, youth_case, library):
    client.force_login(caseworker)
    response = client.post(url(youth_case), {"context": "general", "version": library.tier1.pk})
    assert response.status_code == 503
    assert "The jurisdiction profile &quot;atlantis&quot; is not loaded" in response.content.decode()
    assert not Screening.objects.exists()


def test_the_interview_can_also_be_started_directly(client, caseworker, youth_case, library):
    client.force_login(caseworker)
    client.post(url(youth_case), {"context": "entry_into_care", "version": library.tier2.pk})
    screening = Screening.objects.get(case=youth_case)
    assert screening.instrument_version == library.tier2 and screening.context == "entry_into_care"
    # The interview begins with the setting checklist.
    assert "Before the first question" in client.get(screening.get_absolute_url()).content.decode()


def test_the_screening_started_after_a_return_is_listed_on_the_case(
    client, caseworker, youth_case, library, episode
):
    episode.returned_at = timezone.now() - datetime.timedelta(hours=2)
    episode.save()
    client.force_login(caseworker)
    client.post(
        url(youth_case),
        {"context": "return_from_missing", "episode": episode.pk, "version": library.tier1.pk},
    )
    page = client.get(f"/cases/{youth_case.pk}/").content.decode()
    assert "Return from a missing" in page and "draft" in page


def test_a_garbled_link_still_shows_the_page(client, caseworker, youth_case, library):
    client.force_login(caseworker)
    for query in ({"context": "nowhere", "episode": "abc"}, {"episode": "99999999999999999999999"}):
        response = client.get(url(youth_case), query)
        assert response.status_code == 200


def episode_block(page: str) -> str:
    return page[
        page.index('<div id="episode-field"') : page.index(">", page.index('<div id="episode-field"'))
    ]


def test_the_episode_question_is_hidden_unless_screening_a_return(
    client, caseworker, youth_case, library, episode
):
    """Which return from missing applies to a return only: hidden (out of the tab order) otherwise;
    static/js/shown-when.js shows it when that reason is chosen."""
    client.force_login(caseworker)
    general = client.get(url(youth_case)).content.decode()
    assert " hidden" in episode_block(general)
    assert "js/shown-when.js" in general
    returning = client.get(url(youth_case), {"context": "return_from_missing"}).content.decode()
    assert " hidden" not in episode_block(returning)


def test_a_return_refused_for_want_of_an_episode_shows_the_question(client, caseworker, youth_case, library):
    client.force_login(caseworker)
    response = client.post(url(youth_case), {"context": "return_from_missing", "version": library.tier1.pk})
    page = response.content.decode()
    assert " hidden" not in episode_block(page)
    assert "Choose the missing-from-care episode the youth returned from" in page
