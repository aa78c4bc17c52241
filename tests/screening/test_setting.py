"""The setting checklist before the first interview question (seeds 000, 002)."""

from screening.models import Screening

from .conftest import AUTOSAVE, T2_DECLINED, T2_DISCLOSURE, audit_events, form_data

CHECKED = {"private": "on", "confidentiality": "on", "purpose": "on", "interpreter": "not_needed"}


def url(screening):
    return f"/screenings/{screening.pk}/setting/"


def reload(screening):
    return Screening.objects.get(pk=screening.pk)


def test_the_interview_opens_on_the_checklist_not_on_the_questions(client, caseworker, tier2_draft):
    client.force_login(caseworker)
    page = client.get(f"/screenings/{tier2_draft.pk}/").content.decode()
    assert "Before the first question" in page
    for text in (
        "We are in a private setting",
        "limits of confidentiality",
        "why I am asking these questions",
        "Interpreter",
    ):
        assert text in page, text
    # The youth's chosen name and pronouns head the screen; no question is shown yet.
    assert "Lexi" in page and "she/her" in page
    assert 'name="a_' not in page


def test_confirming_the_setting_opens_the_questions(client, caseworker, tier2_draft):
    client.force_login(caseworker)
    response = client.post(url(tier2_draft), CHECKED)
    assert response.status_code == 302 and response["Location"] == f"/screenings/{tier2_draft.pk}/"
    saved = reload(tier2_draft)
    assert saved.setting_confirmed_at is not None
    assert saved.setting_private and saved.setting_confidentiality and saved.setting_purpose
    assert saved.setting_interpreter == "not_needed"
    page = client.get(response["Location"]).content.decode()
    assert f'name="a_{T2_DISCLOSURE}"' in page
    event = audit_events(tier2_draft.case, summary="Interview setting confirmed").get()
    assert event.user == caseworker


def test_every_box_is_required(client, caseworker, tier2_draft):
    client.force_login(caseworker)
    messages = {
        "private": "Find a private setting before the interview.",
        "confidentiality": "Explain the limits of confidentiality before the interview.",
        "purpose": "Tell the youth why the questions are asked and what happens next.",
    }
    for box, message in messages.items():
        data = {k: v for k, v in CHECKED.items() if k != box}
        response = client.post(url(tier2_draft), data)
        assert response.status_code == 400, box
        assert message in response.content.decode()
    response = client.post(url(tier2_draft), {**CHECKED, "interpreter": ""})
    assert response.status_code == 400
    response = client.post(url(tier2_draft), {**CHECKED, "interpreter": "my cousin"})
    assert response.status_code == 400
    assert reload(tier2_draft).setting_confirmed_at is None


def test_an_interpreter_is_required_when_the_case_says_so(client, caseworker, tier2_draft, youth_case):
    youth_case.primary_language = "Spanish"
    youth_case.interpreter_needed = True
    youth_case.save()
    client.force_login(caseworker)
    page = client.get(f"/screenings/{tier2_draft.pk}/").content.decode()
    assert "The case record says this youth needs an interpreter (Spanish)." in page
    response = client.post(url(tier2_draft), CHECKED)
    assert response.status_code == 400
    assert "Arrange one before the interview" in response.content.decode()
    assert reload(tier2_draft).setting_confirmed_at is None
    response = client.post(url(tier2_draft), {**CHECKED, "interpreter": "used"})
    assert response.status_code == 302
    assert reload(tier2_draft).setting_interpreter == "used"


def test_no_question_is_answered_before_the_setting_is_confirmed(client, caseworker, tier2_draft):
    client.force_login(caseworker)
    answers = {T2_DECLINED: "declined", T2_DISCLOSURE: "yes"}
    response = client.post(f"/screenings/{tier2_draft.pk}/save/", form_data(tier2_draft, answers), **AUTOSAVE)
    assert response.status_code == 409
    assert "Confirm the interview setting" in response.content.decode()  # the autosave's status line
    response = client.post(
        f"/screenings/{tier2_draft.pk}/submit/", form_data(tier2_draft, answers), follow=True
    )
    assert "Confirm the interview setting" in response.content.decode()
    saved = reload(tier2_draft)
    assert saved.answers == {} and saved.is_draft


def test_the_checklist_of_a_submitted_interview_cannot_be_changed(client, caseworker, tier2_disclosure):
    before = reload(tier2_disclosure).setting_confirmed_at
    client.force_login(caseworker)
    response = client.post(url(tier2_disclosure), {**CHECKED, "interpreter": "used"})
    assert response.status_code == 302
    saved = reload(tier2_disclosure)
    assert saved.setting_confirmed_at == before and saved.setting_interpreter == "not_needed"
