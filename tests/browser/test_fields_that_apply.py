"""Fields that apply only for one answer are hidden, and out of the tab order, until that answer
is chosen (static/js/shown-when.js): the episode of a return from missing on the start page."""

from playwright.sync_api import expect

from tests import factories
from tests.screening.conftest import library

from .axe import check_accessibility

__all__ = ["library"]  # the fixture, imported for the test below


def test_the_episode_question_appears_only_for_a_return(page, log_in, caseworker, youth_case, library):
    factories.MissingEpisodeFactory(case=youth_case)
    log_in(caseworker)
    page.goto(f"/cases/{youth_case.pk}/screenings/new/")
    episode = page.get_by_label("Which return from missing?")
    expect(page.get_by_label("General")).to_be_checked()
    expect(episode).to_be_hidden()
    check_accessibility(page)
    # From the last reason, Tab goes past the hidden question to the instruments.
    page.get_by_label("Return from a missing-from-care episode").check()
    expect(episode).to_be_visible()
    page.get_by_label("Entry into care").check()
    expect(episode).to_be_hidden()
    page.get_by_label("Entry into care").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "version"
    page.get_by_label("Return from a missing-from-care episode").check()
    episode.select_option(index=1)
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_text("Return from a missing-from-care episode").first).to_be_visible()
    check_accessibility(page)
