"""Preview (/studio/versions/<pk>/preview/): the caseworker's form for a version exactly as it
renders, for a screening context, an age and a language; bad choices get a clear message."""

import re

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from indicators import lifecycle, translations
from indicators.engine import items_for_context
from tests.rows import row_counts

from .conftest import OTHERS, main_of


def url(version, **query):
    base = reverse("studio:preview", kwargs={"pk": version.pk})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def radio_items(page: str) -> list[str]:
    """The item codes the form asks (one radio group each), in order."""
    return list(
        dict.fromkeys(re.findall(r'<input class="form-check-input[^"]*" type="radio" name="a_([^"]+)"', page))
    )


@pytest.mark.parametrize("age", [8, 15])
def test_the_form_asks_the_items_of_the_age(studio, library, age):
    version = library.tier1
    response = studio.get(url(version, context="general", age=age, language="en"))
    assert response.status_code == 200
    asked = radio_items(response.content.decode())
    assert asked == items_for_context(version.content, "general", age)
    labor = [
        i["code"]
        for s in version.content["sections"]
        if s["code"] == "labor-exploitation"
        for i in s["items"]
    ]
    assert labor and (set(labor) <= set(asked)) is (age >= 10)


def test_the_context_adds_its_tailored_questions(studio, library):
    version = library.tier2
    away = [i["code"] for s in version.content["sections"] if s["code"] == "while-away" for i in s["items"]]
    general = radio_items(studio.get(url(version, context="general", age=15, language="en")).content.decode())
    back = radio_items(
        studio.get(url(version, context="return_from_missing", age=15, language="en")).content.decode()
    )
    assert not set(away) & set(general)
    assert set(away) <= set(back)
    assert back == items_for_context(version.content, "return_from_missing", 15)


def test_the_form_is_in_the_chosen_language(studio, library):
    version = library.tier1
    spanish = translations.localized(version.content, "es")
    first_es = spanish["sections"][0]["items"][0]["text"]
    first_en = version.content["sections"][0]["items"][0]["text"]
    assert first_es != first_en
    page = studio.get(url(version, context="general", age=15, language="es")).content.decode()
    assert first_es in page and first_en not in page
    assert '<div lang="es">' in page
    page = studio.get(url(version, context="general", age=15, language="en")).content.decode()
    assert first_en in page and first_es not in page


def test_the_page_opens_with_a_form_to_choose_and_the_defaults(studio, library):
    response = studio.get(url(library.tier1))
    assert response.status_code == 200
    page = main_of(response.content.decode())
    assert radio_items(page) == items_for_context(library.tier1.content, "general", 15)
    for label in ("Screening context", "Age of the youth", "Language of the questions"):
        assert label in page
    assert f'action="/studio/versions/{library.tier1.pk}/try/"' in page


def test_a_draft_previews_too(studio, instrument_admin, library):
    draft = lifecycle.new_draft_from(library.tier1, instrument_admin)
    response = studio.get(url(draft, context="general", age=15, language="en"))
    assert response.status_code == 200
    assert radio_items(response.content.decode()) == items_for_context(draft.content, "general", 15)


def test_the_preview_is_audited_and_writes_nothing_else(studio, library):
    before = row_counts()
    studio.get(url(library.tier2, context="general", age=12, language="es"))
    assert row_counts() == before
    event = AuditEvent.objects.get(action="viewed", object_id=str(library.tier2.pk))
    assert event.detail == {"context": "general", "age": 12, "language": "es"} and event.case_id is None


@pytest.mark.parametrize(
    "query,message",
    [
        ({"context": "general", "age": "abc", "language": "en"}, "Enter an age from 10 to"),
        ({"context": "general", "age": "3", "language": "en"}, "Enter an age from 10 to"),
        ({"context": "general", "age": "99", "language": "en"}, "Enter an age from 10 to"),
        ({"context": "general", "age": "", "language": "en"}, "Enter an age from 10 to"),
        (
            {"context": "nowhere", "age": "15", "language": "en"},
            "Choose one of the screening contexts listed.",
        ),
        ({"context": "general", "age": "15", "language": "fr"}, "This version has no text in that language"),
    ],
)
def test_bad_choices_get_a_clear_message_and_no_form(studio, library, query, message):
    before = row_counts()
    response = studio.get(url(library.tier2, **query))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert radio_items(page) == []
    assert row_counts() == before
    assert not AuditEvent.objects.filter(object_id=str(library.tier2.pk)).exists()


@pytest.mark.parametrize("persona", OTHERS, indirect=True)
def test_everyone_else_gets_404(client, persona, library):
    client.force_login(persona)
    assert client.get(url(library.tier1, context="general", age=15, language="en")).status_code == 404


def test_anonymous_is_sent_to_log_in(client, library):
    response = client.get(url(library.tier1))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")


def test_the_number_of_queries_is_fixed(studio, library, django_assert_max_num_queries):
    studio.get(url(library.tier1))
    # 14: the page's own, and the navigation's (the person's permissions for "Reports", read once;
    # the count of unread notifications), whatever the version's size.
    with django_assert_max_num_queries(14):
        assert (
            studio.get(url(library.tier1, context="return_from_missing", age=15, language="en")).status_code
            == 200
        )
    with django_assert_max_num_queries(14):
        assert (
            studio.get(url(library.tier2, context="return_from_missing", age=16, language="es")).status_code
            == 200
        )
