"""Interview mode (issue 15, point 3): a draft answered with the youth beside the screen shows one
section at a time, with no level, rule or score, no case number, no other youth and no navigation;
a screening submitted in the mode shows a neutral "Thank you" page, and its result only after the
caseworker leaves the mode (a confirmation step). The mode is this session's, audited."""

import re

import pytest

from screening.interview_mode import SESSION_KEY as INTERVIEW_MODE
from tests import factories
from tests.rows import row_counts
from tests.test_no_inline_code import inline_code

from .conftest import (
    AUTOSAVE,
    T2_DISCLOSURE,
    answer_all,
    audit_events,
    confirm_setting,
    form_data,
    save,
    start,
)

LEVEL_WORDS = ("No concern indicated", "Possible concern", "Clear concern")


def enter_url(screening):
    return f"/screenings/{screening.pk}/interview-mode/"


def leave_url(screening):
    return f"/screenings/{screening.pk}/interview-mode/leave/"


def enter(client, screening):
    response = client.post(enter_url(screening))
    assert response.status_code == 302 and response["Location"] == screening.get_absolute_url()
    return response


def in_mode(client, screening) -> bool:
    return screening.pk in client.session.get(INTERVIEW_MODE, [])


def links(page) -> set[str]:
    """The addresses of the page's links, but those of the <template>s (shown only if the session
    ends: the way to log in again)."""
    page = re.sub(r"<template\b.*?</template>", "", page, flags=re.S)
    return set(re.findall(r'<a\b[^>]*\bhref="([^"]*)"', page))


def on_screen(page) -> str:
    """The page less what is folded for the caseworker (the instrument's guidance, closed)."""
    return re.sub(r'<details class="interview-guidance">.*?</details>', "", page, flags=re.S)


def expect_nothing_revealing(page, case, *, others=()):
    assert inline_code(page) == []
    page = on_screen(page)
    for words in LEVEL_WORDS:
        assert words not in page
    assert case.case_number not in page and case.legal_name not in page
    for other in others:
        assert other.display_name not in page and other.case_number not in page
    assert 'aria-label="Main"' not in page  # the navigation bar
    assert "Screening outcome" not in page and "level-badge" not in page and "Guidance checklist" not in page


@pytest.fixture
def interview(tier2_draft, caseworker):
    """The Tier 2 interview, its setting confirmed: the form is next."""
    return confirm_setting(caseworker, tier2_draft)


def test_the_caseworker_enters_interview_mode_audited(client, caseworker, interview, youth_case):
    client.force_login(caseworker)
    page = client.get(interview.get_absolute_url()).content.decode()
    assert f'action="{enter_url(interview)}"' in page and ">Interview mode</button>" in page
    enter(client, interview)
    assert in_mode(client, interview)
    entered = audit_events(youth_case, summary="Interview mode entered")
    assert entered.count() == 1
    assert entered.get().object_id == str(interview.pk) and entered.get().detail == {
        "interview_mode": "entered"
    }
    # Entering again changes nothing and is not recorded twice.
    enter(client, interview)
    assert audit_events(youth_case, summary="Interview mode entered").count() == 1


def test_the_mode_hides_level_case_details_other_youth_and_navigation(
    client, caseworker, interview, youth_case, team_a
):
    other_youth = factories.CaseFactory(
        case_number="A-1002", chosen_name="Dee", team=team_a, assigned_caseworker=caseworker
    )
    client.force_login(caseworker)
    enter(client, interview)
    response = client.get(interview.get_absolute_url())
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "screening/interview/form.html"
    page = response.content.decode()
    expect_nothing_revealing(page, youth_case, others=[other_youth])
    # The youth's chosen name and pronouns; the only way away is leaving the mode (or an anchor).
    assert "Lexi" in page and "she/her" in page
    assert {link for link in links(page) if not link.startswith("#")} == {leave_url(interview)}
    # One section at a time, the suggested words first, in the form's order: the others hidden.
    sections = interview.sections()
    shown = re.findall(r'<fieldset class="interview-section" id="section-([\w-]+)"[^>]*?(hidden)?>', page)
    assert [code for code, _hidden in shown] == [s["code"] for s in sections]
    assert [hidden for _code, hidden in shown] == [""] + ["hidden"] * (len(sections) - 1)
    first = next(i for i in sections[0]["items"] if i["code"] not in interview.established)
    legend = page[page.index(f'id="item-{first["code"]}"') :]
    assert legend.index("interview-phrasing") < legend.index(first["text"][:30])
    assert f"Section 1 of {len(sections)}" in page
    assert "js/screening-interview.js" in page and "js/screening-autosave.js" in page
    # Every item of every section is in the form: a save is of the whole form.
    for item in interview.asked_items():
        assert f'name="a_{item["code"]}"' in page


