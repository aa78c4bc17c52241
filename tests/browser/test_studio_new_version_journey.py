"""Issue 18's journey, end to end, in Chromium: an instrument administrator makes a new version of
the brief indicator tool without typing any JSON — a draft from the published version, a new item
(with its Spanish text: the version is bilingual), a rule built with the builder — previews it at
two ages, tries answers and saves them as a vignette, runs every vignette, reads the impact on the
screenings already submitted and asks for publication; a second instrument administrator, in a
browser of their own, approves it, which publishes it. A caseworker's new screening then asks the
new item; the screening submitted before keeps the version it used and its outcome. Every studio
page is checked with axe."""

import re

from playwright.sync_api import expect

from accounts import roles
from indicators.models import DRAFT, PUBLISHED, InstrumentVersion
from screening.models import Screening
from tests import factories
from tests.screening.conftest import T1_INDICATOR_A, library
from tests.studio.publishing import screen

from .axe import check_accessibility

__all__ = ["library"]  # the fixture

NEW_ITEM = "T1-LB-99"
NEW_TEXT = "Has anyone promised you a job that paid much more than it should?"
NEW_TEXT_ES = "¿Alguien le prometió un trabajo que pagaba mucho más de lo normal?"
RULE_ID = "job-offer-too-good"


def test_a_new_version_is_made_tried_approved_and_used_without_json(
    page, log_in, browser, live_server, instrument_admin, caseworker, youth_case, library
):
    tier1 = library.tier1
    before = screen(caseworker, youth_case, tier1, **{T1_INDICATOR_A: "yes"})
    level_before = before.level
    second = factories.UserFactory(
        username="adaeze", first_name="Adaeze", last_name="Okafor", roles=[roles.INSTRUMENT_ADMIN]
    )

    # The library, the published version, a new draft from it.
    log_in(instrument_admin)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Instrument studio").click()
    expect(page.get_by_role("heading", name="Instrument studio", level=1)).to_be_visible()
    check_accessibility(page)
    page.locator(f'a[href="/studio/versions/{tier1.pk}/"]').click()
    check_accessibility(page)
    page.get_by_role("link", name="New draft from this version").click()
    check_accessibility(page)
    page.get_by_label("What this draft will change").fill("Asks about job offers that sound too good.")
    page.get_by_role("button", name="Make the draft").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"draft version {tier1.number + 1}")
    check_accessibility(page)
    draft = InstrumentVersion.objects.get(instrument=tier1.instrument, status=DRAFT)

    # A new item in the labor section, from age 12, with its text in both languages.
    page.get_by_role("link", name="Add an item labor-exploitation").click()
    expect(page.get_by_role("heading", name="Add an item", level=1)).to_be_visible()
    check_accessibility(page)
    page.locator("#id_code").fill(NEW_ITEM)
    page.locator("#id_text").fill(NEW_TEXT)
    page.get_by_label("Text in Español").fill(NEW_TEXT_ES)
    page.locator("#id_kind").select_option("risk_factor")
    page.locator("#id_trafficking_type").select_option("labor")
    page.locator("#id_scale").select_option("yes_no_unknown")
    page.locator("#id_min_age").fill("12")
    page.locator("#id_source_citation").fill("Agency protocol, labor trafficking indicators")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
    check_accessibility(page)
    draft.refresh_from_db()
    assert NEW_ITEM in {i["code"] for s in draft.content["sections"] for i in s["items"]}

    # A rule, built from choices: possible concern when the new item is answered Yes.
    page.goto(f"/studio/versions/{draft.pk}/")
    check_accessibility(page)
    page.get_by_role("link", name="Edit the rules").click()
    expect(page.get_by_role("heading", name="Rules", level=1)).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Add a rule", exact=True).click()
    expect(page.get_by_role("heading", name="Add a rule")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Rule id", exact=True).fill(RULE_ID)
    page.get_by_label("Level when the rule fires").select_option("possible")
    page.get_by_label("Reason (plain language, shown when the rule fires)").fill(
        "A job offer that sounds too good to be true is a common lure."
    )
    page.get_by_label("Reason in Español").fill(
        "Una oferta de trabajo demasiado buena para ser verdad es un señuelo común."
    )
    page.locator("#w-items").select_option(NEW_ITEM)
    page.get_by_role("button", name="Save the rule").last.click()
    expect(page.get_by_role("status").filter(has_text=f"Rule {RULE_ID} saved.")).to_be_visible()
    expect(page.locator("li.card").filter(has_text=RULE_ID)).to_contain_text("is answered Yes")
    check_accessibility(page)

    # Preview at two ages: an 8-year-old is not asked it, a 15-year-old is.
    page.goto(f"/studio/versions/{draft.pk}/")
    check_accessibility(page)
    page.get_by_role("link", name="Preview and try").click()
    expect(page.get_by_role("heading", name="The caseworker's form")).to_be_visible()
    check_accessibility(page)
    new_item = page.locator(f"#item-{NEW_ITEM}")
    page.get_by_label("Age of the youth").fill("8")
    page.get_by_role("button", name="Show the form").click()
    expect(page.get_by_label("Age of the youth")).to_have_value("8")
    expect(new_item).to_have_count(0)
    check_accessibility(page)
    page.get_by_label("Age of the youth").fill("15")
    page.get_by_role("button", name="Show the form").click()
    expect(new_item).to_contain_text(NEW_TEXT)
    check_accessibility(page)

    # Try it: the new item alone gives possible concern, for the new rule; saved as a vignette.
    panel = page.get_by_role("region", name="Try it: the outcome")
    new_item.locator('input[value="yes"]').check()
    expect(panel.locator("[data-try-level]")).to_have_attribute("data-try-level", "possible")
    expect(panel).to_contain_text("common lure")
    check_accessibility(page)
    panel.get_by_role("button", name="Save these answers as a vignette").click()
    expect(page.get_by_label("Expected level")).to_have_value("possible")
    check_accessibility(page)
    page.get_by_label("Id", exact=True).fill("job-offer-yes")
    page.get_by_label("Description").fill("Only the job-offer question answered Yes: possible concern.")
    page.get_by_role("button", name="Save the vignette").click()
    expect(page.get_by_role("heading", name="Vignette job-offer-yes")).to_be_visible()
    check_accessibility(page)

    # Run every vignette: all pass (the published ones and the new one).
    page.get_by_role("button", name="Run all").click()
    draft.refresh_from_db()
    total = len(draft.vignettes)
    expect(page.locator("[data-run-summary]")).to_have_attribute("data-run-summary", f"{total}/0")
    check_accessibility(page)

    # The impact on the screening already submitted: re-scored, unchanged (it never answered the new
    # item), nothing lowered, so no justification is asked; then ask for approval.
    page.goto(f"/studio/versions/{draft.pk}/")
    check_accessibility(page)
    page.get_by_role("link", name="Publish…").click()
    impact = page.locator("#impact")
    expect(page.get_by_role("heading", name="Impact on recent screenings")).to_be_visible()
    expect(impact).to_contain_text(re.compile(r"\b1\b"))
    expect(page.get_by_role("alert").filter(has_text="This draft lowers outcomes.")).to_have_count(0)
    check_accessibility(page)
    page.get_by_role("button", name="Ask for approval").click()
    expect(page.get_by_role("heading", name="Decision")).to_be_visible()
    expect(page.get_by_role("button", name="Approve and publish")).to_have_count(0)
    check_accessibility(page)

    # The second administrator approves: the version is published.
    context = browser.new_context(base_url=live_server.url)
    other = context.new_page()
    other.goto("/accounts/login/")
    other.get_by_label("Username").fill(second.username)
    other.get_by_label("Password").fill(factories.PASSWORD)
    other.get_by_role("button", name="Log in").click()
    other.goto("/studio/")
    pending = other.get_by_role("region", name="Publications waiting for approval")
    expect(pending).to_contain_text(f"version {draft.number}")
    check_accessibility(other)
    pending.get_by_role("link").first.click()
    check_accessibility(other)
    other.get_by_role("button", name="Approve and publish").click()
    expect(other.locator(".badge.fs-6")).to_have_text("published")
    check_accessibility(other)
    context.close()
    draft.refresh_from_db()
    assert draft.status == PUBLISHED and draft.published_by == second

    # A caseworker's new screening asks the new item; the earlier one is as it was.
    context = browser.new_context(base_url=live_server.url)
    work = context.new_page()
    work.goto("/accounts/login/")
    work.get_by_label("Username").fill(caseworker.username)
    work.get_by_label("Password").fill(factories.PASSWORD)
    work.get_by_role("button", name="Log in").click()
    work.goto(f"/cases/{youth_case.pk}/")
    work.get_by_role("link", name="Start a screening").first.click()
    expect(work.get_by_role("heading", name="Start a screening")).to_be_visible()
    work.get_by_role("button", name="Start", exact=True).click()
    expect(work.locator(f"#item-{NEW_ITEM}")).to_contain_text(NEW_TEXT)
    context.close()
    newest = Screening.objects.filter(case=youth_case).latest("created_at")
    assert newest.instrument_version == draft
    before = Screening.objects.get(pk=before.pk)
    assert before.instrument_version == tier1 and before.level == level_before
