"""Interview mode on a phone (issue 15, point 3), in Chromium at 390 x 844: a caseworker answers the
in-depth interview with the youth beside the screen, one section at a time, the suggested words
first; the youth discloses, and the screen shows only the words to say next. Nothing on the way
shows a level, the case number, another youth or the navigation; the result shows only after the
caseworker leaves the mode, on a second step that asks to make sure the youth cannot see it.
"""

import re

from playwright.sync_api import expect

from screening.models import Screening
from tests import factories
from tests.screening.conftest import (
    T2_DECLINED,
    T2_DISCLOSURE,
    confirm_setting,
    library,
    tier1_possible,
    tier2_draft,
)

from .axe import check_accessibility

__all__ = ["library", "tier1_possible", "tier2_draft"]  # fixtures, imported for the tests below

PHONE = {"width": 390, "height": 844}
LEVELS = re.compile("No concern indicated|Possible concern|Clear concern")


def expect_nothing_revealing(page, case, other):
    """What the youth beside the screen could see: no level, case number, other youth or menu."""
    body = page.locator("body")
    expect(body).not_to_contain_text(LEVELS)
    expect(body).not_to_contain_text(case.case_number)
    expect(body).not_to_contain_text(other.display_name)
    expect(page.get_by_role("navigation")).to_have_count(0)
    expect(page.get_by_role("link", name="Cases")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_tier2_interview_in_interview_mode_on_a_phone(
    page, log_in, caseworker, youth_case, tier2_draft, team_a
):
    other = factories.CaseFactory(
        case_number="A-1002", chosen_name="Dee", team=team_a, assigned_caseworker=caseworker
    )
    interview = confirm_setting(caseworker, tier2_draft)
    sections = interview.sections()
    page.set_viewport_size(PHONE)
    log_in(caseworker)

    page.goto(interview.get_absolute_url())
    expect(page.locator("#screening-form")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_have_count(1)
    check_accessibility(page)
    page.get_by_role("button", name="Interview mode").click()

    # One section at a time, in large type, the suggested words first.
    expect(page.locator(".interview-section:visible")).to_have_count(1)
    first = page.locator(f"#section-{sections[0]['code']}")
    expect(first).to_be_visible()
    expect(first.get_by_text(f"Section 1 of {len(sections)}")).to_be_visible()
    expect(page.get_by_text("Lexi", exact=True)).to_be_visible()
    expect_nothing_revealing(page, youth_case, other)
    check_accessibility(page)
    phrasing = first.locator(".interview-phrasing").first
    assert float(phrasing.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 20

    answered = {}
    for number, section in enumerate(sections, start=1):
        shown = page.locator(f"#section-{section['code']}")
        expect(shown).to_be_visible()
        expect(shown.get_by_text(f"Section {number} of {len(sections)}")).to_be_visible()
        for item in section["items"]:
            if item["code"] in interview.established or item["code"] == T2_DISCLOSURE:
                continue
            value = "Declined to answer" if item["code"] == T2_DECLINED else "No"
            label = shown.locator(f"#item-{item['code']} .answer-label").filter(
                has_text=re.compile(f"^{value}$")
            )
            box = label.bounding_box()
            assert box["height"] >= 44
            label.click()  # a tap on the whole answer
            answered[item["code"]] = "declined" if value.startswith("Declined") else "no"
        expect(page.locator("#form-actions [data-progress='']")).to_contain_text(f"{len(answered)} of")
        if number == 2:
            # A reload opens the same section, and the mode stays.
            page.wait_for_function(
                "key => sessionStorage.getItem(key) === null", arg=f"screening-draft-{interview.pk}"
            )
            page.reload()
            expect(page.locator(f"#section-{section['code']}")).to_be_visible()
            expect(page.get_by_role("navigation")).to_have_count(0)
            check_accessibility(page)
        if section["code"] != sections[-1]["code"]:
            expect_nothing_revealing(page, youth_case, other)
            shown.get_by_role("button", name="Next section").click()
            expect(
                page.locator(f"#section-{sections[number]['code']} .interview-section-title")
            ).to_be_focused()

    # The disclosure: only the words to say next, and the way to finish; nothing asks for more.
    disclosure = page.locator(f"#item-{T2_DISCLOSURE}")
    disclosure.locator(".answer-label").filter(has_text=re.compile("^Yes$")).click()
    stop = disclosure.get_by_role("alert")
    expect(stop).to_contain_text("Thank you for telling me. You are not in trouble")
    expect(stop).not_to_contain_text(re.compile("forensic|report|Stop questioning", re.I))
    expect(page.get_by_role("button", name="Previous section")).to_have_count(0)
    expect(page.get_by_role("link", name="Next unanswered")).to_be_hidden()
    expect_nothing_revealing(page, youth_case, other)
    check_accessibility(page)
    stop.get_by_role("button", name="Finish").click()

    # Submitted: a neutral page, no level.
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    expect_nothing_revealing(page, youth_case, other)
    check_accessibility(page)
    submitted = Screening.objects.get(pk=interview.pk)
    assert submitted.status == Screening.Status.SUBMITTED and submitted.level == "clear"
    assert submitted.answers == {
        **answered,
        T2_DISCLOSURE: "yes",
        **{c: e["answer"] for c, e in interview.established.items()},
    }

    # Leaving asks first; staying is a choice too.
    page.get_by_role("link", name="Leave interview mode").click()
    expect(page.get_by_text("Make sure the youth cannot see the screen.")).to_be_visible()
    expect_nothing_revealing(page, youth_case, other)
    check_accessibility(page)
    page.get_by_role("link", name="Stay in interview mode").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Leave interview mode").click()
    page.get_by_role("button", name=re.compile("leave interview mode$")).click()

    # Now the result.
    expect(page.get_by_role("heading", name="Screening outcome")).to_be_visible()
    expect(page.locator("#level-heading")).to_contain_text("Clear concern")
    expect(page.get_by_role("navigation", name="Main")).to_have_count(1)
    check_accessibility(page)
