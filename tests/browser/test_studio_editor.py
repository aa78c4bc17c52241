"""The instrument administrator makes a new draft of Tier 1 in the studio, reorders its sections by
dragging one by its handle and by the Move down button (the keyboard's way, no script needed),
and edits an item's points per answer: each change is saved and shown in order. Every page is
checked with axe."""

from playwright.sync_api import expect

from indicators import lifecycle
from indicators.models import DRAFT, InstrumentVersion
from tests.screening.conftest import library

from .axe import check_accessibility

__all__ = ["library"]  # the fixture


def section_codes(page):
    return page.locator(
        'ol[data-kind="section"] > li.studio-row h3 > span[translate="no"]:first-child'
    ).all_inner_texts()


def test_the_instrument_admin_reorders_a_draft_by_dragging_and_by_keyboard(
    page, log_in, instrument_admin, library
):
    tier1 = library.tier1
    log_in(instrument_admin)
    page.goto(f"/studio/versions/{tier1.pk}/")
    check_accessibility(page)
    page.get_by_role("link", name="New draft from this version").click()
    expect(page.get_by_role("heading", name=f"New draft from version {tier1.number}")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("What this draft will change").fill("Sections in a new order")
    page.get_by_role("button", name="Make the draft").click()
    expect(page.get_by_role("heading", name="Edit", level=1)).to_be_visible()
    check_accessibility(page)
    draft = InstrumentVersion.objects.get(instrument=tier1.instrument, status=DRAFT)
    codes = [s["code"] for s in draft.content["sections"]]
    assert section_codes(page) == codes

    # Both sections on the screen at once: a drag goes where the pointer can go.
    page.set_viewport_size({"width": 1280, "height": 3000})
    # Drag the second section above the first, by its handle (the mouse, as a person drags).
    handle = page.locator(
        'ol[data-kind="section"] > li.studio-row:nth-child(2) > .card-body .studio-handle'
    ).first
    onto = page.locator('ol[data-kind="section"] > li.studio-row:nth-child(1) > .card-body h3').bounding_box()
    handle.hover()
    page.mouse.down()
    start = handle.bounding_box()
    page.mouse.move(start["x"] + 5, start["y"] - 5)
    page.mouse.move(onto["x"] + 5, onto["y"] + 5)
    page.mouse.move(onto["x"] + 6, onto["y"] + 6)
    page.mouse.up()
    page.wait_for_load_state()
    expect(page.get_by_role("status").filter(has_text="The new order was saved.")).to_be_visible()
    check_accessibility(page)
    assert section_codes(page) == [codes[1], codes[0], *codes[2:]]
    draft.refresh_from_db()
    assert [s["code"] for s in draft.content["sections"]] == [codes[1], codes[0], *codes[2:]]

    # The keyboard's way: focus Move down of the (now) first section and press Enter.
    move_down = page.get_by_role("button", name=f"Move down {codes[1]}")
    move_down.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text=f"{codes[1]} moved down.")).to_be_visible()
    check_accessibility(page)
    assert section_codes(page) == codes

    # An item's points, a field per answer of its scale.
    item = draft.items.order_by("section__position", "position").first()
    page.get_by_role("link", name=f"Edit {item.code}", exact=True).click()
    expect(page.get_by_role("heading", name="Edit an item")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Points for “Yes”").fill("3")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
    check_accessibility(page)
    draft.refresh_from_db()
    assert draft.content["sections"][0]["items"][0]["points"] == {"yes": 3}


OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def test_every_page_of_the_editor_fits_a_phone(page, log_in, instrument_admin, library):
    """The phone walk (test_narrow_screens.py) reaches published versions only: the editor's own
    pages, on a draft, are measured here at the same 390 px, with axe."""
    draft = lifecycle.new_draft_from(library.tier1, instrument_admin, change_note="On a phone")
    section = draft.sections.order_by("position").first()
    item = section.items.order_by("position").first()
    action = draft.guidance.order_by("position").first()
    base = f"/studio/versions/{draft.pk}"
    pages = [
        f"/studio/versions/{library.tier1.pk}/new-draft/",
        f"{base}/",
        f"{base}/edit/",
        f"{base}/edit/section/",
        f"{base}/edit/section/?section={section.pk}",
        f"{base}/edit/section/delete/?section={section.pk}",
        f"{base}/edit/item/?item={item.pk}",
        f"{base}/edit/item/?section={section.pk}",
        f"{base}/edit/item/delete/?item={item.pk}",
        f"{base}/edit/scale/?scale=yes_no_unknown",
        f"{base}/edit/scale/",
        f"{base}/edit/guidance/?action={action.pk}",
        f"{base}/edit/guidance/",
        f"{base}/delete/",
    ]
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(instrument_admin)
    for url in pages:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert page.evaluate(OVERFLOW) <= 0, url
        check_accessibility(page)
