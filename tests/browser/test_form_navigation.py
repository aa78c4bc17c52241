"""Finding one's way in a long screening form (issue 15, point 2), in Chromium: the counts of answers
follow the answers as they are chosen, the sections' index jumps to a section, "Next unanswered"
moves focus to the next item without an answer, each item is one tab stop (its answers), and the
note opens with the N key and saves itself. The same on a phone (390 px): big touch targets.
"""

import re

from playwright.sync_api import expect

from screening.models import Screening
from tests.screening.conftest import library, tier1_draft

from .axe import check_accessibility
from .test_screening_autosave import item_codes, open_draft, radio

__all__ = ["library", "tier1_draft"]  # fixtures, imported for the tests below

PHONE = {"width": 390, "height": 844}


def wait_until_saved(page, screening):
    """The status says it saved (at a time, in the site's format), and nothing waits in the tab."""
    expect(page.get_by_role("status").filter(has_text="Saved at")).to_have_text(re.compile(r"^Saved at \d"))
    page.wait_for_function(
        "key => sessionStorage.getItem(key) === null", arg=f"screening-draft-{screening.pk}"
    )


def overall(page):
    return page.locator("#form-actions [data-progress='']")


def section_count(page, code):
    return page.locator(f"#section-index [data-progress='{code}']")


def focused_item(page) -> str:
    """The item (its code) the focused element belongs to, or "" if none."""
    return page.evaluate(
        "() => { const row = document.activeElement && document.activeElement.closest('.item-row');"
        " return row ? row.id.replace(/^item-/, '') : ''; }"
    )


def test_progress_follows_the_answers_and_the_index_jumps(page, log_in, caseworker, tier1_draft):
    sections = tier1_draft.sections()
    total = len(tier1_draft.asked_items())
    log_in(caseworker)
    open_draft(page, tier1_draft)
    codes = item_codes(page)
    first = sections[0]
    expect(overall(page)).to_have_text(f"0 of {total} answered")
    expect(section_count(page, first["code"])).to_have_text(f"0 of {len(first['items'])} answered")
    current = page.locator("[data-progress-current]")
    expect(current).to_have_text(f"{first['title']}: 0 of {len(first['items'])}")

    radio(page, codes[0], "yes").check()
    radio(page, codes[1], "unknown").check()
    expect(overall(page)).to_have_text(f"2 of {total} answered")
    expect(section_count(page, first["code"])).to_have_text(f"2 of {len(first['items'])} answered")
    expect(current).to_have_text(f"{first['title']}: 2 of {len(first['items'])}")
    # Changing an answer is not one more.
    radio(page, codes[0], "no").check()
    expect(overall(page)).to_have_text(f"2 of {total} answered")
    wait_until_saved(page, tier1_draft)
    assert Screening.objects.get(pk=tier1_draft.pk).answers == {codes[0]: "no", codes[1]: "unknown"}

    # The index: to the fifth section, whose count the sticky bar then shows.
    fifth = sections[4]
    page.locator("#section-index").get_by_role("link", name=fifth["title"], exact=True).click()
    expect(page).to_have_url(re.compile(rf"#section-{fifth['code']}$"))
    legend = page.locator(f"#section-{fifth['code']} > legend")
    expect(legend).to_be_in_viewport()
    expect(current).to_contain_text(fifth["title"])
    check_accessibility(page)
    # ... and back to the index from the sticky bar.
    page.locator("#form-actions").get_by_role("link", name="Sections").click()
    expect(page.locator("#section-index-heading")).to_be_in_viewport()

    # A reload: the server's counts are the same.
    page.reload()
    expect(overall(page)).to_have_text(f"2 of {total} answered")
    check_accessibility(page)


def test_next_unanswered_goes_to_the_next_item_without_an_answer(page, log_in, caseworker, tier1_draft):
    log_in(caseworker)
    open_draft(page, tier1_draft)
    codes = item_codes(page)
    for code in (codes[0], codes[1], codes[3]):
        radio(page, code, "no").check()
    next_unanswered = page.get_by_role("link", name="Next unanswered")

    # From the item worked on (the second), the first without an answer after it: the third.
    radio(page, codes[1], "no").focus()
    next_unanswered.click()
    expect(page.locator(f"#item-{codes[2]} input[type=radio]").first).to_be_focused()
    expect(page.locator(f"#item-{codes[2]}")).to_be_in_viewport()
    # Answered by keyboard (Space on the focused answer); the next is after the fourth (answered).
    page.keyboard.press("Space")
    expect(radio(page, codes[2], "yes")).to_be_checked()
    next_unanswered.click()
    expect(page.locator(f"#item-{codes[4]} input[type=radio]").first).to_be_focused()

    # From the last item, it goes round to the first without an answer.
    radio(page, codes[-1], "no").check()
    next_unanswered.click()
    expect(page.locator(f"#item-{codes[4]} input[type=radio]").first).to_be_focused()
    check_accessibility(page)


