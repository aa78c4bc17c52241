"""htmx in the browser (issue 12): the checklist's close and reopen, the supervisor's decision and
the autosave are htmx requests that swap an HTML fragment into the page, without a page load;
a conflict, a lost connection and an ended session are said where the work is, and nothing typed
is lost. Every page, and every fragment swapped in, is checked with axe.
"""

import re

from playwright.sync_api import expect

from screening.models import GuidanceAction, Screening
from tests import factories
from tests.screening.conftest import library, tier1_draft, tier1_possible, tier2_disclosure

from .axe import check_accessibility

__all__ = ["library", "tier1_draft", "tier1_possible", "tier2_disclosure"]  # fixtures

SAVED = re.compile(r"^Saved at \d{1,2}:\d\d [AP]M$")


class Requests:
    """The POSTs a page sent: (url, sent by htmx, status, content type of the answer)."""

    def __init__(self, page):
        self._finished = []
        # Only kept here: Playwright's API is not called from inside its event handlers.
        page.on("requestfinished", lambda request: self._finished.append(request))

    def to(self, path: str):
        out = []
        for request in self._finished:
            if request.method == "POST" and re.search(path, request.url):
                response = request.response()
                htmx = request.headers.get("hx-request") == "true"
                out.append((request.url, htmx, response.status, response.headers.get("content-type", "")))
        return out


def mark_the_page(page):
    """A mark on the page's window: still there later means no page was loaded meanwhile."""
    page.evaluate("window.__stillTheSamePage = true")


def assert_the_same_page(page):
    assert page.evaluate("window.__stillTheSamePage === true"), "a page was loaded"


def log_in_as(context, live_server, user):
    other = context.new_page()
    other.goto(f"{live_server.url}/accounts/login/")
    other.get_by_label("Username").fill(user.username)
    other.get_by_label("Password").fill(factories.PASSWORD)
    other.get_by_role("button", name="Log in").click()
    expect(other.get_by_role("heading", name=re.compile(r"^Welcome"))).to_be_visible()
    return other


# --------------------------------------------------------------------------- the checklist


