"""The report page in Chromium, checked with axe: a program manager picks the fiscal year, sees
the charts with their tables, and downloads the CSV and the PDF; on a phone nothing is wider
than the screen."""

import csv
import io

from django.utils import timezone
from playwright.sync_api import expect

from reporting import periods
from tests import factories
from tests.screening.conftest import library, tier1_possible, tier2_disclosure

from .axe import check_accessibility

__all__ = ["library", "tier1_possible", "tier2_disclosure"]  # fixtures

PHONE = {"width": 390, "height": 844}
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


def test_a_program_manager_reads_the_fiscal_year_and_exports_it(
    page, log_in, program_manager, tier2_disclosure
):
    log_in(program_manager)
    page.get_by_role("link", name="Open the reports").click()
    expect(page.get_by_role("heading", name="Agency figures", level=1)).to_be_visible()
    check_accessibility(page)
    fiscal_year = periods.fiscal_year(periods.fiscal_year_of(timezone.localdate()))
    page.get_by_label("Period").select_option(fiscal_year.key)
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name=fiscal_year.label, exact=False)).to_be_visible()
    chart = page.get_by_role("img", name="Trend by month")
    expect(chart).to_be_visible()
    levels = page.get_by_role("region", name="Screenings by level")
    expect(levels.get_by_role("row", name="All screenings")).to_contain_text("1")
    check_accessibility(page)
    case = tier2_disclosure.case
    assert case.legal_name not in page.content() and case.case_number not in page.content()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    text = open(download.value.path(), encoding="utf-8").read()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["period", "scope", "figure"]
    assert case.legal_name not in text and case.case_number not in text
    with page.expect_download() as download:
        page.get_by_role("link", name="Print (PDF)").click()
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"

    page.set_viewport_size(PHONE)
    page.reload()
    check_accessibility(page)
    assert page.evaluate(NO_SIDEWAYS_SCROLL), "the report page scrolls sideways on a phone"


def test_a_caseworker_has_no_reports(page, log_in, caseworker, team_a):
    factories.CaseFactory(team=team_a, assigned_caseworker=caseworker)
    log_in(caseworker)
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports")).to_have_count(0)


def test_an_administrator_of_a_large_agency_finds_a_team_by_typing(
    page, log_in, admin_user, team_a, settings
):
    """Past REPORT_TEAMS_LISTED teams, the list offers counties and offices; a team is found as
    its name is typed (htmx), or with Enter (the form, without script), and its link opens its
    report."""
    settings.REPORT_TEAMS_LISTED = 2
    west = [factories.TeamFactory(name=f"West County Team {n}", county="West County") for n in "EFG"]
    log_in(admin_user)
    page.goto("/reports/")
    # The agency, 2 counties (North, West), 1 office: no team.
    expect(page.get_by_label("Teams").locator("option")).to_have_count(1 + 2 + 1)
    page.get_by_label("Find a team").fill("team f")
    found = page.locator("#team-matches")
    expect(found).to_contain_text("1 team found")
    expect(found.get_by_role("link")).to_have_count(1)
    check_accessibility(page)
    found.get_by_role("link", name="Team: West County Team F").click()
    expect(page.get_by_role("heading", name="Team: West County Team F", exact=False)).to_be_visible()
    expect(page.get_by_label("Teams")).to_have_value(f"team-{west[1].pk}")
    check_accessibility(page)
    # Enter in the field submits the form: the page comes back with what was found.
    page.get_by_label("Find a team").fill("West")
    page.get_by_label("Find a team").press("Enter")
    expect(page.locator("#team-matches")).to_contain_text("3 teams found")
    assert "find=West" in page.url
    check_accessibility(page)
