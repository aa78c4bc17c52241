"""An instrument administrator asks to publish a draft that lowers an outcome (the impact says so,
a justification is required), and a second instrument administrator, in a browser of their own,
reads the same comparison, vignettes and impact and approves: the version is published. Every
page is checked with axe and fits a phone (390 px)."""

from playwright.sync_api import expect

from accounts import roles
from indicators import lifecycle
from indicators.models import InstrumentVersion
from tests import factories
from tests.screening.conftest import T1_INDICATOR_A, library
from tests.studio.publishing import keep_passing_vignettes, raise_any_indicator, screen

from .axe import check_accessibility

__all__ = ["library"]  # the fixture

PHONE = {"width": 390, "height": 844}
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def fits_a_phone(page):
    assert page.evaluate(OVERFLOW) <= 0, page.url
    check_accessibility(page)


def test_one_asks_another_approves(
    page, log_in, browser, live_server, instrument_admin, caseworker, youth_case, library
):
    screen(caseworker, youth_case, library.tier1, **{T1_INDICATOR_A: "yes"})
    draft = lifecycle.new_draft_from(library.tier1, instrument_admin, change_note="Two indicators.")
    keep_passing_vignettes(raise_any_indicator(draft))
    second = factories.UserFactory(
        username="adaeze", first_name="Adaeze", last_name="Okafor", roles=[roles.INSTRUMENT_ADMIN]
    )

    log_in(instrument_admin)
    page.set_viewport_size(PHONE)
    page.goto(f"/studio/versions/{draft.pk}/")
    fits_a_phone(page)
    page.get_by_role("link", name="Publish…").click()
    expect(page.get_by_role("heading", name="Impact on recent screenings")).to_be_visible()
    expect(page.get_by_role("alert").filter(has_text="This draft lowers outcomes.")).to_be_visible()
    fits_a_phone(page)
    page.get_by_role("button", name="Ask for approval").click()
    expect(page.locator("#publish-problem")).to_contain_text("write why it should be published anyway")
    fits_a_phone(page)
    page.get_by_label("Justification").fill("The agency's protocol now asks for two indicators.")
    page.get_by_role("button", name="Ask for approval").click()
    expect(page.get_by_role("heading", name="Decision")).to_be_visible()
    expect(page.get_by_role("button", name="Withdraw the request")).to_be_visible()
    fits_a_phone(page)

    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    other = context.new_page()
    other.goto("/accounts/login/")
    other.get_by_label("Username").fill(second.username)
    other.get_by_label("Password").fill(factories.PASSWORD)
    other.get_by_role("button", name="Log in").click()
    other.goto("/studio/")
    pending = other.get_by_role("region", name="Publications waiting for approval")
    expect(pending).to_contain_text("version 4")
    fits_a_phone(other)
    pending.get_by_role("link").first.click()
    expect(other.get_by_text("The agency's protocol now asks for two indicators.")).to_be_visible()
    fits_a_phone(other)
    other.get_by_role("button", name="Approve and publish").click()
    expect(other.get_by_role("heading", level=1)).to_contain_text("version 4")
    expect(other.locator(".badge.fs-6")).to_have_text("published")
    fits_a_phone(other)
    context.close()
    assert InstrumentVersion.objects.get(pk=draft.pk).published_by == second
