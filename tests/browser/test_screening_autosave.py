"""Nothing lost (issue 4, item 4): autosave, a reload, an expired session, a second tab.

The form saves itself (static/js/screening-autosave.js) and keeps answers not yet saved in
the tab's sessionStorage; a save based on an older copy is refused and shown.
"""

import re

from playwright.sync_api import expect

from screening.models import Screening
from tests import factories
from tests.screening.conftest import library, tier1_draft

from .axe import check_accessibility

__all__ = ["library", "tier1_draft"]  # fixtures, imported for the tests below

SAVED = re.compile(r"^Saved at \d{1,2}:\d\d [AP]M$")


def open_draft(page, screening):
    page.goto(screening.get_absolute_url())
    expect(page.locator("#screening-form")).to_be_visible()
    expect(page.get_by_role("heading", name=screening.instrument_name)).to_be_visible()
    check_accessibility(page)


def item_codes(page) -> list[str]:
    ids = page.locator("#screening-form .item-row").evaluate_all("rows => rows.map(r => r.id)")
    return [i.removeprefix("item-") for i in ids]


def radio(page, code, value):
    return page.locator(f"#item-{code} input[type=radio][value={value}]")


def answer(page, code, value):
    radio(page, code, value).check()


def wait_until_saved(page, screening):
    """The status says "Saved at ..." and nothing is left waiting in the tab's storage."""
    expect(page.get_by_role("status").filter(has_text="Saved at")).to_have_text(SAVED)
    page.wait_for_function(
        "key => sessionStorage.getItem(key) === null", arg=f"screening-draft-{screening.pk}"
    )


def expect_below_the_banner(page, locator):
    """Not hidden under the sticky youth banner at the top of the screen."""
    expect(locator).to_be_in_viewport()
    banner = page.locator(".youth-banner").bounding_box()
    assert locator.bounding_box()["y"] >= banner["y"] + banner["height"] - 1


def saved_answers(screening) -> dict:
    return Screening.objects.get(pk=screening.pk).answers


