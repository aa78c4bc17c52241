"""The outcome a caseworker can trust (PRODUCT.md, issue 11), through the app: one outcome per
screening, silence is not safety, concern apart from identification, a stop is a stop, age, the
kind of exploitation, don't ask twice, and a lower determination always reviewed."""

import datetime

import pytest
from django.utils import timezone

from cases.models import MissingEpisode
from indicators import engine
from screening import review, services
from screening.models import GuidanceAction, Screening
from tests import factories
from tests.dates import shown_on

from .conftest import (
    T1_INDICATOR_A,
    answer_all,
    audit_events,
    confirm_setting,
    fake_request,
    start,
    start_follow_up,
    submit,
)
from .test_print_screening import pdf_pages, print_url


def child(team_a, caseworker, age, **kwargs):
    born = timezone.localdate().replace(year=timezone.localdate().year - age) - datetime.timedelta(days=30)
    return factories.CaseFactory(team=team_a, assigned_caseworker=caseworker, date_of_birth=born, **kwargs)


def tier1(user, case, library, **yes):
    screening = start(user, case, library.tier1)
    return submit(user, screening, answer_all(screening, "no", **yes))


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# ----------------------------------------------------------------------------- silence is not safety


def test_one_indicator_then_every_question_declined_reads_possible_not_completed_everywhere(
    client, caseworker, supervisor, tier1_possible
):
    """The issue's "Done when": on the case, the home page, the queue and the PDF, and in the queue."""
    interview = start_follow_up(caseworker, tier1_possible)
    confirm_setting(caseworker, interview)
    submit(caseworker, interview, answer_all(interview, "declined"))
    root = Screening.objects.get(pk=tier1_possible.pk)
    assert root.outcome_level == "possible" and root.outcome["not_completed"]
    assert root.review_status == "pending"

    case_page = page(client, caseworker, f"/cases/{root.case_id}/")
    panel = case_page[case_page.index('id="screening-heading"') : case_page.index('id="timeline-heading"')]
    assert "Possible concern" in panel and "interview not completed" in panel
    assert "No concern indicated" not in panel
    home = page(client, caseworker, "/")
    mine = home[home.index('id="my-cases-heading"') :]
    assert "Possible concern" in mine and "interview not completed" in mine
    assert "Offer the interview again" in home

    queue = page(client, supervisor, "/reviews/")
    assert "Possible concern" in queue and "interview not completed" in queue
    assert [s.pk for s in review.queue_for(supervisor)] == [root.pk]
    supervisor_home = page(client, supervisor, "/")
    assert "interview not completed" in supervisor_home

    client.force_login(caseworker)
    text = " ".join(pdf_pages(client.get(print_url(root))))
    assert "Interview not completed" in text and "No concern indicated" not in text


def test_an_interview_after_approval_sends_the_screening_back_to_review(
    client, caseworker, supervisor, tier1_possible
):
    review.decide(
        request=fake_request(supervisor),
        screening=tier1_possible,
        decision="approve",
        comment="",
        round_token=review.token(tier1_possible),
    )
    interview = start_follow_up(caseworker, tier1_possible)
    confirm_setting(caseworker, interview)
    submit(caseworker, interview, answer_all(interview, "no"))
    # New information: the plan approved was for the Tier 1 result alone.
    assert Screening.objects.get(pk=tier1_possible.pk).review_status == "pending"
    assert interview.review_status == ""  # one review per screening, on its first tier


# ----------------------------------------------------------------------------- a lower determination


def test_a_lower_determination_needs_a_reason_and_is_always_reviewed_with_both_levels(
    client, caseworker, supervisor, tier1_possible
):
    review.decide(
        request=fake_request(supervisor),
        screening=tier1_possible,
        decision="approve",
        comment="",
        round_token=review.token(tier1_possible),
    )
    client.force_login(caseworker)
    url = f"/screenings/{tier1_possible.pk}/determination/"
    refused = client.post(url, {"determination": "differ", "level": "none", "reason": "  "})
    assert refused.status_code == 400 and "Say why your determination differs" in refused.content.decode()
    assert Screening.objects.get(pk=tier1_possible.pk).determination == ""
    client.post(
        url,
        {
            "determination": "differ",
            "level": "none",
            "reason": "The clothes were from her grandmother; I have seen the receipts.",
        },
    )
    root = Screening.objects.get(pk=tier1_possible.pk)
    assert root.determined_level == "none" and root.outcome_level == "possible"
    assert root.review_status == "pending"
    event = audit_events(root.case, summary="Caseworker's determination recorded").get()
    assert event.detail["lower"] is True and event.detail["sent_to_review"] is True
    queue = page(client, supervisor, "/reviews/")
    assert "Caseworker's determination: No concern indicated (lower; with a reason, reviewed)" in queue
    review_page = page(client, supervisor, f"/screenings/{root.pk}/review/")
    assert "computed: Possible concern" in review_page and "receipts" in review_page


