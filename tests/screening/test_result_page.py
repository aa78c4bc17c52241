"""The result page of a screening (instruments v2): one outcome over its tiers first, each tier's own
result beneath it, the reasons that set the level first, the next step, the checklist, the answers.
Whichever tier's address is opened, it is the same screening."""

from django.utils import timezone
from django.utils.html import escape

from screening import services
from screening.models import Screening
from tests.dates import shown_at

from .conftest import (
    T1_INDICATOR_A,
    T1_INDICATOR_B,
    answer_all,
    confirm_setting,
    fake_request,
    start,
    start_follow_up,
    submit,
)


def result_page(client, user, screening):
    client.force_login(user)
    response = client.get(f"/screenings/{screening.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def card(page):
    return page[page.index('id="outcome"') : page.index('id="next-heading"')]


def declined_interview(caseworker, tier1):
    follow = start_follow_up(caseworker, tier1)
    confirm_setting(caseworker, follow)
    return submit(caseworker, follow, answer_all(follow, "declined"))


def test_it_shows_the_outcome_with_its_meaning_and_that_it_is_not_evidence(
    client, caseworker, tier1_possible
):
    page = result_page(client, caseworker, tier1_possible)
    outcome = card(page)
    assert "Possible concern" in outcome
    assert "Signs alone, however many, do not establish trafficking" in outcome
    assert "This is a screening outcome, not legal evidence" in outcome
    age = tier1_possible.case.age
    assert f"Under the Federal baseline profile, for a youth of {age} on the screening date." in outcome
    # Each tier beneath, with its own result.
    tiers = outcome[outcome.index('id="tiers"') :]
    assert "Tier 1: brief indicator tool" in tiers and "v3" in tiers and "Possible concern" in tiers


def test_the_rules_that_set_the_level_come_first_with_their_answers(client, caseworker, tier1_possible):
    outcome = card(result_page(client, caseworker, tier1_possible))
    why = outcome[outcome.index("Why") :]
    rule = tier1_possible.outcome["reasons"][0]
    assert escape(rule["reason"]) in why
    texts = {item["code"]: item["text"] for item in tier1_possible.presented_items()}
    for code in (T1_INDICATOR_A, T1_INDICATOR_B):
        assert f"<li>{escape(texts[code])} — <strong>Yes</strong></li>" in why
    assert escape(texts["T1-MT-01"]) not in why  # an item answered No fired nothing


def test_no_concern_says_so_and_offers_no_interview(client, caseworker, youth_case, library):
    screening = start(caseworker, youth_case, library.tier1)
    screening = submit(caseworker, screening, answer_all(screening, "no"))
    page = result_page(client, caseworker, screening)
    assert "No concern indicated" in card(page)
    assert "This is not proof that the youth is safe" in page
    assert "Keep observing" in page
    assert "Start Tier 2" not in page
    assert "No action follows from this result." in page


def test_a_possible_concern_offers_the_interview(client, caseworker, tier1_possible):
    page = result_page(client, caseworker, tier1_possible)
    assert "Complete the in-depth interview with the youth, in a private setting." in page
    assert "Start Tier 2" in page
    assert f'action="/screenings/{tier1_possible.pk}/follow-up/"' in page
    assert "Complete the Tier 2 in-depth interview" in page  # the checklist's step


def test_silence_is_not_safety(client, caseworker, tier1_possible):
    """One Tier 1 indicator, then every interview question declined: the screening keeps its
    possible concern, says the interview was not completed, and offers it again. Nowhere does it
    say "No concern indicated"."""
    interview = declined_interview(caseworker, tier1_possible)
    asked = len(interview.asked_items())
    for screening in (tier1_possible, interview):  # the same screening at either address
        page = result_page(client, caseworker, screening)
        outcome = card(page)
        assert "Possible concern" in outcome and "Interview not completed" in outcome
        assert f"Not completed: the youth declined {asked} of {asked} questions" in outcome
        # (The caseworker's own determination may still choose any level, with a reason.)
        assert "No concern indicated" not in page[: page.index('id="determination-heading"')]
        assert "Offer it again: another day, with another trusted adult, or with an interpreter." in page
        assert "Start the interview again" in page
        assert "Offer the interview again" in page
    offer = interview.actions.get(code="offer-interview-again")
    assert offer.due_at == interview.submitted_at + timezone.timedelta(hours=72)
    # The declined answers are counted, their list folded.
    assert f"{asked} answers are Declined or Unknown" in page


def test_a_disclosure_identifies_stops_and_asks_for_nothing_more(client, caseworker, tier2_disclosure):
    for screening in (tier2_disclosure, tier2_disclosure.follows):
        page = result_page(client, caseworker, screening)
        outcome = card(page)
        assert "Clear concern" in outcome and "Identified: sex trafficking" in outcome
        assert "Questioning stopped" in outcome
        assert "Stop questioning" in page
        assert "Refer for a forensic interview at a Child Advocacy Center" in page
        assert "1-888-373-7888" in page
        # Nothing asks for more questions.
        for more in (
            "Start Tier 2",
            "Start the interview again",
            "Gather more information",
            "Offer the interview again",
        ):
            assert more not in page, more
    # Tier 1 asked for the interview; the interview was done (the disclosure came in it).
    interview_action = tier2_disclosure.follows.actions.get(code="tier2-interview")
    assert interview_action.status == "done"
    assert (
        not Screening.objects.get(pk=tier2_disclosure.follows_id)
        .case.screenings.filter(actions__status="open", actions__continues_screening=True)
        .exists()
    )


def test_an_exchange_known_at_tier_1_never_asks_for_the_interview(client, caseworker, youth_case, library):
    """Seed 002's first example: the exchange is already known. Stop; no interview is asked for."""
    screening = start(caseworker, youth_case, library.tier1)
    screening = submit(caseworker, screening, answer_all(screening, "no", **{"T1-SX-03": "yes"}))
    page = result_page(client, caseworker, screening)
    assert "Clear concern" in card(page) and "Stop questioning" in page
    for more in (
        "Start Tier 2",
        "Complete the Tier 2 in-depth interview",
        "Gather more information",
        "Complete the in-depth interview",
    ):
        assert more not in page, more
    assert "Refer for a forensic interview at a Child Advocacy Center" in page
    assert {"report-law-enforcement", "report-child-abuse-hotline"} <= set(
        screening.actions.values_list("code", flat=True)
    )


def test_the_checklist_shows_priority_due_time_and_contacts(client, caseworker, tier2_disclosure):
    page = result_page(client, caseworker, tier2_disclosure)
    checklist = page[page.index("Guidance checklist") :]
    action = tier2_disclosure.actions.get(code="report-law-enforcement")
    assert escape(action.title) in checklist
    assert f"due by {shown_at(action.due_at)}" in checklist
    assert "Urgent" in checklist and "Immediate" in checklist
    # Tier 1's actions are on the screening's checklist too, once.
    safety = tier2_disclosure.follows.actions.get(code="safety-planning")
    assert checklist.count(f'id="action-{safety.pk}"') == 1


def test_each_tier_lists_its_answers_with_not_asked_for_the_rest(client, caseworker, tier2_disclosure):
    page = result_page(client, caseworker, tier2_disclosure)
    interview = page[page.index(f'id="tier-{tier2_disclosure.pk}"') :]
    assert "Declined to answer" in interview and "<strong>Yes</strong>" in interview
    assert "<em>not asked</em>" in interview
    not_asked = len(tier2_disclosure.result["unanswered"])
    assert f"{not_asked} questions were not asked." in interview
    tier1, tier2 = tier2_disclosure.follows, tier2_disclosure
    first = page[page.index(f'id="tier-{tier1.pk}"') : page.index(f'id="tier-{tier2.pk}"')]
    assert "Tier 1: brief indicator tool: answers" in first


def test_the_interview_shows_what_tier_1_established_and_did_not_ask_it(
    client, caseworker, youth_case, library
):
    screening = start(caseworker, youth_case, library.tier1)
    tier1 = submit(caseworker, screening, answer_all(screening, "no", **{"T1-MT-02": "yes"}))
    follow = start_follow_up(caseworker, tier1)
    assert follow.established == {"T2-TR-01": {"answer": "yes", "from": ["T1-MT-02"]}}
    confirm_setting(caseworker, follow)
    client.force_login(caseworker)
    form_page = client.get(f"/screenings/{follow.pk}/").content.decode()
    assert "Established by the brief screen: <strong>Yes</strong>. Not asked again." in form_page
    assert 'name="a_T2-TR-01"' not in form_page
    follow = submit(caseworker, follow, answer_all(follow, "no"))
    assert follow.answers["T2-TR-01"] == "yes" and follow.result["established"] == ["T2-TR-01"]
    page = result_page(client, caseworker, follow)
    assert "Established by the brief screen, not asked again" in page


def test_the_result_of_a_closed_case_is_read_only(client, supervisor, tier1_possible, youth_case):
    youth_case.status = youth_case.Status.CLOSED
    youth_case.save()
    page = result_page(client, supervisor, tier1_possible)
    assert "Possible concern" in page
    assert "Record my determination" not in page and "Save outcome" not in page
    assert "Start Tier 2" not in page


def test_an_interview_in_progress_is_linked_not_started_twice(client, caseworker, tier1_possible):
    draft = services.start_follow_up(request=fake_request(caseworker), screening=tier1_possible)
    page = result_page(client, caseworker, tier1_possible)
    assert "Continue the interview in progress" in page and f'href="/screenings/{draft.pk}/"' in page
    assert "Start Tier 2" not in page
    assert Screening.objects.filter(follows=tier1_possible).count() == 1
