"""Start Tier 2 from a Tier 1 result: the context and episode carry over."""

from screening.models import GuidanceAction, Screening
from tests import factories

from .conftest import (
    T1_INDICATOR_A,
    T2_DECLINED,
    T2_DISCLOSURE,
    answer_all,
    audit_events,
    confirm_setting,
    form_data,
    start,
    submit,
)


def url(screening):
    return f"/screenings/{screening.pk}/follow-up/"


def test_it_starts_the_interview_with_the_same_context_and_episode(client, caseworker, youth_case, library):
    episode = factories.MissingEpisodeFactory(case=youth_case)
    tier1 = start(caseworker, youth_case, library.tier1, context="return_from_missing", episode=episode)
    tier1 = submit(caseworker, tier1, answer_all(tier1, **{T1_INDICATOR_A: "yes"}))
    client.force_login(caseworker)
    response = client.post(url(tier1))
    follow = Screening.objects.get(follows=tier1)
    assert response.status_code == 302 and response["Location"] == f"/screenings/{follow.pk}/"
    assert follow.instrument_version == library.tier2
    assert follow.context == "return_from_missing" and follow.episode == episode
    assert follow.is_draft and follow.created_by == caseworker
    event = audit_events(youth_case, summary="Screening started", object_id=str(follow.pk)).get()
    assert event.detail["follows"] == tier1.pk
    # The interview opens on the setting checklist.
    assert "Before the first question" in client.get(response["Location"]).content.decode()


def test_a_second_click_reuses_the_draft(client, caseworker, supervisor, tier1_possible):
    client.force_login(caseworker)
    first = client.post(url(tier1_possible))
    client.force_login(supervisor)
    second = client.post(url(tier1_possible))
    assert first["Location"] == second["Location"]
    assert Screening.objects.filter(follows=tier1_possible).count() == 1


def test_a_draft_cannot_be_followed_up(client, caseworker, tier1_draft):
    client.force_login(caseworker)
    response = client.post(url(tier1_draft), follow=True)
    assert "Submit this screening before starting the in-depth interview." in response.content.decode()
    assert not Screening.objects.filter(follows=tier1_draft).exists()


def test_no_interview_follows_a_stop(client, caseworker, tier2_disclosure):
    """A further interview would follow the screening (Tier 1), never an interview; after a
    disclosure there is none at all."""
    client.force_login(caseworker)
    for screening in (tier2_disclosure, tier2_disclosure.follows):
        response = client.post(url(screening), follow=True)
        assert "Questioning stopped on this screening: no interview follows." in response.content.decode()
    assert not Screening.objects.filter(follows=tier2_disclosure).exists()
    assert Screening.objects.filter(follows=tier2_disclosure.follows).count() == 1


def test_an_interview_not_completed_is_offered_again(client, caseworker, tier1_possible):
    client.force_login(caseworker)
    first = Screening.objects.get(pk=client.post(url(tier1_possible))["Location"].split("/")[2])
    confirm_setting(caseworker, first)
    submit(caseworker, first, answer_all(first, "declined"))
    page = client.get(f"/screenings/{tier1_possible.pk}/").content.decode()
    assert "Start the interview again" in page and "Interview not completed" in page
    again = Screening.objects.get(pk=client.post(url(first))["Location"].split("/")[2])
    assert again.follows_id == tier1_possible.pk and again.pk != first.pk and again.is_draft
    offer = first.actions.get(code="offer-interview-again")
    confirm_setting(caseworker, again)
    submit(caseworker, again, answer_all(again, "no"))
    offer.refresh_from_db()
    assert offer.status == "done" and offer.reference == f"Screening {again.pk}"
    root = Screening.objects.get(pk=tier1_possible.pk)
    # Three tiers now; the second interview was completed: the concern stands, never lowered.
    assert [t["tier"] for t in root.outcome["tiers"]] == [1, 2, 2]
    assert root.outcome_level == "possible" and not root.outcome["not_completed"]


def test_submitting_the_interview_completes_the_tier_1_action(client, caseworker, tier1_possible):
    action = tier1_possible.actions.get(code="tier2-interview")
    assert action.status == "open"
    client.force_login(caseworker)
    follow_url = client.post(url(tier1_possible))["Location"]
    follow = Screening.objects.get(follows=tier1_possible)
    confirm_setting(caseworker, follow)
    follow.refresh_from_db()
    client.post(f"{follow_url}submit/", form_data(follow, {T2_DECLINED: "declined", T2_DISCLOSURE: "yes"}))
    action.refresh_from_db()
    assert action.status == GuidanceAction.Status.DONE
    assert action.closed_by == caseworker and action.reference == f"Screening {follow.pk}"
    page = client.get(f"/screenings/{tier1_possible.pk}/").content.decode()
    assert f"Reference: <strong>Screening {follow.pk}</strong>" in page