# ----------------------------------------------------------------------------- don't ask twice


def test_the_record_fills_in_where_the_youth_was_recovered_and_how_often_they_went_missing(
    client, caseworker, youth_case, library
):
    now = timezone.now()
    for days, where in ((90, "friend"), (60, "hotel"), (20, "other_state")):
        factories.MissingEpisodeFactory(
            case=youth_case,
            went_missing_at=now - datetime.timedelta(days=days),
            returned_at=now - datetime.timedelta(days=days - 2),
            recovery_location_type=where,
        )
    draft = start(caseworker, youth_case, library.tier1)
    assert draft.answers["T1-MT-01"] == "yes"  # three episodes on the record
    assert draft.answers["T1-MT-03"] == "yes"  # recovered at a hotel
    event = audit_events(youth_case, summary="Screening started").get()
    assert {"T1-MT-01", "T1-MT-03"} <= set(event.detail["prefilled"])
    form = page(client, caseworker, f"/screenings/{draft.pk}/")
    assert form.count("from the record") >= 2 and "Change the answer if the record is wrong." in form
    assert "3 missing-from-care episodes on the record" in form
    assert f"recovered {shown_on(now - datetime.timedelta(days=58))}: Hotel or motel" in form
    # The record's words are written when shown, in the reader's language (the facts are kept).
    caseworker.language = "es"
    caseworker.save()
    form = page(client, caseworker, f"/screenings/{draft.pk}/")
    assert "3 episodios de desaparición del cuidado en el expediente" in form
    assert "Hotel o motel" in form and "Hotel or motel" not in form
    # Editable: the caseworker corrects the record's answer.
    services.save_draft(
        request=fake_request(caseworker),
        screening=draft,
        answers={**draft.answers, "T1-MT-03": "no"},
        notes={},
        version=draft.version,
    )
    assert Screening.objects.get(pk=draft.pk).answers["T1-MT-03"] == "no"


def test_a_record_that_says_nothing_fills_in_nothing(caseworker, youth_case, library):
    draft = start(caseworker, youth_case, library.tier1)
    assert draft.answers == {} and draft.prefilled == {}


def test_an_action_open_on_the_case_is_not_opened_again_by_a_later_screening(
    client, caseworker, youth_case, library
):
    first = tier1(caseworker, youth_case, library, **{T1_INDICATOR_A: "yes"})
    second = tier1(caseworker, youth_case, library, **{T1_INDICATOR_A: "yes"})
    assert first.actions.filter(code="safety-planning", status="open").exists()
    assert not second.actions.filter(code="safety-planning").exists()
    open_codes = list(
        GuidanceAction.objects.filter(screening__case=youth_case, status="open").values_list(
            "code", flat=True
        )
    )
    assert len(open_codes) == len(set(open_codes))
    # The later screening's checklist shows the open task, once, where it was opened.
    result = page(client, caseworker, f"/screenings/{second.pk}/")
    assert "Already open from the screening of" in result
    safety = first.actions.get(code="safety-planning")
    assert f'href="/screenings/{first.pk}/#action-{safety.pk}"' in result


# ----------------------------------------------------------------------------- a stop is a stop


def test_a_stop_closes_every_step_that_would_ask_more_questions(caseworker, youth_case, library):
    earlier = tier1(caseworker, youth_case, library, **{T1_INDICATOR_A: "yes"})
    interview_step = earlier.actions.get(code="tier2-interview")
    assert interview_step.status == "open"
    stopped = tier1(caseworker, youth_case, library, **{"T1-SX-03": "yes"})
    assert stopped.outcome["stop"] and stopped.outcome["identified"]
    interview_step.refresh_from_db()
    assert interview_step.status == "not_applicable"
    assert "Questioning stopped" in interview_step.not_applicable_reason
    assert not GuidanceAction.objects.filter(
        screening__case=youth_case, status="open", continues_screening=True
    ).exists()
    with pytest.raises(services.ScreeningError, match="Questioning stopped"):
        services.start_follow_up(request=fake_request(caseworker), screening=stopped)


