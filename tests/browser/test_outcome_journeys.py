"""The outcome a caseworker can trust (issue 11), in Chromium.

1. Silence is not safety: one Tier 1 indicator, then an interview the youth declines throughout.
   The screening reads Possible concern, "Interview not completed", offers the interview again,
   and waits in the supervisor's queue.
2. A 6-year-old whose parents traded him for drugs (seed 002's first example): the exchange is
   known, so the outcome is Clear and identified, questioning stops, the forensic interview at a
   Child Advocacy Center is the route, and no interview is offered (he is younger than it is for).
Every page is checked with axe.
"""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from screening.models import Screening
from tests import factories
from tests.screening.conftest import library

from .axe import check_accessibility

__all__ = ["library"]  # the fixture, imported for the tests below


def answer(page, code: str, value: str) -> None:
    page.locator(f"#item-{code} input[type=radio][value={value}]").check()


def answer_every_item(page, value: str, **overrides) -> None:
    ids = page.locator("#screening-form .item-row").evaluate_all("rows => rows.map(row => row.id)")
    for code in (i.removeprefix("item-") for i in ids):
        if page.locator(f"#item-{code} input[type=radio]").count():
            answer(page, code, overrides.get(code, value))


def start_screening(page, case, context_label: str) -> None:
    page.goto(f"/cases/{case.pk}/")
    check_accessibility(page)
    page.get_by_role("link", name="Start a screening").click()
    expect(page.get_by_role("heading", name="Start a screening")).to_be_visible()
    check_accessibility(page)
    page.get_by_label(context_label).check()
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.locator("#screening-form")).to_be_visible()


def test_an_interview_declined_throughout_is_not_completed_and_waits_for_review(
    page, log_in, browser, live_server, caseworker, supervisor, youth_case, library
):
    log_in(caseworker)
    start_screening(page, youth_case, "General")
    check_accessibility(page)
    answer_every_item(page, "no", **{"T1-RC-04": "yes"})  # significant changes in behavior
    page.get_by_role("button", name="Submit and see the result").click()
    expect(page.locator("#level-heading")).to_contain_text("Possible concern")
    check_accessibility(page)

    page.get_by_role("button", name=re.compile(r"^Start Tier 2")).click()
    page.get_by_label(re.compile(r"We are in a private setting")).check()
    page.get_by_label(re.compile(r"I explained what I must share")).check()
    page.get_by_label(re.compile(r"I told the youth why I am asking")).check()
    page.get_by_label(re.compile(r"Not needed")).check()
    page.get_by_role("button", name="Begin the interview").click()
    expect(page.locator("#screening-form")).to_be_visible()
    answer_every_item(page, "declined")
    page.get_by_role("button", name="Submit and see the result").click()

    # The concern stands; the interview was not completed; it is offered again.
    heading = page.locator("#level-heading")
    expect(heading).to_contain_text("Possible concern")
    expect(heading).to_contain_text("Interview not completed")
    interview = Screening.objects.get(case=youth_case, follows__isnull=False)
    asked = len(interview.asked_items())
    declined = f"Not completed: the youth declined {asked} of {asked} questions"
    expect(page.locator("#tiers")).to_contain_text(declined)
    expect(page.get_by_role("region", name="Next step")).to_contain_text("Offer it again")
    expect(page.get_by_role("button", name="Start the interview again")).to_be_visible()
    checklist = page.get_by_role("region", name="Guidance checklist")
    expect(checklist.get_by_role("heading", name=re.compile("Offer the interview again"))).to_be_visible()
    # Never "No concern indicated" (only the caseworker's own determination may choose it).
    expect(page.locator("#outcome")).not_to_contain_text("No concern indicated")
    expect(page.get_by_role("region", name="Guidance checklist")).not_to_contain_text("No concern indicated")
    check_accessibility(page)

    # The supervisor finds it waiting, read the same way.
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    boss = context.new_page()
    boss.goto("/accounts/login/")
    boss.get_by_label("Username").fill(supervisor.username)
    boss.get_by_label("Password").fill(factories.PASSWORD)
    boss.get_by_role("button", name="Log in").click()
    queue = boss.get_by_role("region", name="Waiting for your review")
    row = queue.get_by_role("row").filter(has_text="Lexi")
    expect(row).to_contain_text("Possible concern")
    expect(row).to_contain_text("interview not completed")
    check_accessibility(boss)
    row.get_by_role("link", name="Review Lexi").click()
    expect(boss.locator("#level-heading")).to_contain_text("Interview not completed")
    check_accessibility(boss)
    context.close()


def test_a_six_year_old_with_an_exchange_known_is_not_interviewed(page, log_in, caseworker, team_a, library):
    today = timezone.localdate()
    teo = factories.CaseFactory(
        team=team_a,
        assigned_caseworker=caseworker,
        legal_name="Mateo Ferreira",
        chosen_name="Teo",
        pronouns="he/him",
        placement_type="kinship",
        date_of_birth=today.replace(year=today.year - 6) - datetime.timedelta(days=40),
    )
    log_in(caseworker)
    page.goto(f"/cases/{teo.pk}/screenings/new/")
    # The interview is not offered for a child his age.
    expect(page.get_by_role("radio", name=re.compile(r"^Tier 1: brief indicator tool"))).to_be_visible()
    expect(page.get_by_role("radio", name=re.compile(r"^Tier 2"))).to_have_count(0)
    check_accessibility(page)
    page.get_by_label("CPS investigation").check()
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.locator("#screening-form")).to_be_visible()
    # No dating apps, no work hours for a 6-year-old.
    expect(page.locator("#item-T1-SX-02")).to_have_count(0)
    expect(page.locator("#item-T1-LB-01")).to_have_count(0)
    check_accessibility(page)
    answer_every_item(page, "no", **{"T1-SX-03": "yes", "T1-FM-01": "yes"})
    page.get_by_role("button", name="Submit and see the result").click()

    heading = page.locator("#level-heading")
    expect(heading).to_contain_text("Clear concern")
    expect(heading).to_contain_text("Identified: sex trafficking")
    expect(heading).to_contain_text("Questioning stopped")
    stop = page.locator("#stop")
    expect(stop.get_by_role("heading", name="Stop questioning")).to_be_visible()
    expect(stop).to_contain_text("forensic interview at a Child Advocacy Center")
    checklist = page.get_by_role("region", name="Guidance checklist")
    expect(
        checklist.get_by_role("heading", name=re.compile("forensic interview at a Child Advocacy Center"))
    ).to_be_visible()
    expect(checklist.get_by_role("heading", name=re.compile("a caregiver may be involved"))).to_be_visible()
    for more in ("Start Tier 2", "Start the interview again"):
        expect(page.get_by_role("button", name=more)).to_have_count(0)
    expect(checklist).not_to_contain_text("Complete the Tier 2")
    check_accessibility(page)
    screening = Screening.objects.get(case=teo)
    assert screening.outcome["identified"] and screening.outcome["next_step"] == "stop"
    assert not screening.follow_ups.exists()
