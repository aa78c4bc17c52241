"""Submitting: every item answered, the engine scores, the result is kept with its reasons."""

import datetime

from django.utils.html import escape

from screening.models import Screening

from .conftest import (
    T1_INDICATOR_A,
    T1_INDICATOR_B,
    T2_DECLINED,
    T2_DISCLOSURE,
    answer_all,
    audit_events,
    confirm_setting,
    form_data,
)


def url(screening):
    return f"/screenings/{screening.pk}/submit/"


def reload(screening):
    return Screening.objects.get(pk=screening.pk)


def test_missing_items_are_listed_and_the_answers_kept(client, caseworker, tier1_draft):
    answers = answer_all(tier1_draft, **{T1_INDICATOR_A: "yes"})
    del answers[T1_INDICATOR_B], answers["T1-RF-17"]
    client.force_login(caseworker)
    response = client.post(
        url(tier1_draft), form_data(tier1_draft, answers, {T1_INDICATOR_A: "Miami twice."})
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "2 items have no answer yet" in page
    assert "Your answers are saved." in page
    # Tier 1 items have no "Declined to answer": the message does not offer it.
    assert "“Unknown” counts as an answer." in page and "Declined" not in page
    missing = response.context["missing"]
    assert [item["code"] for item in missing] == [T1_INDICATOR_B, "T1-RF-17"]
    texts = {item["code"]: item["text"] for item in tier1_draft.presented_items()}
    assert missing[0]["text"] == texts[T1_INDICATOR_B]
    for item in missing:
        assert f'<li><a href="#item-{item["code"]}">{escape(item["text"])}</a></li>' in page
    saved = reload(tier1_draft)
    assert saved.is_draft and saved.level == "" and not saved.actions.exists()
    assert saved.answers == answers and saved.notes == {T1_INDICATOR_A: "Miami twice."}
    # The form is shown again with the answers, at the saved version.
    form = response.context["form"]
    assert form[f"a_{T1_INDICATOR_A}"].value() == "yes"
    assert form["version"].value() == saved.version


def test_unknown_counts_as_an_answer(client, caseworker, tier1_draft):
    client.force_login(caseworker)
    response = client.post(url(tier1_draft), form_data(tier1_draft, answer_all(tier1_draft, "unknown")))
    assert response.status_code == 302
    saved = reload(tier1_draft)
    assert saved.status == "submitted" and saved.level == "none"
    # Unknown is never Yes: no indicator, but the result says more may be known later.
    assert [r["id"] for r in saved.result["fired_rules"]] == ["several-unknown"]


def test_submitting_scores_and_keeps_the_result_with_its_reasons(client, caseworker, tier1_draft):
    answers = answer_all(tier1_draft, **{T1_INDICATOR_A: "yes", T1_INDICATOR_B: "yes"})
    client.force_login(caseworker)
    response = client.post(url(tier1_draft), form_data(tier1_draft, answers))
    assert response.status_code == 302 and response["Location"] == f"/screenings/{tier1_draft.pk}/"
    saved = reload(tier1_draft)
    assert saved.status == "submitted" and saved.submitted_by == caseworker and saved.submitted_at
    assert saved.level == "possible" and saved.tier2_recommended
    assert saved.result["instrument"] == "tier1-indicators" and saved.result["version"] == 3
    (rule,) = saved.result["fired_rules"]
    assert rule["id"] == "any-indicator"
    assert {a["item"]: a["answer"] for a in rule["answers"]} == {T1_INDICATOR_A: "yes", T1_INDICATOR_B: "yes"}
    # The screening's outcome is kept with it: possible concern, the interview next, for review.
    assert saved.outcome["level"] == saved.outcome_level == "possible"
    assert saved.outcome["next_step"] == "interview" and not saved.outcome["identified"]
    assert saved.review_status == "pending"
    codes = list(saved.actions.values_list("code", flat=True))
    assert codes == ["tier2-interview", "safety-planning"]
    event = audit_events(saved.case, summary="Screening submitted").get()
    assert event.detail["level"] == "possible" and event.detail["rules"] == ["any-indicator"]
    assert event.detail["outcome"] == "possible" and event.detail["actions"] == 2


def test_the_checklist_is_due_by_the_jurisdictions_deadlines(tier2_disclosure):
    """federal-baseline: report trafficking to law enforcement within 24 hours of the screening."""
    for code in ("report-law-enforcement", "report-child-abuse-hotline"):
        action = tier2_disclosure.actions.get(code=code)
        assert action.deadline_key == "report_trafficking_to_law_enforcement"
        assert action.due_at == tier2_disclosure.submitted_at + datetime.timedelta(hours=24)
        assert action.priority == "urgent" and action.status == "open"
        assert action.mandated_report and action.needs_reference
    assert tier2_disclosure.actions.get(code="cac-forensic-interview").due_at is None


def test_a_disclosure_allows_submitting_with_questions_not_asked(client, caseworker, tier2_draft):
    confirm_setting(caseworker, tier2_draft)
    tier2_draft.refresh_from_db()
    client.force_login(caseworker)
    response = client.post(
        url(tier2_draft), form_data(tier2_draft, {T2_DECLINED: "declined", T2_DISCLOSURE: "yes"})
    )
    assert response.status_code == 302
    saved = reload(tier2_draft)
    assert saved.status == "submitted" and saved.level == "clear" and saved.stopped_on_disclosure
    assert saved.answers == {T2_DECLINED: "declined", T2_DISCLOSURE: "yes"}
    not_asked = saved.result["unanswered"]
    assert T2_DISCLOSURE not in not_asked and T2_DECLINED not in not_asked
    assert len(not_asked) == len(saved.presented_codes()) - 2
    event = audit_events(saved.case, summary="Screening submitted", object_id=str(saved.pk)).get()
    assert event.detail["not_asked"] == not_asked
    page = client.get(response["Location"]).content.decode()
    assert f"{len(not_asked)} questions were not asked." in page
    assert "not asked" in page


def test_declined_counts_as_an_answer_but_not_as_no(client, caseworker, tier2_draft):
    confirm_setting(caseworker, tier2_draft)
    tier2_draft.refresh_from_db()
    client.force_login(caseworker)
    answers = answer_all(tier2_draft, "declined")
    response = client.post(url(tier2_draft), form_data(tier2_draft, answers))
    assert response.status_code == 302
    saved = reload(tier2_draft)
    # Declined is never Yes, so the interview's own level is none; but it was not completed, so
    # the screening keeps the Tier 1 concern and the interview is offered again.
    assert saved.level == "none" and saved.result["not_completed"]
    assert "several-declined" in [r["id"] for r in saved.result["fired_rules"]]
    assert {"respect-declined", "offer-interview-again"} <= set(saved.actions.values_list("code", flat=True))
    root = reload(saved.follows)
    assert root.outcome_level == "possible" and root.outcome["not_completed"]
    assert root.outcome["next_step"] == "offer_again"


def test_without_a_disclosure_every_question_needs_an_answer(client, caseworker, tier2_draft):
    confirm_setting(caseworker, tier2_draft)
    tier2_draft.refresh_from_db()
    client.force_login(caseworker)
    response = client.post(
        url(tier2_draft), form_data(tier2_draft, {T2_DECLINED: "declined", T2_DISCLOSURE: "no"})
    )
    assert response.status_code == 400
    assert len(response.context["missing"]) == len(tier2_draft.presented_codes()) - 2
    assert "“Unknown” and “Declined to answer” count as answers." in response.content.decode()
    assert reload(tier2_draft).is_draft


def test_bad_values_are_refused_and_nothing_is_submitted(client, caseworker, tier1_draft):
    client.force_login(caseworker)
    answers = answer_all(tier1_draft, **{T1_INDICATOR_A: "maybe"})
    response = client.post(url(tier1_draft), form_data(tier1_draft, answers))
    assert response.status_code == 400
    assert "Some answers are not valid and nothing was saved" in response.content.decode()
    saved = reload(tier1_draft)
    assert saved.is_draft and saved.answers == {}


def test_a_submit_from_an_old_copy_with_other_answers_is_a_conflict(
    client, caseworker, supervisor, tier1_draft
):
    loaded = tier1_draft.version
    client.force_login(supervisor)
    client.post(
        f"/screenings/{tier1_draft.pk}/save/", form_data(tier1_draft, {T1_INDICATOR_A: "yes"}, version=loaded)
    )
    client.force_login(caseworker)
    response = client.post(url(tier1_draft), form_data(tier1_draft, answer_all(tier1_draft), version=loaded))
    assert response.status_code == 409
    assert "This screening was saved elsewhere" in response.content.decode()
    saved = reload(tier1_draft)
    assert saved.is_draft and saved.answers == {T1_INDICATOR_A: "yes"}


def test_a_submitted_screening_is_read_only(client, caseworker, tier1_possible):
    before = reload(tier1_possible)
    client.force_login(caseworker)
    response = client.post(
        url(tier1_possible), form_data(tier1_possible, answer_all(tier1_possible)), follow=True
    )
    assert "This screening was already submitted." in response.content.decode()
    after = reload(tier1_possible)
    assert (after.answers, after.level, after.result, after.submitted_at) == (
        before.answers,
        before.level,
        before.result,
        before.submitted_at,
    )
    assert after.actions.count() == before.actions.count()
    # The result page has no answer inputs.
    page = client.get(f"/screenings/{tier1_possible.pk}/").content.decode()
    assert 'name="a_' not in page and "Submit and see the result" not in page
