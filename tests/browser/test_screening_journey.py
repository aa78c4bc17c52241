"""The screening journey of issue 4 (with the outcome of issue 11), in Chromium.

A caseworker records a youth's return from a missing-from-care episode (recovered at a motel),
sees the screening due on the case and on the home page, completes the brief indicator tool
(what the record says is filled in; two more indicators: possible concern), starts the in-depth
interview (what Tier 1 established is not asked again), records a declined question and a
disclosure (clear concern, identified: stop questioning, forensic interview, hotline numbers) and
marks one action of the checklist done with a report number. Every page is checked with axe.
"""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from cases.models import MissingEpisode
from screening.models import GuidanceAction, Screening
from tests.dates import shown_at
from tests.screening.conftest import T1_INDICATOR_A, T1_INDICATOR_B, T2_DECLINED, T2_DISCLOSURE, library

from .axe import check_accessibility

__all__ = ["library"]  # the fixture, imported for the tests below

HOTLINE = "1-888-373-7888"


def _local_input(moment: datetime.datetime) -> str:
    """The value of a datetime-local input, in the site's time zone."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def answer(page, code: str, value: str) -> None:
    page.locator(f"#item-{code} input[type=radio][value={value}]").check()


def test_caseworker_screens_a_youth_back_from_missing(page, log_in, caseworker, youth_case, library):
    now = timezone.now().replace(second=0, microsecond=0)
    went_missing, returned = now - datetime.timedelta(days=2), now - datetime.timedelta(hours=3)

    log_in(caseworker)

    # The youth's case.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cases").click()
    expect(page.get_by_role("heading", name="Cases", level=1)).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Lexi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Lexi\s+\(she/her\)"))
    expect(page.get_by_text("No screening yet.")).to_be_visible()
    check_accessibility(page)

    # Record the return from a missing episode, both reports made.
    page.get_by_role("link", name="Record a missing-from-care episode").click()
    expect(page.get_by_role("heading", name="Record a missing-from-care episode")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Went missing at").fill(_local_input(went_missing))
    page.get_by_label("Reported to law enforcement at").fill(
        _local_input(went_missing + datetime.timedelta(hours=2))
    )
    page.get_by_label("Law enforcement report number").fill("PD-24-5521")
    page.get_by_label("Reported to NCMEC at").fill(_local_input(went_missing + datetime.timedelta(hours=3)))
    page.get_by_label("NCMEC case number").fill("NCMEC-1400123")
    page.get_by_label("Returned or recovered at").fill(_local_input(returned))
    page.get_by_label("Where recovered").select_option(label="Hotel or motel")
    page.get_by_role("button", name="Save episode").click()

    # Screening due on the case page (the reports are made: only the screening is due).
    due_by = shown_at(returned + datetime.timedelta(hours=24))
    panel = page.get_by_role("region", name="Screening", exact=True)
    due = panel.get_by_role("alert").filter(has_text="Screening due after a return from missing")
    expect(due).to_contain_text(f"due by {due_by}")
    expect(due).not_to_contain_text("Overdue")
    expect(panel.get_by_role("alert")).to_have_count(1)
    episodes = page.get_by_role("region", name="Missing-from-care episodes")
    expect(episodes).to_contain_text("PD-24-5521")
    expect(episodes).to_contain_text("NCMEC-1400123")
    check_accessibility(page)
    episode = MissingEpisode.objects.get(case=youth_case)
    assert (episode.went_missing_at, episode.returned_at) == (went_missing, returned)

    # ... and on the home page.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Home").click()
    due_section = page.get_by_role("region", name=re.compile(r"^Due and overdue"))
    row = due_section.get_by_role("row").filter(has_text="Lexi")
    expect(row).to_contain_text("Screening due after a return from missing")
    expect(row).to_contain_text(due_by)
    expect(row.get_by_text("due", exact=True)).to_be_visible()
    check_accessibility(page)

    # Start from the due link: the context and the episode are chosen already.
    row.get_by_role("link", name="Start screening for Lexi").click()
    expect(page.get_by_role("heading", name="Start a screening")).to_be_visible()
    expect(page.get_by_label("Return from a missing-from-care episode")).to_be_checked()
    expect(page.get_by_label("Which return from missing?")).to_have_value(str(episode.pk))
    expect(page.get_by_role("radio", name=re.compile(r"^Tier 1: brief indicator tool"))).to_be_checked()
    check_accessibility(page)
    page.get_by_role("button", name="Start", exact=True).click()

    # Tier 1: two indicators yes, everything else no.
    form = page.locator("#screening-form")
    expect(form).to_be_visible()
    tier1 = Screening.objects.get(case=youth_case)
    assert (tier1.context, tier1.episode, tier1.tier) == ("return_from_missing", episode, 1)
    expect(page.locator(".youth-banner")).to_contain_text("Lexi")
    expect(page.locator(".youth-banner")).to_contain_text("(she/her)")
    check_accessibility(page)
    # Where the youth was recovered is on the record: filled in, not asked again, editable.
    motel = page.locator("#item-T1-MT-03")
    expect(motel.get_by_role("radio", name="Yes")).to_be_checked()
    expect(motel).to_contain_text("from the record")
    expect(motel).to_contain_text("Hotel or motel")
    ids = form.locator(".item-row").evaluate_all("rows => rows.map(row => row.id)")
    codes = [i.removeprefix("item-") for i in ids]
    assert T1_INDICATOR_A in codes and T1_INDICATOR_B in codes and len(codes) > 10
    for code in codes:
        if code != "T1-MT-03":
            answer(page, code, "yes" if code in (T1_INDICATOR_A, T1_INDICATOR_B) else "no")
    expect(page.locator(f"#item-{T1_INDICATOR_A}").get_by_role("radio", name="Yes")).to_be_checked()
    page.get_by_role("button", name="Submit and see the result").click()

    # Possible concern (signs, however many, are not identification); Tier 2 follows.
    expect(page.get_by_role("heading", name="Screening outcome")).to_be_visible()
    expect(page.locator("#level-heading")).to_contain_text("Possible concern")
    texts = {i["code"]: i["text"] for i in tier1.presented_items()}
    why = page.locator("#outcome")
    for code in (T1_INDICATOR_A, T1_INDICATOR_B, "T1-MT-03"):
        expect(why.get_by_role("listitem").filter(has_text=texts[code]).first).to_contain_text("— Yes")
    expect(page.get_by_text("This is a screening outcome, not legal evidence")).to_be_visible()
    check_accessibility(page)
    tier1.refresh_from_db()
    assert tier1.status == Screening.Status.SUBMITTED and tier1.level == "possible"
    assert {k for k, v in tier1.answers.items() if v == "yes"} == {T1_INDICATOR_A, T1_INDICATOR_B, "T1-MT-03"}

    page.get_by_role("button", name=re.compile(r"^Start Tier 2")).click()

    # Before the first question: the setting checklist.
    expect(page.get_by_role("heading", name="Before the first question")).to_be_visible()
    expect(page.locator(".youth-banner")).to_contain_text("Return from a missing-from-care episode")
    check_accessibility(page)
    page.get_by_label(re.compile(r"We are in a private setting")).check()
    page.get_by_label(re.compile(r"I explained what I must share")).check()
    page.get_by_label(re.compile(r"I told the youth why I am asking")).check()
    page.get_by_label(re.compile(r"Not needed")).check()
    page.get_by_role("button", name="Begin the interview").click()

    # The interview: the return's own questions are there; one declined, then the disclosure.
    expect(page.locator("#screening-form")).to_be_visible()
    expect(page.get_by_role("group", name="While you were away")).to_be_visible()
    check_accessibility(page)
    tier2 = Screening.objects.get(case=youth_case, follows=tier1)
    assert (tier2.context, tier2.episode, tier2.tier) == ("return_from_missing", episode, 2)
    # Tier 1 established where the youth stayed: shown, not asked.
    stayed = page.locator("#item-T2-RM-02")
    expect(stayed).to_contain_text("Established by the brief screen")
    expect(stayed.get_by_role("radio")).to_have_count(0)
    page.locator(f"#item-{T2_DECLINED}").get_by_role("radio", name="Declined to answer").check()
    disclosure = page.locator(f"#item-{T2_DISCLOSURE}")
    expect(disclosure.get_by_role("alert")).to_be_hidden()
    disclosure.get_by_role("radio", name="Yes").check()
    # The stop shows where the disclosure was answered, with a way to submit at once.
    expect(disclosure.get_by_role("alert")).to_contain_text("Stop questioning here.")
    disclosure.get_by_role("button", name="Submit now").click()

    # Clear concern, identified: stop, forensic interview, hotline numbers.
    expect(page.get_by_role("heading", name="Screening outcome")).to_be_visible()
    expect(page.locator("#level-heading")).to_contain_text("Clear concern")
    expect(page.locator("#level-heading")).to_contain_text("Identified: sex trafficking")
    expect(page.locator("#tiers")).to_contain_text("Possible concern")  # Tier 1's own result beneath
    stop = page.locator("#stop")
    expect(stop).to_have_attribute("role", "alert")
    expect(stop.get_by_role("heading", name="Stop questioning")).to_be_visible()
    expect(stop).to_contain_text("Child Advocacy Center")
    checklist = page.get_by_role("region", name="Guidance checklist")
    expect(
        checklist.get_by_role("heading", name=re.compile("forensic interview at a Child Advocacy Center"))
    ).to_be_visible()
    numbers = page.get_by_role("region", name="Numbers", exact=True)
    expect(numbers.get_by_role("link", name=HOTLINE)).to_have_attribute("href", f"tel:{HOTLINE}")
    expect(numbers).to_contain_text("text 233733")
    answers = page.get_by_role("region", name="Tier 2: in-depth interview: answers")
    expect(answers.get_by_role("row").filter(has_text="safe place to sleep")).to_contain_text(
        "Declined to answer"
    )
    # Nothing asks for more questions (the interview Tier 1 asked for is done: this was it).
    for more in ("Start Tier 2", "Start the interview again"):
        expect(page.get_by_role("button", name=more)).to_have_count(0)
    expect(page.get_by_role("region", name="Next step")).to_contain_text("Questioning stops here")
    assert not GuidanceAction.objects.filter(
        screening__case=youth_case, status="open", continues_screening=True
    ).exists()
    check_accessibility(page)
    tier2.refresh_from_db()
    assert (tier2.status, tier2.level) == (Screening.Status.SUBMITTED, "clear")
    assert tier2.stopped_on_disclosure
    assert tier2.answers == {T2_DECLINED: "declined", T2_DISCLOSURE: "yes", "T2-RM-02": "yes"}

    # Mark the report to law enforcement done, with its report number.
    action = tier2.actions.get(code="report-law-enforcement")
    card = page.locator(f"#action-{action.pk}")
    card.get_by_text("Record the outcome").click()
    card.get_by_role("radio", name="Done").check()
    # A mandated report is not done without its number.
    card.get_by_role("button", name="Save outcome").click()
    card = page.locator(f"#action-{action.pk}")
    expect(card).to_contain_text("Give the report number: a mandated report is done only with it.")
    check_accessibility(page)
    card.get_by_role("radio", name="Done").check()
    card.get_by_label("Report number").fill("PD-24-5580")
    card.get_by_role("button", name="Save outcome").click()

    closed = page.get_by_role("status").filter(has_text="“Report to law enforcement” is closed.")
    expect(closed).to_be_visible()
    card = page.locator(f"#action-{action.pk}")
    expect(card).to_contain_text("recorded by Casey Moreno")
    expect(card).to_contain_text("Report number: PD-24-5580")
    expect(card.get_by_role("button", name="Save outcome")).to_have_count(0)
    # The page opens at the action (#action-N), not hidden under the sticky youth banner.
    expect(page).to_have_url(re.compile(rf"#action-{action.pk}$"))
    expect(card.get_by_role("heading")).to_be_in_viewport()
    banner = page.locator(".youth-banner").bounding_box()
    assert card.bounding_box()["y"] >= banner["y"] + banner["height"] - 1
    check_accessibility(page)
    action.refresh_from_db()
    assert (action.status, action.closed_by, action.reference) == (
        GuidanceAction.Status.DONE,
        caseworker,
        "PD-24-5580",
    )
    assert action.done_at is not None

    # The case page: no screening due any more; the other actions stay open.
    page.get_by_role("link", name="Back to the case").click()
    panel = page.get_by_role("region", name="Screening", exact=True)
    expect(panel.get_by_text("Open guidance actions")).to_be_visible()
    expect(panel.get_by_role("alert")).to_have_count(0)
    expect(panel.get_by_role("link", name="Report to law enforcement", exact=True)).to_have_count(0)
    check_accessibility(page)
