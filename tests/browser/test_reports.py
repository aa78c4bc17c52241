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
