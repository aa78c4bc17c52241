"""The instrument administrator builds a rule with a nested group in a draft's rule builder with
the keyboard only (no mouse: focus, type, Enter and Space), saves it, reads it as a sentence on
the rules page, and sees the advanced view check the JSON live as they type. Every page, and the
live check's answer, is checked with axe."""

from playwright.sync_api import expect

from indicators import lifecycle
from tests.screening.conftest import library

from .axe import check_accessibility

__all__ = ["library"]  # the fixture


def press(page, locator, key="Enter"):
    locator.focus()
    page.keyboard.press(key)


def test_a_rule_with_a_nested_group_built_with_the_keyboard(
    page, log_in, live_server, instrument_admin, library
):
    draft = lifecycle.new_draft_from(library.tier1, instrument_admin, change_note="A new rule.")
    log_in(instrument_admin)
    page.goto(f"{live_server.url}/studio/versions/{draft.pk}/")
    check_accessibility(page)

    press(page, page.get_by_role("link", name="Edit the rules"))
    expect(page.get_by_role("heading", name="Rules", level=1)).to_be_visible()
    check_accessibility(page)

    press(page, page.get_by_role("link", name="Add a rule", exact=True))
    expect(page.get_by_role("heading", name="Add a rule")).to_be_visible()
    check_accessibility(page)

    page.get_by_label("Rule id", exact=True).focus()
    page.keyboard.type("foreign-national-minor")
    page.get_by_label("Reason (plain language, shown when the rule fires)").focus()
    page.keyboard.type("A foreign-national youth under 18.")
    page.get_by_label("Reason in Español").focus()
    page.keyboard.type("Un/a joven extranjero/a menor de 18 años.")
    page.locator("#w-items").focus()
    page.keyboard.type("T1-FN-01")
    expect(page.locator("#w-items")).to_have_value("T1-FN-01")

    # A nested group, a condition in it, and the empty condition it started with removed.
    press(page, page.get_by_role("button", name="Add group", exact=True))
    expect(page.locator("#node-w-1")).to_be_visible()
    check_accessibility(page)
    page.locator("#w-1-new").focus()
    page.keyboard.type("Youth's age b")
    expect(page.locator("#w-1-new")).to_have_value("age_below")
    press(page, page.get_by_role("button", name="Add condition (to condition 2)"))
    expect(page.locator("#w-1-1-n")).to_have_value("18")
    press(page, page.get_by_role("button", name="Remove condition 2.1"))
    expect(page.locator("#node-w-1-1")).to_have_count(0)
    expect(page.get_by_label("Rule id", exact=True)).to_have_value("foreign-national-minor")
    check_accessibility(page)
    # The rest on a phone: the builder fits its width.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0

    press(page, page.get_by_label("Foreign-national youth (notify HHS)"), "Space")
    expect(page.get_by_label("Foreign-national youth (notify HHS)")).to_be_checked()
    press(page, page.get_by_role("button", name="Save the rule").last)
    expect(page.get_by_role("status").filter(has_text="Rule foreign-national-minor saved.")).to_be_visible()
    card = page.locator("li.card").filter(has_text="foreign-national-minor")
    expect(card).to_contain_text("is answered Yes and the youth is under 18")
    check_accessibility(page)

    rule = draft.rules.get(rule_id="foreign-national-minor")
    assert rule.when == {
        "all": [{"answered": {"items": ["T1-FN-01"], "answer": "yes"}}, {"any": [{"age_below": 18}]}]
    }
    assert rule.flags == ["foreign_national"]

    # The advanced view checks the JSON as it is typed (htmx), naming where the problem is.
    press(page, card.get_by_role("link", name="JSON (advanced)"))
    expect(page.get_by_role("heading", name="Rule in JSON")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("The rule (JSON)").focus()
    page.keyboard.press("Control+End")
    page.keyboard.type("}")
    problems = page.locator("#rule-json-problems")
    expect(problems).to_contain_text("Nothing was saved")
    expect(problems).to_contain_text("$")
    check_accessibility(page)
