"""A home for every role, in Chromium, on a desktop (1280 px) and on a phone (390 × 844): the first
section is what that role must do next, and the page is never wider than the screen. Every page
is checked with axe."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.utils import timezone
from playwright.sync_api import expect

from accounts import audit
from indicators import lifecycle
from screening.models import GuidanceAction
from tests import factories
from tests.screening.conftest import library, tier1_possible, tier2_disclosure

from .axe import check_accessibility

__all__ = ["library", "tier1_possible", "tier2_disclosure"]  # fixtures

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# The first heading of each role's home, and what it says.
FIRST = {
    "caseworker": ("due-heading", "Due and overdue"),
    "supervisor": ("queue-heading", "Waiting for your review"),
    "admin_user": ("agency-heading", "Overdue and waiting, across teams"),
    "instrument_admin": ("library-drafts-heading", "Drafts in progress"),
}

NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def something_for_everyone(tier2_disclosure, team_a, team_b, caseworker, instrument_admin, library):
    """A late report and a youth back from missing (caseworker), screenings waiting (supervisor),
    overdue work on two teams, failed logins with a lockout and a long typed username (system
    administrator), a draft (instrument administrator)."""
    now = timezone.now()
    report = tier2_disclosure.actions.get(code="report-law-enforcement")
    GuidanceAction.objects.filter(pk=report.pk).update(due_at=now - datetime.timedelta(hours=2))
    factories.MissingEpisodeFactory(
        case=factories.CaseFactory(
            team=team_a, assigned_caseworker=caseworker, chosen_name="Ari", pronouns="he/him"
        ),
        went_missing_at=now - datetime.timedelta(days=2),
        reported_to_law_enforcement_at=now - datetime.timedelta(days=2),
        reported_to_ncmec_at=now - datetime.timedelta(days=2),
        returned_at=now - datetime.timedelta(hours=3),
    )
    factories.CaseFactory(
        team=team_b,
        known_runaway_history=True,
        opened_on=timezone.localdate() - datetime.timedelta(days=5),
    )
    long_name = "x" * 150
    for name in ("casey", "nobody", long_name):
        audit.record(None, audit.Action.LOGIN_FAILED, username=name)
    AccessFailureLog.objects.create(
        username=long_name, ip_address="203.0.113.9", user_agent="test", locked_out=True
    )
    AccessAttempt.objects.create(
        username=long_name,
        ip_address="203.0.113.9",
        user_agent="test",
        get_data="",
        post_data="",
        http_accept="",
        path_info="/accounts/login/",
        failures_since_start=5,
    )
    lifecycle.new_draft_from(library.tier1, instrument_admin, change_note="Age bands for 2027.")


@pytest.mark.parametrize("persona", sorted(FIRST), indirect=True)
def test_each_role_starts_with_its_next_step_on_a_desktop_and_on_a_phone(
    page, log_in, persona, request, something_for_everyone
):
    heading_id, heading = FIRST[request.node.callspec.params["persona"]]
    page.set_viewport_size(DESKTOP)
    log_in(persona)  # lands on the home page, checked with axe
    # "Cases" in the navigation only for the roles that see cases.
    nav = page.get_by_role("navigation", name="Main")
    cases_link = nav.get_by_role("link", name="Cases", exact=True)
    expect(cases_link).to_have_count(0 if heading_id == "library-drafts-heading" else 1)
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.reload()
        first = page.locator("main h2").first
        expect(first).to_have_attribute("id", heading_id)
        expect(first).to_contain_text(heading)
        check_accessibility(page)
        where = f"{viewport['width']} px"
        assert page.evaluate(NO_SIDEWAYS_SCROLL), f"the home page scrolls sideways at {where}"
    if heading_id == "due-heading":
        # The caseworker's first row: the report past its deadline.
        first_row = page.get_by_role("region", name="Due and overdue").get_by_role("row").nth(1)
        expect(first_row).to_contain_text("Report to law enforcement")