def test_the_mode_survives_reloads_and_the_autosave(client, caseworker, interview):
    client.force_login(caseworker)
    enter(client, interview)
    code = interview.asked_items()[0]["code"]
    response = client.post(
        f"/screenings/{interview.pk}/save/", form_data(interview, {code: "no"}), **AUTOSAVE
    )
    assert response.status_code == 200 and "Saved at" in response.content.decode()
    for _reload in range(2):
        response = client.get(interview.get_absolute_url())
        assert response.templates[0].name == "screening/interview/form.html"
    assert f'value="no" id="id_a_{code}_1" checked' in response.content.decode()


def test_previous_and_next_section_work_without_javascript(client, caseworker, interview):
    client.force_login(caseworker)
    enter(client, interview)
    sections = [s["code"] for s in interview.sections()]
    code = interview.asked_items()[0]["code"]
    data = {**form_data(interview, {code: "yes"}), "section": sections[1]}
    response = client.post(f"/screenings/{interview.pk}/save/", data)
    assert response.status_code == 302
    assert response["Location"] == f"{interview.get_absolute_url()}?section={sections[1]}"
    interview.refresh_from_db()
    assert interview.answers == {code: "yes"}
    page = client.get(response["Location"]).content.decode()
    assert re.search(rf'id="section-{sections[1]}"[^>]*data-number="2">', page)  # shown
    assert re.search(rf'id="section-{sections[0]}"[^>]*data-number="1" hidden>', page)
    # A section that does not exist: the first.
    page = client.get(interview.get_absolute_url(), {"section": "<nope>"}).content.decode()
    assert re.search(rf'id="section-{sections[0]}"[^>]*data-number="1">', page)
    # Outside interview mode the post is a plain save, back to the form.
    client.post(leave_url(interview), {"confirm": "yes"})
    response = client.post(
        f"/screenings/{interview.pk}/save/", {**form_data(interview), "section": sections[1]}
    )
    assert response.status_code == 302 and response["Location"].endswith(f"section={sections[1]}")


def test_a_disclosure_shows_only_the_words_to_say_next(client, caseworker, interview):
    client.force_login(caseworker)
    enter(client, interview)
    page = client.get(interview.get_absolute_url()).content.decode()
    row = page[page.index(f'id="item-{T2_DISCLOSURE}"') :]
    row = row[: row.index('class="item-note"')]
    assert 'data-stop-on="yes"' in page[page.index(f'id="item-{T2_DISCLOSURE}"') - 5 :][:80]
    stop = row[row.index("stop-now") :]
    assert "Thank you for telling me. You are not in trouble" in stop
    assert f'formaction="/screenings/{interview.pk}/submit/">Finish</button>' in stop
    for words in ("forensic", "report", "Stop questioning here", "Submit now"):
        assert words not in stop
    # What asks for more questions goes while the stop shows (screening-stop.js).
    assert page.count("data-hide-on-stop") >= len(interview.sections())