def test_an_action_is_closed_and_reopened_in_its_card(page, log_in, caseworker, tier2_disclosure):
    action = tier2_disclosure.actions.get(code="cac-forensic-interview")
    log_in(caseworker)
    page.goto(tier2_disclosure.get_absolute_url())
    expect(page.get_by_role("heading", name="Screening outcome")).to_be_visible()
    check_accessibility(page)
    requests = Requests(page)
    mark_the_page(page)

    card = page.locator(f"#action-{action.pk}")
    card.get_by_text("Record the outcome").click()
    # Each field only once its outcome is chosen (static/js/shown-when.js).
    expect(card.get_by_label("Why not applicable")).to_be_hidden()
    expect(card.get_by_label("Done at")).to_be_hidden()
    card.get_by_role("radio", name="Done").check()
    expect(card.get_by_label("Done at")).to_be_visible()
    card.get_by_role("radio", name="Not applicable").check()
    expect(card.get_by_label("Done at")).to_be_hidden()
    expect(card.get_by_label("Why not applicable")).to_be_visible()
    card.get_by_role("button", name="Save outcome").click()
    # Refused: said in the card, the choice kept, nothing closed.
    refused = card.get_by_role("alert").filter(has_text="was not closed; see below.")
    expect(refused).to_be_visible()
    expect(refused).to_be_focused()  # read out first
    expect(card).to_contain_text("Say why this action does not apply.")
    expect(card.get_by_role("radio", name="Not applicable")).to_be_checked()
    check_accessibility(page)
    assert GuidanceAction.objects.get(pk=action.pk).status == "open"

    card.get_by_label("Why not applicable").fill("The county CAC saw the youth yesterday.")
    card.get_by_role("button", name="Save outcome").click()
    closed = card.get_by_role("status")
    expect(closed).to_have_text(f"“{action.title}” is closed.")
    expect(closed).to_be_focused()
    expect(card).to_contain_text("Not applicable (recorded by Casey Moreno")
    expect(card).to_contain_text("The county CAC saw the youth yesterday.")
    expect(card.get_by_role("button", name="Save outcome")).to_have_count(0)
    # The address opens the page at the action, as after a plain post.
    expect(page).to_have_url(re.compile(rf"#action-{action.pk}$"))
    check_accessibility(page)

    card.locator("summary", has_text="Reopen").click()
    card.get_by_role("button", name="Reopen this action").click()
    expect(card.get_by_role("alert").filter(has_text="was not reopened")).to_contain_text(
        "Say why this action is reopened."
    )
    check_accessibility(page)
    card.get_by_label("Why reopen it").fill("Closed on the wrong screening.")
    card.get_by_role("button", name="Reopen this action").click()
    expect(card.get_by_role("status")).to_have_text(f"“{action.title}” is open again.")
    expect(card.locator("summary", has_text="Record the outcome")).to_be_visible()  # open: to close again
    expect(card).to_contain_text("Reopened once: the earlier record")
    check_accessibility(page)

    assert_the_same_page(page)
    # Four htmx posts, each answered with HTML (a fragment), none with JSON.
    posts = requests.to(r"/actions/\d+/(close|reopen)/$")
    assert [(htmx, status) for _url, htmx, status, _type in posts] == [
        (True, 400),
        (True, 200),
        (True, 400),
        (True, 200),
    ]
    assert all(kind.startswith("text/html") for *_rest, kind in posts)
    saved = GuidanceAction.objects.get(pk=action.pk)
    assert saved.status == "open" and saved.closures.count() == 1

    # Loaded again, the page says the same.
    page.reload()
    card = page.locator(f"#action-{action.pk}")
    expect(card).to_contain_text("Reopened once: the earlier record")
    expect(card.get_by_text("Record the outcome")).to_be_visible()
    check_accessibility(page)


def test_two_people_closing_the_same_action(
    page, log_in, browser, live_server, caseworker, supervisor, tier2_disclosure
):
    action = tier2_disclosure.actions.get(code="report-law-enforcement")
    log_in(caseworker)
    page.goto(tier2_disclosure.get_absolute_url())
    check_accessibility(page)
    mark_the_page(page)
    card = page.locator(f"#action-{action.pk}")
    card.get_by_text("Record the outcome").click()
    card.get_by_role("radio", name="Done").check()
    card.get_by_label("Report number").fill("PD-2")

    # Meanwhile the supervisor, in a browser of their own, closes it first.
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    boss = log_in_as(context, live_server, supervisor)
    boss.goto(tier2_disclosure.get_absolute_url())
    boss_card = boss.locator(f"#action-{action.pk}")
    boss_card.get_by_text("Record the outcome").click()
    boss_card.get_by_role("radio", name="Done").check()
    boss_card.get_by_label("Report number").fill("PD-1")
    boss_card.get_by_role("button", name="Save outcome").click()
    expect(boss_card.get_by_role("status")).to_contain_text("is closed.")
    check_accessibility(boss)
    context.close()

    card.get_by_role("button", name="Save outcome").click()
    expect(card.get_by_role("alert")).to_contain_text("This action was already closed by Morgan Reyes at")
    # The card as the supervisor left it: their report number, not this one.
    expect(card).to_contain_text("recorded by Morgan Reyes")
    expect(card).to_contain_text("Report number: PD-1")
    expect(card).not_to_contain_text("PD-2")
    check_accessibility(page)
    assert_the_same_page(page)
    saved = GuidanceAction.objects.get(pk=action.pk)
    assert (saved.reference, saved.closed_by) == ("PD-1", supervisor)


# --------------------------------------------------------------------------- the review decision


