"""The review journey of issue 5, in Chromium.

The supervisor opens the oldest flagged screening from the queue and returns it with a comment;
the caseworker sees the comment on their home page and responds; the supervisor approves.
Every page is checked with axe.
"""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from screening.models import Screening
from tests import factories
from tests.screening.conftest import T1_INDICATOR_A, T1_INDICATOR_B, answer_all, library, start, submit

from .axe import check_accessibility

__all__ = ["library"]  # the fixture, imported for the test below


def flagged(user, case, version, hours_waiting):
    screening = start(user, case, version)
    screening = submit(
        user, screening, answer_all(screening, **{T1_INDICATOR_A: "yes", T1_INDICATOR_B: "yes"})
    )
    Screening.objects.filter(pk=screening.pk).update(
        review_waiting_since=timezone.now() - timedelta(hours=hours_waiting)
    )
    return screening


def test_supervisor_returns_caseworker_responds_supervisor_approves(
    page, log_in, browser, live_server, caseworker, supervisor, youth_case, team_a, library
):
    newer_case = factories.CaseFactory(
        team=team_a, assigned_caseworker=caseworker, legal_name="Robin Avery Lee", chosen_name=""
    )
    flagged(caseworker, newer_case, library.tier1, hours_waiting=2)
    oldest = flagged(caseworker, youth_case, library.tier1, hours_waiting=26)

    log_in(supervisor)
    queue = page.get_by_role("region", name="Waiting for your review")
    expect(queue.get_by_role("row")).to_have_count(3)  # header and two screenings, oldest first
    expect(queue.get_by_role("row").nth(1)).to_contain_text("Lexi")
    page.get_by_role("link", name="Reviews").click()
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Review Lexi").click()
    expect(page.get_by_role("heading", name="Lexi (she/her)")).to_be_visible()
    expect(page.get_by_role("heading", name="Why", exact=True)).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Return for more information").check()
    page.get_by_label("Comment").fill("Who gave Lexi the second phone? Please ask at your next visit.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("status")).to_contain_text("Return for more information")
    check_accessibility(page)

    # The caseworker, in a browser of their own.
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    worker = context.new_page()
    worker.goto("/accounts/login/")
    worker.get_by_label("Username").fill(caseworker.username)
    worker.get_by_label("Password").fill(factories.PASSWORD)
    worker.get_by_role("button", name="Log in").click()
    returned = worker.get_by_role("region", name="Returned to you by a supervisor")
    expect(returned).to_contain_text("Who gave Lexi the second phone?")
    check_accessibility(worker)
    returned.get_by_role("link", name="Respond Lexi").click()
    expect(worker.get_by_role("heading", name="Supervisor review")).to_contain_text(
        "returned for more information"
    )
    worker.get_by_label("Your response").fill("An older friend from the shelter; safety plan updated.")
    worker.get_by_role("button", name="Send my response").click()
    expect(worker.get_by_role("status")).to_contain_text("back in the review queue")
    check_accessibility(worker)
    context.close()

    page.goto("/reviews/")
    expect(page.get_by_role("row").nth(1)).to_contain_text("Robin")  # Lexi waits again, since just now
    check_accessibility(page)
    page.get_by_role("link", name="Review Lexi").click()
    expect(page.get_by_role("region", name="Decision")).to_contain_text("An older friend from the shelter")
    check_accessibility(page)
    page.get_by_label("Approve the plan").check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("status")).to_contain_text("Approve the plan")
    check_accessibility(page)
    oldest.refresh_from_db()
    assert oldest.review_status == "approved"
    assert [r.decision for r in oldest.reviews.all()] == ["return", "approve"]
