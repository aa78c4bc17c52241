"""A Spanish-speaking caseworker screens a Spanish-speaking youth in Spanish, end to end (issue 16).

The caseworker reads the product in Spanish (their language setting); the youth's record says
Spanish, so the interview is offered in Spanish. Tier 1 (two indicators: possible concern), Tier 2
(a declined question, then a disclosure: clear concern, identified, stop), and the printed summary
downloaded: every page in Spanish, checked with axe, and the PDF in Spanish.

The words the test looks for are read from the catalogue (`es()`), each checked to differ from the
English, so the test follows the translation and fails if a page falls back to English.
"""

import re

from django.conf import settings
from django.utils import translation
from playwright.sync_api import expect
from pypdf import PdfReader

from screening.models import Screening
from tests import factories
from tests.screening.conftest import T1_INDICATOR_A, T1_INDICATOR_B, T2_DECLINED, T2_DISCLOSURE, library

from .axe import check_accessibility

__all__ = ["library"]  # the fixture, imported for the test below


def es(english: str) -> str:
    """The Spanish of one of the interface's strings (which must have one)."""
    with translation.override("es"):
        spanish = translation.gettext(english)
    assert spanish != english, f"no Spanish for {english!r}"
    return spanish


def answer(page, code: str, value: str) -> None:
    page.locator(f"#item-{code} input[type=radio][value={value}]").check()


def item_text(version, code: str, language: str) -> str:
    texts = version.content if language == "en" else version.translations[language]["items"]
    if language == "en":
        return next(i["text"] for s in texts["sections"] for i in s["items"] if i["code"] == code)
    return texts[code]["text"]


def test_a_spanish_speaking_caseworker_screens_a_youth_in_spanish(
    page, caseworker, youth_case, library, tmp_path
):
    caseworker.language = "es"
    caseworker.save()
    youth_case.primary_language = "Spanish"
    youth_case.save()

    page.goto("/accounts/login/")
    check_accessibility(page)
    page.get_by_label("Username").fill(caseworker.username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    check_accessibility(page)

    # The case, in Spanish; the interview is offered in the youth's language.
    page.get_by_role("navigation", name=es("Main")).get_by_role("link", name=es("Cases")).click()
    expect(page.get_by_role("heading", name=es("Cases"), level=1)).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Lexi").click()
    check_accessibility(page)
    page.get_by_role("link", name=es("Start a screening")).first.click()
    expect(page.get_by_role("heading", name=es("Start a screening"))).to_be_visible()
    expect(page.get_by_label(es("Language of the interview"))).to_have_value("es")
    check_accessibility(page)
    page.get_by_role("button", name=es("Start"), exact=True).click()

    # Tier 1 in Spanish: the questions as the instrument words them in Spanish.
    form = page.locator("#screening-form")
    expect(form).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    tier1 = Screening.objects.get(case=youth_case)
    assert tier1.language == "es"
    expect(page.locator(f"#item-{T1_INDICATOR_A}")).to_contain_text(
        item_text(library.tier1, T1_INDICATOR_A, "es")
    )
    expect(form).not_to_contain_text(item_text(library.tier1, T1_INDICATOR_A, "en"))
    check_accessibility(page)
    codes = [i.removeprefix("item-") for i in form.locator(".item-row").evaluate_all("r => r.map(x => x.id)")]
    for code in codes:
        answer(page, code, "yes" if code in (T1_INDICATOR_A, T1_INDICATOR_B) else "no")
    page.get_by_role("button", name=es("Submit and see the result")).click()

    # Possible concern, in Spanish; the in-depth interview follows.
    expect(page.get_by_role("heading", name=es("Screening outcome"))).to_be_visible()
    expect(page.locator("#level-heading")).to_contain_text(es("Possible concern"))
    check_accessibility(page)
    tier1.refresh_from_db()
    assert tier1.level == "possible"
    page.get_by_role("button", name=re.compile("^" + re.escape(es("Start Tier 2")))).click()

    # The setting, then the interview in Spanish: a declined question, then a disclosure.
    expect(page.get_by_role("heading", name=es("Before the first question"))).to_be_visible()
    check_accessibility(page)
    for name in ("private", "confidentiality", "purpose"):
        page.locator(f"input[name={name}]").check()
    page.locator("input[name=interpreter][value=not_needed]").check()
    page.get_by_role("button", name=es("Begin the interview")).click()
    expect(page.locator("#screening-form")).to_be_visible()
    check_accessibility(page)
    tier2 = Screening.objects.get(case=youth_case, follows=tier1)
    assert tier2.language == "es"  # the interview follows its Tier 1's language
    page.locator(f"#item-{T2_DECLINED} input[type=radio][value=declined]").check()
    disclosure = page.locator(f"#item-{T2_DISCLOSURE}")
    disclosure.locator("input[type=radio][value=yes]").check()
    expect(disclosure.get_by_role("alert")).to_be_visible()
    disclosure.get_by_role("button", name=es("Submit now")).click()

    # Clear concern, identified, stop: the outcome and the checklist in Spanish.
    expect(page.get_by_role("heading", name=es("Screening outcome"))).to_be_visible()
    expect(page.locator("#level-heading")).to_contain_text(es("Clear concern"))
    expect(page.locator("#stop").get_by_role("heading", name=es("Stop questioning"))).to_be_visible()
    check_accessibility(page)
    tier2.refresh_from_db()
    assert (tier2.level, tier2.answers[T2_DECLINED]) == ("clear", "declined")

    # The printed summary, downloaded: in Spanish, the questions as they were asked.
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("^" + re.escape(es("Print summary")))).click()
    download = download_info.value
    assert "Lexi" not in download.suggested_filename
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages)
    assert es("Clear concern") in text and "Clear concern" not in text
    assert es("Screening outcome") in text or es("Screening summary") in text
    assert "Lexi" in text
    assert settings.LANGUAGE_CODE.startswith(
        "en"
    )  # the site's default is English: Spanish came from the person
