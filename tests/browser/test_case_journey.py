"""The first journey: a caseworker logs in, opens a case and finds it again.

Every page on the way is checked with axe-core (tests/browser/axe.py).
"""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Case

from .axe import check_accessibility


def test_caseworker_creates_a_case_and_finds_it_in_the_list(page, log_in, caseworker, team_a, youth_case):
    # `youth_case` (Lexi, also Casey's) is there so the search has something to leave out.
    date_of_birth = timezone.localdate().replace(day=14) - datetime.timedelta(days=15 * 365)

    log_in(caseworker)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cases").click()
    expect(page.get_by_role("heading", name="Cases", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Lexi")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="New case").click()
    expect(page.get_by_role("heading", name="New case", level=1)).to_be_visible()
    check_accessibility(page)

    page.get_by_label("Case number").fill("A-2042")
    page.get_by_label("Legal name").fill("Daniel Jesús Ortega")
    page.get_by_label("Chosen name").fill("Dani")
    page.get_by_label("Pronouns").fill("they/them")
    page.get_by_label("Date of birth").fill(date_of_birth.isoformat())
    page.get_by_label("Primary language").fill("Spanish")
    page.get_by_label("Interpreter needed").check()
    page.get_by_label("Placement").select_option(label="Group home or congregate care")
    page.get_by_label("County").fill("North County")
    page.get_by_label("Office").fill("Riverside office")
    expect(page.get_by_label("Team")).to_have_value(str(team_a.pk))
    page.get_by_label("Known history of running away").check()
    page.get_by_role("button", name="Create case").click()

    # The case page names the youth by the chosen name and pronouns, before anything else.
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(r"^\s*Dani\s+\(they/them\)\s*$"))
    expect(page.get_by_role("status")).to_have_text("Case A-2042 created.")
    expect(page.locator(".youth-heading")).to_contain_text("Legal name: Daniel Jesús Ortega")
    record = page.get_by_role("region", name="Case record")
    expect(record.locator("dt").first).to_have_text("Chosen name")
    expect(record.locator("dd").first).to_have_text("Dani")
    expect(record.locator("dd").nth(1)).to_have_text("they/them")
    check_accessibility(page)

    case = Case.objects.get(case_number="A-2042")
    assert page.url.endswith(f"/cases/{case.pk}/")
    assert (case.assigned_caseworker, case.team, case.created_by) == (caseworker, team_a, caseworker)
    assert (case.date_of_birth, case.placement_type) == (date_of_birth, Case.Placement.CONGREGATE)
    assert case.interpreter_needed and case.known_runaway_history

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cases").click()
    expect(page.get_by_role("heading", name="Cases", level=1)).to_be_visible()
    expect(page.get_by_text("2 cases")).to_be_visible()
    check_accessibility(page)

    # Found by the legal surname, listed under the chosen name.
    page.get_by_role("search").get_by_label("Search").fill("Ortega")
    page.get_by_role("search").get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/cases/\?.*q=Ortega"))
    expect(page.get_by_text("1 case", exact=True)).to_be_visible()
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows).to_have_count(2)  # the header and the case
    row = rows.filter(has_text="A-2042")
    expect(row.get_by_role("link", name="Dani")).to_have_attribute("href", f"/cases/{case.pk}/")
    expect(row).to_contain_text("(they/them)")
    expect(row).to_contain_text("Legal name: Daniel Jesús Ortega")
    expect(row).to_contain_text("Group home or congregate care")
    expect(page.get_by_role("link", name="Lexi")).to_have_count(0)
    check_accessibility(page)


def test_anonymous_visitor_is_sent_to_the_login_page(page):
    page.goto("/cases/")

    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/cases/$"))
    expect(page.get_by_role("heading", name="Log in", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Cases")).to_have_count(0)
    check_accessibility(page)