def test_submitting_in_the_mode_shows_no_level_until_the_caseworker_leaves(
    client, caseworker, interview, youth_case
):
    client.force_login(caseworker)
    enter(client, interview)
    answers = answer_all(interview, "no", **{T2_DISCLOSURE: "yes"})
    response = client.post(f"/screenings/{interview.pk}/submit/", form_data(interview, answers), follow=True)
    assert response.status_code == 200
    assert response.templates[0].name == "screening/interview/thanks.html"
    page = response.content.decode()
    assert "Thank you" in page
    expect_nothing_revealing(page, youth_case)
    assert {link for link in links(page) if not link.startswith("#")} == {leave_url(interview)}
    interview.refresh_from_db()
    assert interview.status == "submitted" and interview.level == "clear"
    # Reloading does not show it either.
    assert "Clear concern" not in client.get(interview.get_absolute_url()).content.decode()

    # Leaving asks first, on a page of its own, still with nothing revealing.
    response = client.get(leave_url(interview))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Make sure the youth cannot see the screen." in page
    expect_nothing_revealing(page, youth_case)
    assert in_mode(client, interview)

    response = client.post(leave_url(interview), {"confirm": "yes"})
    assert response.status_code == 302 and response["Location"] == interview.get_absolute_url()
    assert not in_mode(client, interview)
    left = audit_events(youth_case, summary="Interview mode left")
    assert left.count() == 1 and left.get().detail == {"interview_mode": "left"}
    page = client.get(interview.get_absolute_url()).content.decode()
    assert "Clear concern" in page and 'aria-label="Main"' in page