# ----------------------------------------------------------------------------- age


def test_a_six_year_old_is_not_asked_about_dating_apps_or_work_and_gets_no_interview(
    client, caseworker, team_a, library
):
    young = child(team_a, caseworker, 6)
    draft = start(caseworker, young, library.tier1)
    assert draft.youth_age == 6
    shown = set(draft.presented_codes())
    assert {"T1-SX-02", "T1-LB-01"}.isdisjoint(shown)  # dating apps, work hours
    assert {"T1-SX-03", "T1-FM-01"} <= shown  # an exchange, a caregiver as exploiter
    form = page(client, caseworker, f"/screenings/{draft.pk}/")
    dating = next(
        i["text"] for s in library.tier1.content["sections"] for i in s["items"] if i["code"] == "T1-SX-02"
    )
    assert dating not in form
    # The start page does not offer the interview for him at all.
    start_page = page(client, caseworker, f"/cases/{young.pk}/screenings/new/")
    assert "Tier 2: in-depth interview" not in start_page
    with pytest.raises(services.ScreeningError, match="refer for a forensic interview"):
        services.start_screening(
            request=fake_request(caseworker), case=young, context="general", version=library.tier2
        )
    # One indicator: possible concern, and the forensic-interview route instead of the interview.
    possible = submit(caseworker, draft, answer_all(draft, "no", **{"T1-RC-04": "yes"}))
    assert possible.outcome["next_step"] == "forensic_interview"
    codes = set(possible.actions.values_list("code", flat=True))
    assert "cac-forensic-interview" in codes and "tier2-interview" not in codes
    result = page(client, caseworker, f"/screenings/{possible.pk}/")
    assert "Start Tier 2" not in result and "younger than the in-depth interview is for" in result


def test_a_youth_of_19_gets_guidance_for_an_adult(client, caseworker, team_a, library):
    adult = child(team_a, caseworker, 19, placement_type="independent_living")
    screening = tier1(caseworker, adult, library, **{"T1-SX-03": "yes"})
    outcome = screening.outcome
    assert outcome["identified"] and outcome["severe_form"] is False  # no force at 19
    codes = set(screening.actions.values_list("code", flat=True))
    assert {"report-law-enforcement", "adult-victim-services"} <= codes
    assert not codes & {"report-child-abuse-hotline", "cac-forensic-interview"}
    result = page(client, caseworker, f"/screenings/{screening.pk}/")
    assert "child abuse" not in result.lower()
    assert "severe form" in result  # the note on the criminal-law definition at 19


# ----------------------------------------------------------------------------- the kind of exploitation


def test_labor_is_named_labor_and_a_foreign_national_minor_means_notifying_hhs(
    client, caseworker, youth_case, library
):
    screening = start(caseworker, youth_case, library.tier1)
    answers = answer_all(screening, "no", **{"T1-LB-06": "yes", "T1-LB-08": "yes", "T1-FN-01": "yes"})
    screening = submit(caseworker, screening, answers)
    outcome = screening.outcome
    assert outcome["identifies"] == ["labor"] and outcome["trafficking_types"] == ["labor"]
    hhs = next(a for a in screening.actions.all() if a.deadline_key == "notify_hhs_foreign_national_child")
    assert hhs.mandated_report and hhs.due_at == screening.submitted_at + datetime.timedelta(hours=24)
    result = page(client, caseworker, f"/screenings/{screening.pk}/")
    assert "Identified: labor trafficking" in result
    checklist = result[result.index("Guidance checklist") :]
    assert "sex trafficking" not in checklist.lower()


def test_a_caregiver_as_exploiter_changes_the_reporting_path(caseworker, team_a, library):
    young = child(team_a, caseworker, 6)
    screening = tier1(caseworker, young, library, **{"T1-SX-03": "yes", "T1-FM-01": "yes"})
    hotline = screening.actions.get(code="report-child-abuse-hotline")
    assert "caregiver" in hotline.title.lower()
    codes = set(screening.actions.values_list("code", flat=True))
    assert "caregiver-safety-planning" in codes and "safety-planning" not in codes
    assert screening.outcome["next_step"] == "stop"


# ----------------------------------------------------------------------------- the record's words


def test_the_recovery_locations_the_engine_knows_are_the_episodes(db):
    assert tuple(MissingEpisode.RecoveryLocation.values) == engine.RECOVERY_LOCATIONS
