"""The interview in the youth's language: a screening records the language its questions are asked
in (the youth's primary language when the instrument has it); the form shows what to say in that
language and, to a caseworker reading another, its meaning beside; scoring never depends on it."""

import re

import pytest

from screening.models import Screening

from .conftest import (
    T1_INDICATOR_A,
    T2_DISCLOSURE,
    answer_all,
    confirm_setting,
    start,
    start_follow_up,
    submit,
)

# Tier 2's question about food and shelter, as the instrument words it in each language.
T2_NEEDS = "T2-LS-01"


def url(case):
    return f"/cases/{case.pk}/screenings/new/"


@pytest.mark.parametrize(
    "primary,expected",
    [("Spanish", "es"), ("español", "es"), ("English", "en"), ("Somali", "en"), ("", "en")],
)
def test_the_youths_primary_language_when_the_instrument_has_it(
    caseworker, youth_case, library, primary, expected
):
    youth_case.primary_language = primary
    youth_case.save()
    assert start(caseworker, youth_case, library.tier1).language == expected


def test_the_caseworker_may_choose_another(client, caseworker, youth_case, library):
    youth_case.primary_language = "Spanish"
    youth_case.save()
    client.force_login(caseworker)
    page = client.get(url(youth_case)).content.decode()
    assert re.search(
        r'<input[^>]*name="language"[^>]*value="es"[^>]*checked|value="es"[^>]*selected', page
    ) or ('value="es" selected' in page)
    response = client.post(
        url(youth_case), {"context": "general", "version": library.tier1.pk, "language": "en"}
    )
    assert response.status_code == 302
    assert Screening.objects.get(case=youth_case).language == "en"


@pytest.mark.parametrize("language", ["fr", "xx", "es\x00"])
def test_a_language_the_instrument_does_not_have_is_refused(
    client, caseworker, youth_case, library, language
):
    client.force_login(caseworker)
    response = client.post(
        url(youth_case), {"context": "general", "version": library.tier1.pk, "language": language}
    )
    assert response.status_code in (200, 400)
    assert not Screening.objects.exists()


def test_the_interview_follows_the_language_of_the_screening_before_it(caseworker, youth_case, library):
    youth_case.primary_language = "Spanish"
    youth_case.save()
    tier1 = start(caseworker, youth_case, library.tier1)
    tier1 = submit(caseworker, tier1, answer_all(tier1, **{T1_INDICATOR_A: "yes"}))
    assert start_follow_up(caseworker, tier1).language == "es"


@pytest.fixture
def spanish_interview(library, caseworker, youth_case):
    youth_case.primary_language = "Spanish"
    youth_case.save()
    tier1 = start(caseworker, youth_case, library.tier1)
    tier1 = submit(caseworker, tier1, answer_all(tier1, **{T1_INDICATOR_A: "yes"}))
    tier2 = start_follow_up(caseworker, tier1)
    confirm_setting(caseworker, tier2)
    return tier2


def phrasing(content, code, language):
    translations = content.get("translations", {})
    if language == "en":
        return next(i["phrasing"] for s in content["sections"] for i in s["items"] if i["code"] == code)
    return translations[language]["items"][code]["phrasing"]


def test_an_english_reader_sees_the_spanish_words_and_their_meaning(client, caseworker, spanish_interview):
    client.force_login(caseworker)
    page = client.get(spanish_interview.get_absolute_url()).content.decode()
    spanish = phrasing(spanish_interview.content, T2_NEEDS, "es")
    english = phrasing(spanish_interview.content, T2_NEEDS, "en")
    assert f'<span lang="es">“{spanish}”</span>' in page.replace("&#x27;", "'")
    assert english in page.replace("&#x27;", "'")
    assert '<html lang="en">' in page


def test_a_spanish_reader_of_a_spanish_interview_sees_it_once(client, caseworker, spanish_interview):
    caseworker.language = "es"
    caseworker.save()
    client.force_login(caseworker)
    page = client.get(spanish_interview.get_absolute_url()).content.decode().replace("&#x27;", "'")
    assert phrasing(spanish_interview.content, T2_NEEDS, "es") in page
    assert phrasing(spanish_interview.content, T2_NEEDS, "en") not in page
    assert '<html lang="es">' in page


