"""The result page of a screening submitted before instruments v2 reads exactly as it did: a level
that explains itself, its reasons, the version, the next step (PRODUCT.md: a changed rule never
changes an old result)."""

from django.utils.html import escape

from indicators.levels import Level
from tests.dates import shown_at

from .conftest import V1_INDICATOR_A, V1_INDICATOR_B, answer_all, start, submit_before_v2


def result_page(client, user, screening):
    client.force_login(user)
    response = client.get(f"/screenings/{screening.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_the_level_with_its_meaning_and_that_it_is_not_evidence(client, caseworker, v1_possible):
    page = result_page(client, caseworker, v1_possible)
    assert "Possible concern" in page
    assert escape(str(Level.POSSIBLE.explanation)) in page
    assert "This is a screening outcome, not legal evidence" in page
    assert "Scored with Tier 1: brief indicator tool, version 1, under the Federal baseline profile." in page
    assert "by Casey Moreno" in page


def test_it_shows_each_fired_rule_with_the_answers_that_fired_it(client, caseworker, v1_possible):
    page = result_page(client, caseworker, v1_possible)
    reasons = page[page.index("Why: the rules that applied") : page.index("Guidance checklist")]
    assert "At least one indicator of trafficking is present." in reasons
    texts = {item["code"]: item["text"] for item in v1_possible.presented_items()}
    for code in (V1_INDICATOR_A, V1_INDICATOR_B):
        assert f"<li>{escape(texts[code])} — <strong>Yes</strong></li>" in reasons
    # Items answered No did not fire anything and are not listed as reasons.
    assert escape(texts["T1-MT-01"]) not in reasons


def test_no_concern_says_so_and_no_rule_applied(client, caseworker, youth_case, v1):
    screening = start(caseworker, youth_case, v1.tier1)
    screening = submit_before_v2(caseworker, screening, answer_all(screening, "no"))
    page = result_page(client, caseworker, screening)
    assert "No concern indicated" in page
    assert "This is not proof that the youth is safe" in page
    assert "No rule applied to these answers." in page
    assert "Start Tier 2" not in page
    assert "No action follows from this result." in page


def test_an_interview_with_every_question_declined_says_declined_is_not_no(
    client, caseworker, v1, v1_possible
):
    from screening import services

    from .conftest import confirm_setting, fake_request

    follow = services.start_screening(
        request=fake_request(caseworker),
        case=v1_possible.case,
        context="general",
        version=v1.tier2,
        follows=v1_possible,
    )
    confirm_setting(caseworker, follow)
    follow = submit_before_v2(caseworker, follow, answer_all(follow, "declined"))
    declined = len(follow.presented_codes())
    page = result_page(client, caseworker, follow)
    card = page[page.index('id="level-heading"') : page.index('id="next-heading"')]
    assert f"The youth declined {declined} questions. Declined is not “No”" in card
    # A result with no declined answer says nothing of the kind.
    assert "declined-note" not in result_page(client, caseworker, v1_possible)
    # The printed summary says it too.
    from .test_print_screening import pdf_pages, print_url

    text = " ".join(pdf_pages(client.get(print_url(follow))))
    assert f"The youth declined {declined} questions. Declined is not “No”" in text


def test_a_possible_concern_offers_tier_2(client, caseworker, v1_possible):
    page = result_page(client, caseworker, v1_possible)
    assert "Start Tier 2" in page and "Tier 2: in-depth interview" in page
    assert f'action="/screenings/{v1_possible.pk}/follow-up/"' in page


def test_the_checklist_shows_priority_due_time_and_contacts(client, caseworker, v1_disclosure):
    page = result_page(client, caseworker, v1_disclosure)
    checklist = page[page.index("Guidance checklist") :]
    action = v1_disclosure.actions.get(code="report-law-enforcement")
    assert escape(action.title) in checklist
    assert f"due by {shown_at(action.due_at)}" in checklist
    assert "Urgent" in checklist and "Immediate" in checklist
    assert "1-888-373-7888" in checklist


def test_a_disclosure_stops_and_refers_to_a_forensic_interview(client, caseworker, v1_disclosure):
    page = result_page(client, caseworker, v1_disclosure)
    assert "Clear concern" in page
    assert "Stop questioning" in page
    assert "Under 18 this is child sex trafficking by law; no force is needed." in page
    assert "forensic interview at a Child Advocacy Center" in page
    assert "1-888-373-7888" in page and "233733" in page
    # No further interview is offered after a disclosure.
    assert "Start Tier 2" not in page
    assert "This interview follows" in page


def test_the_tier_1_result_links_its_interview_once_started(client, caseworker, v1_disclosure):
    page = result_page(client, caseworker, v1_disclosure.follows)
    assert f'href="/screenings/{v1_disclosure.pk}/"' in page
    assert "Start Tier 2" not in page


def test_the_answers_are_listed_with_not_asked_for_the_rest(client, caseworker, v1_disclosure):
    page = result_page(client, caseworker, v1_disclosure)
    answers = page[page.index('id="answers-heading"') :]
    assert "Declined to answer" in answers
    assert "<strong>Yes</strong>" in answers
    assert "<em>not asked</em>" in answers


def test_the_result_of_a_closed_case_is_read_only(client, supervisor, v1_possible, youth_case):
    youth_case.status = youth_case.Status.CLOSED
    youth_case.save()
    page = result_page(client, supervisor, v1_possible)
    assert "Possible concern" in page
    assert "Record my determination" not in page and "Save outcome" not in page
    assert "Start Tier 2" not in page
