"""The instrument administrator tries answers on a draft, saves them as a vignette (the outcome
seen proposed as the expected one), names it, and runs every vignette of the draft: they pass.
Every page is checked with axe."""

from playwright.sync_api import expect

from indicators import lifecycle
from tests.screening.conftest import T1_INDICATOR_A, library

from .axe import check_accessibility
from .test_narrow_screens import OVERFLOW, PHONE

__all__ = ["library"]  # the fixture


def test_the_instrument_admin_saves_tried_answers_as_a_vignette_and_runs_them_all(
    page, log_in, instrument_admin, library
):
    draft = lifecycle.new_draft_from(library.tier1, instrument_admin)
    total = len(draft.vignettes) + 1

    log_in(instrument_admin)
    page.goto(f"/studio/versions/{draft.pk}/preview/")
    panel = page.get_by_role("region", name="Try it: the outcome")
    page.locator(f'#item-{T1_INDICATOR_A} input[value="yes"]').check()
    expect(panel.locator("[data-try-level]")).to_have_attribute("data-try-level", "possible")
    check_accessibility(page)

    panel.get_by_role("button", name="Save these answers as a vignette").click()
    expect(page.get_by_role("heading", name="Add a vignette", level=1)).to_be_visible()
    expect(page.get_by_label("Expected level")).to_have_value("possible")
    expect(page.locator(f'select[name="a_{T1_INDICATOR_A}"]')).to_have_value("yes")
    check_accessibility(page)

    page.get_by_label("Id", exact=True).fill("one-indicator-tried")
    page.get_by_label("Description").fill("One indicator marked Yes in the try panel.")
    page.get_by_role("button", name="Save the vignette").click()
    expect(page.get_by_role("heading", name="Vignette one-indicator-tried")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("button", name="Run all").click()
    expect(page.locator("[data-run-summary]")).to_have_attribute("data-run-summary", f"{total}/0")
    check_accessibility(page)

    # The form of a draft's vignette (the phone walk sees published versions only) fits a phone.
    page.set_viewport_size(PHONE)
    page.get_by_role("link", name="Add a vignette").click()
    expect(page.get_by_role("heading", name="Add a vignette", level=1)).to_be_visible()
    assert page.evaluate(OVERFLOW) <= 0
    page.get_by_role("button", name="Save the vignette").click()
    expect(page.get_by_role("alert").first).to_contain_text("Nothing was saved")
    check_accessibility(page)