def test_the_supervisor_decides_in_the_decision_panel(
    page, log_in, browser, live_server, supervisor, team_a, tier1_possible
):
    log_in(supervisor)
    page.goto(f"/screenings/{tier1_possible.pk}/review/")
    panel = page.get_by_role("region", name="Decision")
    expect(panel.get_by_role("button", name="Record decision")).to_be_visible()
    check_accessibility(page)
    mark_the_page(page)

    panel.get_by_label("Return for more information").check()
    panel.get_by_role("button", name="Record decision").click()
    expect(panel).to_contain_text("Say what more information is needed")
    expect(panel.get_by_label("Return for more information")).to_be_checked()
    check_accessibility(page)
    panel.get_by_label("Comment").fill("Who gave the youth the second phone?")
    panel.get_by_role("button", name="Record decision").click()
    status = panel.get_by_role("status")
    expect(status).to_have_text("Decision recorded: Return for more information.")
    expect(status).to_be_focused()
    expect(panel).to_contain_text("Who gave the youth the second phone?")
    expect(panel).to_contain_text("This screening is returned for more information.")
    expect(panel.get_by_role("button", name="Record decision")).to_have_count(0)
    check_accessibility(page)
    assert_the_same_page(page)
    tier1_possible.refresh_from_db()
    assert tier1_possible.review_status == "returned"

    panel.get_by_role("link", name="Back to the queue").click()
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    expect(page.get_by_role("link", name="Review Lexi")).to_have_count(0)
    check_accessibility(page)


def test_a_decision_made_meanwhile_by_another_supervisor(
    page, log_in, browser, live_server, supervisor, team_a, tier1_possible
):
    second = factories.supervisor("avery", team_a, first_name="Avery", last_name="Lind")
    log_in(supervisor)
    page.goto(f"/screenings/{tier1_possible.pk}/review/")
    check_accessibility(page)
    panel = page.get_by_role("region", name="Decision")
    panel.get_by_label("Approve the plan").check()

    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    other = log_in_as(context, live_server, second)
    other.goto(f"/screenings/{tier1_possible.pk}/review/")
    other_panel = other.get_by_role("region", name="Decision")
    other_panel.get_by_label("Return for more information").check()
    other_panel.get_by_label("Comment").fill("Ask about the trips first.")
    other_panel.get_by_role("button", name="Record decision").click()
    expect(other_panel.get_by_role("status")).to_contain_text("Decision recorded")
    context.close()

    panel.get_by_role("button", name="Record decision").click()
    expect(panel.get_by_role("alert")).to_contain_text("already decided this screening")
    expect(panel).to_contain_text("Ask about the trips first.")
    expect(panel.get_by_role("button", name="Record decision")).to_have_count(0)
    check_accessibility(page)
    assert [r.decision for r in Screening.objects.get(pk=tier1_possible.pk).reviews.all()] == ["return"]


# --------------------------------------------------------------------------- the autosave


def open_draft(page, screening):
    page.goto(screening.get_absolute_url())
    expect(page.locator("#screening-form")).to_be_visible()
    check_accessibility(page)


def item_codes(page) -> list[str]:
    ids = page.locator("#screening-form .item-row").evaluate_all("rows => rows.map(r => r.id)")
    return [i.removeprefix("item-") for i in ids]


def answer(page, code, value):
    page.locator(f"#item-{code} input[type=radio][value={value}]").check()


def saved_answers(screening) -> dict:
    return Screening.objects.get(pk=screening.pk).answers


def stored_copy(page, screening):
    return page.evaluate("key => sessionStorage.getItem(key)", f"screening-draft-{screening.pk}")