def test_no_typed_address_shows_the_outcome_while_in_the_mode(client, caseworker, interview, youth_case):
    """The print, the Tier 1 result, the determination, the addendum and a new tier: each typed
    address leads back to the interview, writes nothing and prints nothing, until the mode is left."""
    client.force_login(caseworker)
    enter(client, interview)
    tier1 = interview.follows
    answers = answer_all(interview, "no", **{T2_DISCLOSURE: "yes"})
    client.post(f"/screenings/{interview.pk}/submit/", form_data(interview, answers))
    before = row_counts()
    for method, url in (
        ("get", f"/screenings/{interview.pk}/print/"),
        ("get", f"/screenings/{tier1.pk}/print/"),
        ("get", tier1.get_absolute_url()),
        ("get", f"/screenings/{tier1.pk}/addenda/new/"),
        ("post", f"/screenings/{tier1.pk}/determination/"),
        ("post", f"/screenings/{tier1.pk}/follow-up/"),
    ):
        response = getattr(client, method)(url, {"determination": "agree"} if method == "post" else None)
        assert response.status_code == 302 and response["Location"] == interview.get_absolute_url(), url
    assert row_counts() == before
    expect_nothing_revealing(client.get(interview.get_absolute_url()).content.decode(), youth_case)
    # Out of the mode, the printout is there again.
    client.post(leave_url(interview), {"confirm": "yes"})
    response = client.get(f"/screenings/{interview.pk}/print/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_leaving_needs_the_confirmation_step(client, caseworker, interview, youth_case):
    client.force_login(caseworker)
    enter(client, interview)
    response = client.post(leave_url(interview))  # the button of the first step is a link: no post
    assert response.status_code == 400
    assert "Make sure the youth cannot see the screen." in response.content.decode()
    assert in_mode(client, interview)
    response = client.post(leave_url(interview), {"confirm": "no"})
    assert response.status_code == 400 and in_mode(client, interview)
    assert not audit_events(youth_case, summary="Interview mode left").exists()
    # The interview page leads to the confirmation step, not out of the mode.
    page = client.get(interview.get_absolute_url()).content.decode()
    assert f'href="{leave_url(interview)}"' in page and f'action="{leave_url(interview)}"' not in page


def test_leaving_when_not_in_the_mode_just_opens_the_screening(client, caseworker, interview, youth_case):
    client.force_login(caseworker)
    for method in (client.get, client.post):
        response = method(leave_url(interview), {"confirm": "yes"})
        assert response.status_code == 302 and response["Location"] == interview.get_absolute_url()
    assert not audit_events(youth_case, summary="Interview mode left").exists()


def test_the_mode_on_a_submitted_screening_is_refused_cleanly(client, caseworker, tier1_possible, youth_case):
    client.force_login(caseworker)
    before = row_counts()
    response = client.post(enter_url(tier1_possible))
    assert response.status_code == 409
    page = response.content.decode()
    assert "This screening has been submitted: interview mode is for answering a draft." in page
    expect_nothing_revealing(page, youth_case)
    assert not in_mode(client, tier1_possible)
    assert row_counts() == before
    assert not audit_events(youth_case, summary="Interview mode entered").exists()


def test_the_mode_waits_for_the_interview_setting(client, caseworker, tier2_draft):
    client.force_login(caseworker)
    response = client.post(enter_url(tier2_draft))
    assert response.status_code == 409
    assert "Confirm the interview setting first" in response.content.decode()
    assert not in_mode(client, tier2_draft)


def test_a_refused_submission_in_the_mode_opens_the_first_section_left_to_answer(
    client, caseworker, interview, youth_case
):
    client.force_login(caseworker)
    enter(client, interview)
    sections = interview.sections()
    first_section_codes = [i["code"] for i in sections[0]["items"]]
    answers = {code: "no" for code in first_section_codes if code not in interview.established}
    response = client.post(f"/screenings/{interview.pk}/submit/", form_data(interview, answers))
    assert response.status_code == 400
    assert response.templates[0].name == "screening/interview/form.html"
    page = response.content.decode()
    expect_nothing_revealing(page, youth_case)
    assert "items have no answer yet" in page
    assert re.search(rf'id="section-{sections[1]["code"]}"[^>]*data-number="2">', page)
    interview.refresh_from_db()
    assert interview.status == "draft" and interview.answers == answers


def test_tier1_can_be_answered_in_the_mode_too(client, caseworker, tier1_draft, youth_case):
    client.force_login(caseworker)
    enter(client, tier1_draft)
    page = client.get(tier1_draft.get_absolute_url()).content.decode()
    expect_nothing_revealing(page, youth_case)
    assert "interview-statement" in page  # an indicator has no suggested words: its text, large
    # The instrument's guidance (which speaks of levels) is folded, for the caseworker to open.
    folded = re.findall(r'<details class="interview-guidance">\s*<summary>Guidance for you</summary>', page)
    assert len(folded) == sum(
        1 for s in tier1_draft.sections() if s.get("intro") or any(i.get("help") for i in s["items"])
    )
    assert "No concern indicated" in page and "No concern indicated" not in on_screen(page)


def test_the_mode_is_this_persons_not_the_screenings(client, caseworker, supervisor, interview):
    client.force_login(caseworker)
    enter(client, interview)
    client.force_login(supervisor)  # another session
    response = client.get(interview.get_absolute_url())
    assert response.templates[0].name == "screening/form.html"


def test_only_who_may_screen_enters_the_mode(client, caseworker, interview, youth_case):
    youth_case.status = youth_case.Status.CLOSED
    youth_case.save()
    client.force_login(caseworker)
    assert client.post(enter_url(interview)).status_code == 403
    assert not in_mode(client, interview)


@pytest.mark.parametrize("persona", ["caseworker2", "other_caseworker", "other_supervisor"], indirect=True)
def test_out_of_scope_is_not_found_and_changes_nothing(client, persona, caseworker, interview, youth_case):
    client.force_login(persona)
    before = row_counts()
    events = audit_events(youth_case).count()
    assert client.post(enter_url(interview)).status_code == 404
    assert client.get(leave_url(interview)).status_code == 404
    assert client.post(leave_url(interview), {"confirm": "yes"}).status_code == 404
    assert not in_mode(client, interview)
    assert row_counts() == before and audit_events(youth_case).count() == events


def test_anonymous_is_sent_to_log_in(client, interview):
    for response in (
        client.post(enter_url(interview)),
        client.get(leave_url(interview)),
        client.post(leave_url(interview), {"confirm": "yes"}),
    ):
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


def test_another_draft_is_not_in_the_mode(client, caseworker, interview, youth_case, library):
    client.force_login(caseworker)
    enter(client, interview)
    other = start(caseworker, youth_case, library.tier1)
    save(caseworker, other, {})
    assert client.get(other.get_absolute_url()).templates[0].name == "screening/form.html"
