"""A supervisor's notifications in the browser (issue 17, alerts): the unread count in the menu,
the list, marking one read in place (htmx, no page load) and then all, choosing the daily digest.
Every page and swap is checked with axe; no youth is named."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from alerts.models import Notification
from tests import factories
from tests.screening.conftest import library, tier1_possible, tier2_disclosure

from .axe import check_accessibility

__all__ = ["library", "tier1_possible", "tier2_disclosure"]  # fixtures


def test_a_supervisor_reads_and_clears_notifications(page, log_in, supervisor, youth_case, tier2_disclosure):
    # The identification notified the supervisor as it was submitted; a missing youth, overdue.
    factories.MissingEpisodeFactory(
        case=youth_case, went_missing_at=timezone.now() - datetime.timedelta(days=2), returned_at=None
    )
    call_command("send_reminders", stdout=StringIO())
    count = Notification.objects.filter(recipient=supervisor).count()
    assert count >= 3
    log_in(supervisor)
    nav = page.get_by_role("navigation", name="Main")
    link = nav.get_by_role("link", name=f"Notifications {count} unread")
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    check_accessibility(page)
    main = page.locator("main")
    expect(main).to_contain_text("identifies the youth as a victim of sex trafficking")
    expect(main).to_contain_text("The report of a missing youth to NCMEC is overdue")
    for name in (youth_case.legal_name, youth_case.chosen_name, youth_case.case_number):
        expect(main).not_to_contain_text(name)
    page.evaluate("window.__stillTheSamePage = true")
    buttons = page.get_by_role("button", name="Mark as read")
    expect(buttons).to_have_count(count)
    buttons.first.click()
    expect(buttons).to_have_count(count - 1)
    assert page.evaluate("window.__stillTheSamePage === true"), "a page was loaded"
    check_accessibility(page)
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_role("button", name="Mark as read")).to_have_count(0)
    assert not Notification.objects.filter(recipient=supervisor, read_at__isnull=True).exists()
    page.get_by_role("link", name="How you get them by e-mail").click()
    check_accessibility(page)
    page.get_by_label("Once a day: a digest of the day's notifications").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved. Your notifications are e-mailed as you chose.")).to_be_visible()
    check_accessibility(page)
    page.reload()
    expect(nav.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    check_accessibility(page)
