"""The instrument administrator opens the studio, previews Tier 1 at two ages and tries answers:
the items follow the age, and the level in the try panel changes as the answers are given (htmx,
nothing saved). Every page is checked with axe, and the panel again after it changed."""

from playwright.sync_api import expect

from tests.screening.conftest import T1_INDICATOR_A, T1_INDICATOR_B, library

from .axe import check_accessibility

__all__ = ["library"]  # the fixture


def test_the_instrument_admin_previews_tier1_at_two_ages_and_tries_answers(
    page, log_in, instrument_admin, library
):
    tier1 = library.tier1
    labor = next(s for s in tier1.content["sections"] if s["code"] == "labor-exploitation")
    labor_item = page.locator(f'input[name="a_{labor["items"][0]["code"]}"]')

    log_in(instrument_admin)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Instrument studio").click()
    expect(page.get_by_role("heading", name="Instrument studio", level=1)).to_be_visible()
    check_accessibility(page)

    page.locator(f'a[href="/studio/versions/{tier1.pk}/"]').click()
    expect(page.get_by_role("heading", name="Rules")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Preview and try").click()
    expect(page.get_by_role("heading", name="The caseworker's form")).to_be_visible()
    check_accessibility(page)

    # An 8-year-old is not asked about work; a 15-year-old is.
    page.get_by_label("Age of the youth").fill("8")
    page.get_by_role("button", name="Show the form").click()
    expect(page.get_by_role("heading", name="The caseworker's form")).to_be_visible()
    expect(page.get_by_label("Age of the youth")).to_have_value("8")
    expect(labor_item).to_have_count(0)
    check_accessibility(page)

    page.get_by_label("Age of the youth").fill("15")
    page.get_by_role("button", name="Show the form").click()
    expect(page.get_by_label("Age of the youth")).to_have_value("15")
    expect(labor_item.first).to_be_attached()
    check_accessibility(page)

    panel = page.get_by_role("region", name="Try it: the outcome")
    expect(panel).to_contain_text("Answer the form")
    page.locator(f'#item-{T1_INDICATOR_B} input[value="no"]').check()
    expect(panel.locator("[data-try-level]")).to_have_attribute("data-try-level", "none")
    expect(panel).to_contain_text("No concern indicated")
    page.locator(f'#item-{T1_INDICATOR_A} input[value="yes"]').check()
    expect(panel.locator("[data-try-level]")).to_have_attribute("data-try-level", "possible")
    expect(panel).to_contain_text("Possible concern")
    check_accessibility(page)