def test_the_autosave_without_a_connection_then_back(page, context, log_in, caseworker, tier1_draft):
    log_in(caseworker)
    open_draft(page, tier1_draft)
    requests = Requests(page)
    mark_the_page(page)
    codes = item_codes(page)
    answer(page, codes[0], "yes")
    status = page.get_by_role("status")
    expect(status).to_have_text(SAVED)
    assert saved_answers(tier1_draft) == {codes[0]: "yes"}

    context.set_offline(True)
    answer(page, codes[1], "no")
    expect(status).to_contain_text("Not saved yet: no connection.")
    expect(status).to_contain_text("Your answers are kept in this tab; saving again shortly.")
    assert stored_copy(page, tier1_draft) is not None
    check_accessibility(page)
    assert saved_answers(tier1_draft) == {codes[0]: "yes"}

    context.set_offline(False)
    expect(status).to_have_text(SAVED, timeout=20_000)  # back online: saved again, by itself
    page.wait_for_function(
        "key => sessionStorage.getItem(key) === null", arg=f"screening-draft-{tier1_draft.pk}"
    )
    assert saved_answers(tier1_draft) == {codes[0]: "yes", codes[1]: "no"}
    assert_the_same_page(page)
    # htmx posts, answered with HTML; never the old JSON side path.
    saves = requests.to(r"/save/$")
    assert saves and all(htmx and kind.startswith("text/html") for _url, htmx, _status, kind in saves)


def test_the_autosave_after_logging_out_in_another_tab(page, context, log_in, caseworker, tier1_draft):
    """The session ends with the CSRF cookie still there: the server says so itself (a 401 with
    the fragment; test_screening_autosave.py has the cookies gone, a 403 from the CSRF check)."""
    log_in(caseworker)
    open_draft(page, tier1_draft)
    codes = item_codes(page)
    answer(page, codes[0], "no")
    status = page.get_by_role("status")
    expect(status).to_have_text(SAVED)

    other = context.new_page()
    other.goto("/")
    other.get_by_role("button", name="Log out").click()
    expect(other.get_by_role("heading", name="Log in")).to_be_visible()
    other.close()

    answer(page, codes[1], "unknown")
    expect(status).to_contain_text("Your session has expired.")
    expect(status).to_contain_text("Your answers are kept in this browser tab.")
    check_accessibility(page)
    assert saved_answers(tier1_draft) == {codes[0]: "no"}
    status.get_by_role("link", name="Log in again to save them").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Username").fill(caseworker.username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(re.compile(rf"{tier1_draft.get_absolute_url()}$"))
    expect(page.get_by_role("status")).to_have_text(SAVED)
    expect(page.locator(f"#item-{codes[1]} input[value=unknown]")).to_be_checked()
    check_accessibility(page)
    assert saved_answers(tier1_draft) == {codes[0]: "no", codes[1]: "unknown"}


def test_a_checklist_post_that_does_not_go_through(page, context, log_in, caseworker, tier2_disclosure):
    """No connection, then the session's cookies gone (the CSRF check's 403): said in the card,
    and what was typed stays in the form."""
    action = tier2_disclosure.actions.get(code="report-law-enforcement")
    log_in(caseworker)
    page.goto(tier2_disclosure.get_absolute_url())
    check_accessibility(page)
    mark_the_page(page)
    card = page.locator(f"#action-{action.pk}")
    card.get_by_text("Record the outcome").click()
    card.get_by_role("radio", name="Done").check()
    card.get_by_label("Report number").fill("PD-24-77")

    context.set_offline(True)
    card.get_by_role("button", name="Save outcome").click()
    expect(card.get_by_role("alert")).to_contain_text("Not recorded: the request did not go through.")
    expect(card.get_by_label("Report number")).to_have_value("PD-24-77")
    check_accessibility(page)
    context.set_offline(False)

    context.clear_cookies()
    card.get_by_role("button", name="Save outcome").click()
    alert = card.get_by_role("alert")
    expect(alert).to_have_count(1)  # the notice of the first attempt went
    expect(alert).to_contain_text("Your session has expired. Nothing was recorded.")
    expect(alert.get_by_role("link", name="Log in again, then record it again.")).to_have_attribute(
        "href", f"/accounts/login/?next={tier2_disclosure.get_absolute_url()}"
    )
    expect(card.get_by_label("Report number")).to_have_value("PD-24-77")
    check_accessibility(page)
    assert_the_same_page(page)
    assert GuidanceAction.objects.get(pk=action.pk).status == "open"