def test_the_result_shows_the_questions_as_asked_and_scores_as_in_english(
    client, caseworker, supervisor, spanish_interview, library, youth_case
):
    done = submit(caseworker, spanish_interview, {T2_DISCLOSURE: "yes"})
    client.force_login(supervisor)
    page = client.get(done.get_absolute_url()).content.decode().replace("&#x27;", "'")
    assert "As asked" in page and phrasing(done.content, T2_DISCLOSURE, "es") in page
    # The same answers in English: the same outcome.
    youth_case.primary_language = "English"
    youth_case.save()
    tier1 = start(caseworker, youth_case, library.tier1)
    tier1 = submit(caseworker, tier1, answer_all(tier1, **{T1_INDICATOR_A: "yes"}))
    english = start_follow_up(caseworker, tier1)
    assert english.language == "en"
    confirm_setting(caseworker, english)
    english = submit(caseworker, english, {T2_DISCLOSURE: "yes"})

    def scored(s):
        return s.level, [r["id"] for r in s.result["fired_rules"]], s.result.get("identifies")

    assert scored(english) == scored(done)


def test_a_spanish_reader_reads_the_checklist_in_spanish(client, caseworker, tier1_possible):
    caseworker.language = "es"
    caseworker.save()
    client.force_login(caseworker)
    page = client.get(tier1_possible.get_absolute_url()).content.decode().replace("&#x27;", "'")
    spanish = tier1_possible.content["translations"]["es"]["guidance"]
    from_instrument = [a for a in tier1_possible.actions.all() if a.code in spanish]
    assert from_instrument
    for action in from_instrument:
        assert spanish[action.code]["title"] in page
        assert action.title not in page or action.title == spanish[action.code]["title"]
    # The rows keep the texts they were opened with.
    assert all(a.title == a.__class__.objects.get(pk=a.pk).title for a in from_instrument)


def test_a_spanish_reader_reads_the_instrument_in_spanish_on_the_form_and_the_lists(
    client, caseworker, tier1_draft
):
    caseworker.language = "es"
    caseworker.save()
    client.force_login(caseworker)
    spanish = tier1_draft.content["translations"]["es"]["instrument"]
    form = client.get(tier1_draft.get_absolute_url()).content.decode().replace("&#x27;", "'")
    assert spanish["name"] in form and spanish["purpose"] in form
    assert tier1_draft.content["instrument"]["purpose"] not in form
    home = client.get("/").content.decode().replace("&#x27;", "'")
    drafts = home[home.index('id="drafts-heading"') :]
    assert spanish["name"] in drafts


def test_a_spanish_reader_reads_the_mandated_reports_in_spanish(client, caseworker, tier2_disclosure):
    """The reports the jurisdiction requires (its own texts, translated in its profile) on the home
    page and on the checklist; the rows keep the texts they were opened with."""
    caseworker.language = "es"
    caseworker.save()
    client.force_login(caseworker)
    report = tier2_disclosure.actions.get(code="report-law-enforcement")
    spanish = tier2_disclosure.jurisdiction.translations["es"]["mandated_reports"]["report-law-enforcement"]
    home = client.get("/").content.decode().replace("&#x27;", "'")
    due = home[home.index('id="due-heading"') :]
    assert spanish["title"] in due and report.title not in due
    root = tier2_disclosure.follows
    page = client.get(root.get_absolute_url()).content.decode().replace("&#x27;", "'")
    assert spanish["title"] in page
    report.refresh_from_db()
    assert report.title == "Report to law enforcement"


def test_the_texts_in_spanish_cost_the_same_queries_however_many_actions(
    client, caseworker, tier2_disclosure, library, team_a
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests import factories

    caseworker.language = "es"
    caseworker.save()
    client.force_login(caseworker)
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for _ in range(3):
        case = factories.CaseFactory(team=team_a, assigned_caseworker=caseworker)
        tier1 = start(caseworker, case, library.tier1)
        submit(caseworker, tier1, answer_all(tier1, **{T1_INDICATOR_A: "yes"}))
    with CaptureQueriesContext(connection) as more:
        client.get("/")
    assert len(more) == len(few)
