"""The idle timeout (static/js/session.js): a warning before the session ends, "Stay logged in",
and at the end the login page, with the screening's answers still there after logging in again.
A deliberate logout clears the tab's drafts."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.screening.conftest import library, tier1_draft

from .axe import check_accessibility

__all__ = ["library", "tier1_draft"]  # fixtures, imported for the tests below


@pytest.fixture
def short_sessions(settings):
    # Seconds, not minutes: the warning comes at half of it when that is under a minute (5 s here,
    # time enough for the accessibility check before the end at 10 s).
    settings.SESSION_COOKIE_AGE = 10
    return settings


def log_in_at(page, user):
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_warned_then_logged_out_and_the_answers_come_back(page, short_sessions, caseworker, tier1_draft):
    page.goto(tier1_draft.get_absolute_url())
    check_accessibility(page)
    log_in_at(page, caseworker)
    expect(page.locator("#screening-form")).to_be_visible()
    first = page.locator("#screening-form .item-row").first
    code = first.get_attribute("id").removeprefix("item-")

    warning = page.get_by_role("alertdialog")
    expect(warning).to_be_visible(timeout=12_000)
    expect(warning).to_contain_text("logged out in about a minute")
    check_accessibility(page)
    page.get_by_role("button", name="Stay logged in").click()
    expect(warning).to_be_hidden()

    # An answer typed while the session runs out is kept in the tab.
    page.locator(f"#item-{code} input[type=radio][value=yes]").check()
    page.wait_for_function(
        "key => sessionStorage.getItem(key) !== null", arg=f"screening-draft-{tier1_draft.pk}"
    )
    page.context.clear_cookies()  # the server's end of the session, without waiting for it
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=.*&idle=1$"), timeout=15_000)
    expect(page.get_by_role("status")).to_contain_text("logged out because nothing happened for a while")
    check_accessibility(page)
    log_in_at(page, caseworker)
    expect(page).to_have_url(re.compile(rf"{tier1_draft.get_absolute_url()}$"))
    expect(page.locator(f"#item-{code} input[type=radio][value=yes]")).to_be_checked()


def test_logging_out_clears_the_tabs_drafts(page, log_in, caseworker, tier1_draft):
    log_in(caseworker)
    page.goto(tier1_draft.get_absolute_url())
    check_accessibility(page)
    key = f"screening-draft-{tier1_draft.pk}"
    page.evaluate("key => sessionStorage.setItem(key, '{\"fields\": []}')", key)
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    check_accessibility(page)
    assert page.evaluate("key => sessionStorage.getItem(key)", key) is None
