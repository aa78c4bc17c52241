"""Reopening an action closed by mistake; the audit keeps both."""

import pytest

from screening import services
from screening.models import GuidanceAction

from .conftest import audit_events, fake_request


@pytest.fixture
def closed(tier2_disclosure, caseworker):
    action = tier2_disclosure.actions.get(code="cac-forensic-interview")
    return services.close_action(
        request=fake_request(caseworker),
        action=action,
        status="not_applicable",
        reason="Done by the county CAC before the screening.",
        version=action.version,
    )


def reopen(client, action, reason="Closed on the wrong youth's screening.", version=None):
    data = {"reason": reason, "version": action.version if version is None else version}
    return client.post(f"/actions/{action.pk}/reopen/", data, follow=True)


def test_reopening_makes_it_open_again(client, supervisor, closed):
    client.force_login(supervisor)
    page = client.get(f"/screenings/{closed.screening_id}/").content.decode()
    assert "Why reopen it" in page and f'name="version" value="{closed.version}"' in page
    response = reopen(client, closed)
    assert "is open again." in response.content.decode()
    saved = GuidanceAction.objects.get(pk=closed.pk)
    assert saved.status == "open" and saved.closed_by is None and saved.closed_at is None
    assert saved.not_applicable_reason == "" and saved.version == closed.version + 1
    event = audit_events(closed.screening.case, summary="Guidance action reopened").get()
    assert event.user == supervisor
    assert event.detail["was"]["status"] == "not_applicable"
    assert event.detail["was"]["reason"] == "Done by the county CAC before the screening."
    assert event.detail["why"] == "Closed on the wrong youth's screening."
    # It is back on the home page of the caseworker.
    client.force_login(closed.screening.case.assigned_caseworker)
    assert f'#action-{closed.pk}"' in client.get("/").content.decode()


def test_reopening_an_open_action_changes_nothing(client, caseworker, tier2_disclosure):
    action = tier2_disclosure.actions.get(code="report-law-enforcement")
    client.force_login(caseworker)
    assert reopen(client, action).status_code == 200
    saved = GuidanceAction.objects.get(pk=action.pk)
    assert saved.status == "open" and saved.version == action.version
    assert not audit_events(tier2_disclosure.case, summary="Guidance action reopened").exists()


@pytest.mark.parametrize("reason", ["", "   "])
def test_reopening_needs_a_reason(client, caseworker, closed, reason):
    client.force_login(caseworker)
    page = reopen(client, closed, reason=reason).content.decode()
    assert "was not reopened: Say why this action is reopened." in page
    saved = GuidanceAction.objects.get(pk=closed.pk)
    assert saved.status == "not_applicable" and saved.version == closed.version


def test_reopening_from_a_stale_page_changes_nothing(client, caseworker, closed):
    """Reopened and closed again in another tab: the older page cannot undo the newer closure."""
    client.force_login(caseworker)
    for version in (closed.version - 1, "x", ""):
        page = reopen(client, closed, version=version).content.decode()
        assert "changed since you opened the page" in page or "This page is out of date" in page
    saved = GuidanceAction.objects.get(pk=closed.pk)
    assert saved.status == "not_applicable" and saved.version == closed.version


def test_the_earlier_closure_and_why_it_was_reopened_stay_in_view(client, caseworker, tier2_disclosure):
    action = tier2_disclosure.actions.get(code="report-law-enforcement")
    client.force_login(caseworker)
    client.post(
        f"/actions/{action.pk}/close/", {"status": "done", "reference": "PD-11", "version": action.version}
    )
    reopen(client, GuidanceAction.objects.get(pk=action.pk), reason="Wrong report number.")
    action.refresh_from_db()
    client.post(
        f"/actions/{action.pk}/close/", {"status": "done", "reference": "PD-12", "version": action.version}
    )
    action.refresh_from_db()
    [earlier] = action.earlier
    assert (earlier["status"], earlier["reference"], earlier["why"]) == (
        "done",
        "PD-11",
        "Wrong report number.",
    )
    assert earlier["closed_by"] == "Casey Moreno" and earlier["reopened_by"] == "Casey Moreno"
    page = client.get(f"/screenings/{tier2_disclosure.pk}/").content.decode()
    card = page[page.index(f'id="action-{action.pk}"') :]
    card = card[: card.index('class="card mb-2')]
    assert "PD-12" in card and "Reopened once: the earlier record" in card
    assert "Reference: PD-11" in card and "Wrong report number." in card
    from .test_print_screening import pdf_pages, print_url

    text = " ".join(pdf_pages(client.get(print_url(tier2_disclosure))))
    assert "Earlier: done" in text and "PD-11" in text and "Wrong report number." in text
