"""Addenda: a submitted screening is corrected by adding to it, never by changing it."""

from screening import review
from screening.models import Addendum, GuidanceAction, Screening

from .conftest import (
    T1_INDICATOR_A,
    T1_INDICATOR_B,
    answer_all,
    audit_events,
    start,
    submit,
)

# Branding the youth will not explain, with a controlling older partner: a combination the
# instrument names as clear concern (a count of signs never is).
CLEAR = {"c_T1-PS-02": "yes", "c_T1-RC-01": "yes"}


def url(screening):
    return f"/screenings/{screening.pk}/addenda/new/"


def test_the_form_offers_a_correction_of_every_answer(client, caseworker, tier1_possible):
    client.force_login(caseworker)
    response = client.get(url(tier1_possible))
    assert response.status_code == 200
    page = response.content.decode()
    assert "The submitted screening is kept as it was." in page
    for code in tier1_possible.presented_codes():
        assert f'name="c_{code}"' in page
    # Each question says what its answer is now, so a correction is made knowingly.
    assert page.count("(unchanged: Yes)") == 2 and "(unchanged: No)" in page
    assert audit_events(tier1_possible.case, action="viewed", detail__page="addendum").exists()


def test_text_is_required(client, caseworker, tier1_possible):
    client.force_login(caseworker)
    for body in ("", "   "):
        response = client.post(url(tier1_possible), {"body": body, "c_T1-RC-04": "yes"})
        assert response.status_code == 200
        assert "This field is required." in response.content.decode()
    assert not Addendum.objects.exists()


def test_a_note_without_corrections_keeps_the_level(client, caseworker, tier1_possible):
    client.force_login(caseworker)
    response = client.post(url(tier1_possible), {"body": "The school confirmed the trips."}, follow=True)
    assert "Addendum added. The original screening is kept as it was." in response.content.decode()
    addendum = Addendum.objects.get(screening=tier1_possible)
    assert addendum.body == "The school confirmed the trips." and addendum.corrections == {}
    assert addendum.level == "" and addendum.created_by == caseworker
    assert Screening.objects.get(pk=tier1_possible.pk).effective_level == "possible"


def test_a_correction_is_scored_again_with_the_pinned_version_and_keeps_the_original(
    client, caseworker, tier1_possible
):
    original = Screening.objects.get(pk=tier1_possible.pk)
    client.force_login(caseworker)
    response = client.post(
        url(tier1_possible),
        {
            "body": "A tattoo she will not explain, and an older boyfriend who answers for her.",
            **CLEAR,
            f"c_{T1_INDICATOR_A}": "yes",
        },
        follow=True,
    )
    addendum = Addendum.objects.get(screening=tier1_possible)
    # Only what changed is a correction (T1_INDICATOR_A was already "yes").
    assert addendum.corrections == {"T1-PS-02": "yes", "T1-RC-01": "yes"}
    assert addendum.level == "clear"
    assert addendum.result["version"] == tier1_possible.instrument_version.number
    assert "branding-and-controlling-associate" in [r["id"] for r in addendum.result["fired_rules"]]
    after = Screening.objects.get(pk=tier1_possible.pk)
    assert (after.answers, after.level, after.result) == (original.answers, original.level, original.result)
    # The screening's outcome follows the correction.
    assert after.effective_level == after.outcome_level == "clear"
    page = response.content.decode()
    card = page[page.index('id="level-heading"') : page.index('id="next-heading"')]
    assert card.index("Clear concern") < card.index("after the correction of")
    assert "at submission: Possible concern" in card
    why = card[card.index("Why") :]
    assert "Tattoos or branding" in why or "branding" in why.lower()
    tier = page[page.index(f'id="tier-{after.pk}"') :]
    assert "At submission the result was: Possible concern; it is kept as it was." in tier
    assert "The rules that applied at submission" in tier
    assert "corrected to" in tier
    section = page[page.index(f'id="addenda-heading-{after.pk}"') :]
    item_text = next(i["text"] for i in after.presented_items() if i["code"] == "T1-PS-02")
    assert "Corrected answers" in section and item_text in section
    assert "No → <strong>Yes</strong>" in section
    assert "Rules that applied after the correction" in section
    event = audit_events(tier1_possible.case, summary="Addendum added to a screening").get()
    assert event.detail["corrections"] == {"T1-PS-02": "yes", "T1-RC-01": "yes"}
    assert event.detail["level"] == "clear"