def test_answers_survive_a_reload(page, log_in, caseworker, tier1_draft):
    log_in(caseworker)
    open_draft(page, tier1_draft)
    codes = item_codes(page)
    half = codes[: len(codes) // 2]
    values = ["yes", "no", "unknown"]
    expected = {code: values[i % 3] for i, code in enumerate(half)}

    for code, value in expected.items():
        answer(page, code, value)
    note_of_first = page.locator(f"#item-{half[0]}")
    note_of_first.get_by_role("button", name="Add note").click()
    note_of_first.get_by_role("textbox", name=re.compile(r"^Note on: ")).fill("Said so at the team meeting.")
    wait_until_saved(page, tier1_draft)
    assert saved_answers(tier1_draft) == expected
    assert Screening.objects.get(pk=tier1_draft.pk).notes == {half[0]: "Said so at the team meeting."}

    page.reload()
    expect(page.locator("#screening-form")).to_be_visible()
    # Shown as the server rendered them: nothing had to be restored from the tab's copy.
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^Last saved \d{1,2}:\d\d [AP]M$"))
    for code, value in expected.items():
        expect(radio(page, code, value)).to_be_checked()
    for code in codes[len(half) :]:
        expect(page.locator(f"#item-{code} input[type=radio]:checked")).to_have_count(0)
    expect(note_of_first.get_by_role("textbox")).to_have_value("Said so at the team meeting.")
    check_accessibility(page)
    assert saved_answers(tier1_draft) == expected


def test_answers_survive_an_expired_session(page, context, log_in, caseworker, tier1_draft):
    log_in(caseworker)
    open_draft(page, tier1_draft)
    codes = item_codes(page)
    first = dict.fromkeys(codes[:4], "no")
    for code, value in first.items():
        answer(page, code, value)
    wait_until_saved(page, tier1_draft)
    assert saved_answers(tier1_draft) == first

    # The session ends (timeout, logout in another tab...), and the caseworker keeps working.
    context.clear_cookies()
    answer(page, codes[4], "unknown")
    answer(page, codes[0], "yes")
    status = page.get_by_role("status")
    expect(status).to_contain_text("Your session has expired.")
    expect(status).to_contain_text("Your answers are kept in this browser tab.")
    assert saved_answers(tier1_draft) == first

    login_link = status.get_by_role("link", name="Log in again to save them")
    expect(login_link).to_have_attribute("href", f"/accounts/login/?next={tier1_draft.get_absolute_url()}")
    # The answers are safe in the tab: following the link asks no "Leave site?" question.
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    login_link.click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    assert dialogs == []
    check_accessibility(page)
    page.get_by_label("Username").fill(caseworker.username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # Back on the screening: the answers made after the session ended are there, and saved.
    expect(page).to_have_url(re.compile(rf"{tier1_draft.get_absolute_url()}$"))
    expect(page.locator("#screening-form")).to_be_visible()
    expected = {**first, codes[4]: "unknown", codes[0]: "yes"}
    for code, value in expected.items():
        expect(radio(page, code, value)).to_be_checked()
    wait_until_saved(page, tier1_draft)
    assert saved_answers(tier1_draft) == expected
    check_accessibility(page)


def test_a_second_tab_is_shown_the_difference(page, context, log_in, caseworker, tier1_draft):
    log_in(caseworker)
    open_draft(page, tier1_draft)
    codes = item_codes(page)
    other = context.new_page()
    open_draft(other, tier1_draft)

    # The first tab saves.
    answer(page, codes[0], "yes")
    answer(page, codes[1], "no")
    wait_until_saved(page, tier1_draft)
    assert saved_answers(tier1_draft) == {codes[0]: "yes", codes[1]: "no"}

    # The second tab, loaded before that save, answers the same item differently.
    answer(other, codes[0], "no")
    conflict = other.get_by_role("alert").filter(has_text="saved elsewhere")
    expect(conflict.get_by_role("heading")).to_have_text(
        "This screening was saved elsewhere while you were working"
    )
    table = conflict.get_by_role("table")
    expect(table.get_by_role("columnheader")).to_have_text(["Item", "Saved now", "Yours"])
    text = other.locator(f"#item-{codes[0]} legend").first.inner_text()
    expect(table.get_by_role("row").nth(1)).to_have_text(re.compile(rf"^\s*{re.escape(text)}\s*Yes\s*No\s*$"))
    # The answer the first tab added, absent here, is a difference too.
    expect(table.get_by_role("row")).to_have_count(3)
    expect(other.get_by_role("status")).to_contain_text("Not saved: see the message at the top.")
    expect(other.get_by_role("button", name="Load the saved answers")).to_be_visible()
    # Scrolled to, and readable: not under the sticky banner.
    expect(other.locator("#conflict-slot")).to_be_focused()
    other.wait_for_timeout(300)  # the scroll settles
    expect_below_the_banner(other, conflict.get_by_role("heading"))
    check_accessibility(other)
    # Nothing was overwritten.
    assert saved_answers(tier1_draft) == {codes[0]: "yes", codes[1]: "no"}

    other.get_by_role("button", name="Keep my answers").click()
    expect(conflict).to_have_count(0)
    wait_until_saved(other, tier1_draft)
    assert saved_answers(tier1_draft) == {codes[0]: "no"}
    check_accessibility(other)
    other.close()


def test_submitting_while_an_autosave_is_on_its_way(page, log_in, caseworker, tier1_draft):
    """A slow network: the autosave reached the server, its reply has not come back yet,
    and the caseworker changes one more answer and submits. The submission is not refused
    as a conflict with this tab's own autosave."""
    log_in(caseworker)
    open_draft(page, tier1_draft)
    codes = item_codes(page)

    held = []

    def hold_the_reply(route):
        if held:  # only the first autosave is slow
            route.continue_()
            return
        held.append((route, route.fetch()))  # the server has the request; the page waits

    page.route(re.compile(r"/screenings/\d+/save/$"), hold_the_reply)
    for code in codes[:-1]:
        answer(page, code, "no")
    expect(page.get_by_role("status")).to_have_text("Saving…")
    for _ in range(50):  # the autosave has reached the server (handlers run while Playwright waits)
        if held:
            break
        page.wait_for_timeout(100)
    assert held and len(saved_answers(tier1_draft)) == len(codes) - 1

    answer(page, codes[-1], "unknown")
    page.get_by_role("button", name="Submit and see the result").click()
    # The form waits for the autosave's reply, then posts with the version it brings.
    expect(page.get_by_role("status")).to_have_text("Saving…")
    route, response = held[0]
    route.fulfill(response=response)

    expect(page.get_by_role("heading", name="Screening outcome")).to_be_visible()
    expect(page.locator("#level-heading")).to_contain_text("No concern indicated")
    check_accessibility(page)
    submitted = Screening.objects.get(pk=tier1_draft.pk)
    assert submitted.status == Screening.Status.SUBMITTED
    assert submitted.answers == {**dict.fromkeys(codes[:-1], "no"), codes[-1]: "unknown"}