def test_every_item_is_one_tab_stop_and_the_note_opens_by_key(page, log_in, caseworker, tier1_draft):
    log_in(caseworker)
    open_draft(page, tier1_draft)
    codes = item_codes(page)
    radio(page, codes[1], "unknown").check()

    # Tab goes from one item's answers to the next item's: no note, no button in between.
    radio(page, codes[0], "yes").focus()
    for code in codes[1:6]:
        page.keyboard.press("Tab")
        assert focused_item(page) == code
    # The checked answer is the group's tab stop; Shift+Tab goes back one item at a time.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert focused_item(page) == codes[1]
    expect(radio(page, codes[1], "unknown")).to_be_focused()
    # Enter on an answer submits nothing.
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert Screening.objects.get(pk=tier1_draft.pk).status == Screening.Status.DRAFT

    # N opens the item's note and puts the cursor in it; the note saves itself.
    row = page.locator(f"#item-{codes[1]}")
    note = row.get_by_role("textbox", name=re.compile(r"^Note on: "))
    expect(note).to_be_hidden()
    expect(row.get_by_role("button", name="Add note")).to_be_visible()
    page.keyboard.press("n")
    expect(note).to_be_visible()
    expect(note).to_be_focused()
    page.keyboard.type("Her foster mother saw a second phone.")
    expect(row.get_by_role("button", name="Add note")).to_be_hidden()
    wait_until_saved(page, tier1_draft)
    saved = Screening.objects.get(pk=tier1_draft.pk)
    assert saved.notes == {codes[1]: "Her foster mother saw a second phone."}
    assert saved.answers == {codes[1]: "unknown"}
    # Escape goes back to the item's answers; the note with text stays open, and is no tab stop.
    page.keyboard.press("Escape")
    expect(radio(page, codes[1], "unknown")).to_be_focused()
    expect(note).to_be_visible()
    page.keyboard.press("Tab")
    assert focused_item(page) == codes[2]
    # An empty note closes when left; "Add note" (touch, mouse) opens it too.
    other = page.locator(f"#item-{codes[3]}")
    other.get_by_role("button", name="Add note").click()
    expect(other.get_by_role("textbox")).to_be_focused()
    radio(page, codes[3], "no").focus()
    expect(other.get_by_role("textbox")).to_be_hidden()
    check_accessibility(page)

    # After a reload the note with text is shown open.
    wait_until_saved(page, tier1_draft)
    page.reload()
    expect(note).to_be_visible()
    expect(note).to_have_value("Her foster mother saw a second phone.")
    expect(row.get_by_role("button", name="Add note")).to_be_hidden()
    expect(other.get_by_role("textbox")).to_be_hidden()
    check_accessibility(page)


def test_on_a_phone_the_answers_are_big_touch_targets(page, log_in, caseworker, tier1_draft):
    page.set_viewport_size(PHONE)
    log_in(caseworker)
    open_draft(page, tier1_draft)
    codes = item_codes(page)
    # Nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    row = page.locator(f"#item-{codes[0]}")
    for label in row.locator(".answer-label").all():
        box = label.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, box
    # A tap anywhere on the answer's area chooses it.
    label = row.locator(".answer-label").filter(has_text="Unknown")
    box = label.bounding_box()
    label.click(position={"x": box["width"] - 8, "y": box["height"] - 6})
    expect(radio(page, codes[0], "unknown")).to_be_checked()
    expect(overall(page)).to_contain_text("1 of")
    for control in (
        page.locator("#form-actions").get_by_role("link", name="Next unanswered"),
        page.locator("#form-actions").get_by_role("link", name="Sections"),
        page.get_by_role("button", name="Save draft"),
        page.get_by_role("button", name="Submit and see the result"),
        row.get_by_role("button", name="Add note"),
    ):
        assert control.bounding_box()["height"] >= 44, control
    row.get_by_role("button", name="Add note").click()
    expect(row.get_by_role("textbox")).to_be_focused()
    wait_until_saved(page, tier1_draft)
    check_accessibility(page)