def test_corrections_build_on_earlier_addenda(client, caseworker, tier1_possible):
    client.force_login(caseworker)
    client.post(url(tier1_possible), {"body": "More is known.", **CLEAR})
    client.post(url(tier1_possible), {"body": "He is her cousin, not a boyfriend.", "c_T1-RC-01": "no"})
    first, second = Addendum.objects.filter(screening=tier1_possible)
    assert (first.level, second.level) == ("clear", "possible")
    assert Screening.objects.get(pk=tier1_possible.pk).effective_level == "possible"


def test_a_correction_off_the_scale_is_refused(client, caseworker, tier1_possible):
    client.force_login(caseworker)
    response = client.post(url(tier1_possible), {"body": "x", f"c_{T1_INDICATOR_A}": "declined"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Addendum.objects.exists()


def test_drafts_get_no_addenda(client, caseworker, tier1_draft):
    client.force_login(caseworker)
    response = client.post(url(tier1_draft), {"body": "Too early."}, follow=True)
    assert "A draft is corrected by editing it." in response.content.decode()
    assert response.redirect_chain[-1][0] == f"/screenings/{tier1_draft.pk}/"
    assert not Addendum.objects.exists()


def test_the_supervisor_sees_the_corrections_on_the_review_page(
    client, caseworker, supervisor, tier1_possible
):
    client.force_login(caseworker)
    client.post(url(tier1_possible), {"body": "She is often absent from school.", "c_T1-RC-05": "yes"})
    client.force_login(supervisor)
    page = client.get(f"/screenings/{tier1_possible.pk}/review/").content.decode()
    section = page[page.index(f'id="addenda-heading-{tier1_possible.pk}"') :]
    assert "She is often absent from school." in section and "Corrected answers" in section
    assert "Add an addendum or correction" not in section


def test_a_correction_that_raises_the_level_adds_its_actions_and_goes_to_review(
    client, caseworker, supervisor, library, youth_case
):
    screening = start(caseworker, youth_case, library.tier1)
    screening = submit(caseworker, screening, answer_all(screening))
    assert screening.level == "none" and screening.review_status == "" and not screening.actions.exists()
    client.force_login(caseworker)
    response = client.post(
        url(screening),
        {
            "body": "The school told us about the trips and the phones.",
            f"c_{T1_INDICATOR_A}": "yes",
            f"c_{T1_INDICATOR_B}": "yes",
        },
        follow=True,
    )
    page = response.content.decode()
    after = Screening.objects.get(pk=screening.pk)
    assert after.level == "none" and after.effective_level == "possible"
    assert after.review_status == "pending" and after.review_waiting_since
    codes = set(after.actions.values_list("code", flat=True))
    assert codes == {a["code"] for a in after.outcome["actions"]} and "tier2-interview" in codes
    assert "more action" in page and "goes to your supervisor for review" in page
    for action in after.actions.all():
        assert f'id="action-{action.pk}"' in page
    event = audit_events(youth_case, summary="Addendum added to a screening").get()
    assert event.detail["sent_to_review"] is True and set(event.detail["new_actions"]) == codes
    # The supervisor's queue shows it, at the level after the correction.
    client.force_login(supervisor)
    assert [s.pk for s in review.queue_for(supervisor)] == [screening.pk]
    queue = client.get("/reviews/").content.decode()
    assert "after a correction" in queue and "Possible concern" in queue


def test_a_correction_does_not_repeat_actions_already_on_the_checklist(client, caseworker, tier1_possible):
    before = {a.code: a.pk for a in tier1_possible.actions.all()}
    client.force_login(caseworker)
    client.post(url(tier1_possible), {"body": "Branding and an older boyfriend.", **CLEAR})
    after = {a.code: a.pk for a in GuidanceAction.objects.filter(screening=tier1_possible)}
    assert {code: after[code] for code in before} == before  # kept, not duplicated
    outcome = Screening.objects.get(pk=tier1_possible.pk).outcome
    assert set(after) == set(before) | {a["code"] for a in outcome["actions"]}
    assert "report-child-abuse-hotline" in after  # clear concern of a minor: the hotline


def test_an_approved_screening_raised_by_a_correction_goes_back_to_review(
    client, caseworker, supervisor, tier1_possible
):
    client.force_login(supervisor)
    client.post(
        f"/screenings/{tier1_possible.pk}/review/",
        {"decision": "approve", "comment": "", "round": review.token(tier1_possible)},
    )
    assert Screening.objects.get(pk=tier1_possible.pk).review_status == "approved"
    client.force_login(caseworker)
    client.post(url(tier1_possible), {"body": "Branding and an older boyfriend.", **CLEAR})
    assert Screening.objects.get(pk=tier1_possible.pk).review_status == "pending"
    # Lowering the level does not ask for another review.
    client.force_login(supervisor)
    reviewed = Screening.objects.get(pk=tier1_possible.pk)
    client.post(
        f"/screenings/{tier1_possible.pk}/review/",
        {"decision": "approve", "comment": "", "round": review.token(reviewed)},
    )
    client.force_login(caseworker)
    client.post(url(tier1_possible), {"body": "He is her cousin.", "c_T1-RC-01": "no"})
    assert Screening.objects.get(pk=tier1_possible.pk).outcome_level == "possible"
    assert Screening.objects.get(pk=tier1_possible.pk).review_status == "approved"


def test_the_form_shows_the_answer_as_an_earlier_correction_left_it(client, caseworker, tier1_possible):
    client.force_login(caseworker)
    client.post(url(tier1_possible), {"body": "Phones were her sister's.", f"c_{T1_INDICATOR_B}": "no"})
    form = client.get(url(tier1_possible)).context["form"]
    assert form.fields[f"c_{T1_INDICATOR_B}"].choices[0] == ("", "(unchanged: No)")
    assert form.fields[f"c_{T1_INDICATOR_A}"].choices[0] == ("", "(unchanged: Yes)")


def test_the_review_page_and_the_determination_follow_the_corrected_level(
    client, caseworker, supervisor, tier1_possible
):
    client.force_login(caseworker)
    client.post(url(tier1_possible), {"body": "Branding and an older boyfriend.", **CLEAR})
    page = client.get(f"/screenings/{tier1_possible.pk}/").content.decode()
    assert "I agree with the computed level (Clear concern)" in page
    client.post(f"/screenings/{tier1_possible.pk}/determination/", {"determination": "agree"})
    assert Screening.objects.get(pk=tier1_possible.pk).determined_level == "clear"
    client.force_login(supervisor)
    review_page = client.get(f"/screenings/{tier1_possible.pk}/review/").content.decode()
    card = review_page[review_page.index('id="level-heading"') : review_page.index('id="checklist-heading"')]
    assert card.index("Clear concern") < card.index("at submission: Possible concern")


def test_the_case_page_and_the_supervisor_counts_use_the_corrected_level(
    client, caseworker, supervisor, tier1_possible
):
    client.force_login(caseworker)
    client.post(url(tier1_possible), {"body": "Branding and an older boyfriend.", **CLEAR})
    page = client.get(f"/cases/{tier1_possible.case_id}/").content.decode()
    panel = page[page.index('id="screening-heading"') : page.index('id="timeline-heading"')]
    assert "after a correction" in panel and "Clear concern" in panel
    client.force_login(supervisor)
    counts = client.get("/").context["supervisor_board"].counts
    this_month = {row["level"]: row["this"] for row in counts["rows"]}
    assert this_month == {"clear": 1, "possible": 0, "none": 0}


def test_an_added_action_already_done_by_a_follow_up_is_marked_done(client, caseworker, v1_disclosure):
    """Before instruments v2: a correction of the Tier 1 calls for the Tier 2 interview, and the
    Tier 2 was submitted: it is done."""
    tier1 = v1_disclosure.follows
    # As if the original Tier 1 result had not asked for the interview (a Tier 1 with no concern).
    GuidanceAction.objects.filter(screening=tier1, code="tier2-interview").delete()
    client.force_login(caseworker)
    client.post(url(tier1), {"body": "A third indicator.", "c_T1-RC-05": "yes"})
    interview = GuidanceAction.objects.get(screening=tier1, code="tier2-interview")
    assert interview.status == "done" and interview.done_at == v1_disclosure.submitted_at
    assert interview.reference == f"Screening {v1_disclosure.pk}"
    # It still reads as before v2: the corrected level beside the original, no outcome.
    tier1.refresh_from_db()
    assert tier1.outcome is None and tier1.outcome_level == "clear"


def test_a_correction_of_the_interview_changes_the_screenings_outcome(client, caseworker, tier2_disclosure):
    """The disclosure was recorded by mistake: the correction lowers the interview's own result,
    but never the screening below what its Tier 1 supports."""
    client.force_login(caseworker)
    client.post(url(tier2_disclosure), {"body": "Wrong answer recorded.", "c_T2-DX-01": "no"})
    root = Screening.objects.get(pk=tier2_disclosure.follows_id)
    assert root.outcome_level == "possible" and not root.outcome["identified"]
    assert [t["level"] for t in root.outcome["tiers"]] == ["possible", "none"]
