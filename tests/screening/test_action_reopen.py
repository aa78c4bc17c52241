"""Reopening an action closed by mistake; the audit keeps both."""

import pytest

from screening import services
from screening.models import ActionClosure, GuidanceAction
from tests.dates import shown_at

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
    assert (earlier.status, earlier.reference, earlier.why) == ("done", "PD-11", "Wrong report number.")
    assert earlier.closed_by_name == "Casey Moreno" and earlier.reopened_by_name == "Casey Moreno"
    assert earlier.closed_by == caseworker and earlier.reopened_by == caseworker
    page = client.get(f"/screenings/{tier2_disclosure.pk}/").content.decode()
    card = page[page.index(f'id="action-{action.pk}"') :]
    card = card[: card.index('class="card mb-2')]
    assert "PD-12" in card and "Reopened once: the earlier record" in card
    assert "Reference: PD-11" in card and "Wrong report number." in card
    from .test_print_screening import pdf_pages, print_url

    text = " ".join(pdf_pages(client.get(print_url(tier2_disclosure))))
    assert "Earlier: done" in text and "PD-11" in text and "Wrong report number." in text


def test_each_reopen_keeps_its_closure_as_a_row_of_its_own(caseworker, supervisor, closed):
    """Kept as made, oldest first: what was recorded, who recorded it, who reopened it and why."""
    request = fake_request(supervisor)
    reopened = services.reopen_action(
        request=request, action=closed, reason="Wrong youth.", version=closed.version
    )
    again = services.close_action(
        request=request, action=reopened, status="done", reference="PD-7", version=reopened.version
    )
    services.reopen_action(
        request=fake_request(caseworker), action=again, reason="Wrong number.", version=again.version
    )
    first, second = GuidanceAction.objects.get(pk=closed.pk).earlier
    assert (first.status, first.reason, first.closed_by, first.reopened_by, first.why) == (
        "not_applicable",
        "Done by the county CAC before the screening.",
        caseworker,
        supervisor,
        "Wrong youth.",
    )
    assert (second.status, second.reference, second.closed_by, second.reopened_by, second.why) == (
        "done",
        "PD-7",
        supervisor,
        caseworker,
        "Wrong number.",
    )
    assert first.closed_at == closed.closed_at and second.done_at is not None
    assert list(ActionClosure.objects.filter(action=closed)) == [first, second]


def test_an_earlier_closure_reads_as_it_always_did_on_the_page_and_in_the_pdf(
    client, caseworker, supervisor, closed
):
    """The words of the page and of the printout, exactly (they were written from a JSON column);
    what people wrote is marked as theirs (`translate="no"`: not the interface's words)."""
    request = fake_request(supervisor)
    reopened = services.reopen_action(
        request=request, action=closed, reason="Wrong youth.", version=closed.version
    )
    again = services.close_action(
        request=request, action=reopened, status="done", reference="PD-7", version=reopened.version
    )
    services.reopen_action(request=request, action=again, reason="Wrong number.", version=again.version)
    first, second = GuidanceAction.objects.get(pk=closed.pk).earlier

    def at(moment):
        return shown_at(moment)

    client.force_login(caseworker)
    page = client.get(f"/screenings/{closed.screening_id}/").content.decode()
    assert (
        '<details class="small mt-1">\n'
        "  <summary>Reopened 2 times: the earlier records</summary>\n"
        '  <ul class="mb-0 mt-1">\n'
        "  \n"
        '    <li class="note-body">Not applicable, recorded by Casey Moreno: '
        '<span translate="no">Done by the county CAC before the screening.</span>.\n'
        f"      Reopened {at(first.reopened_at)} by Morgan Reyes: "
        '<span translate="no">Wrong youth.</span></li>\n'
        "  \n"
        f'    <li class="note-body">Done {at(second.done_at)}, recorded by Morgan Reyes · Reference: PD-7.\n'
        f"      Reopened {at(second.reopened_at)} by Morgan Reyes: "
        '<span translate="no">Wrong number.</span></li>\n'
        "  \n"
        "  </ul>\n"
        "</details>\n"
    ) in page

    from .test_print_screening import pdf_pages, print_url

    text = " ".join(pdf_pages(client.get(print_url(closed.screening))))
    assert (
        "Earlier: not applicable (Casey Moreno): Done by the county CAC before the screening.; "
        f"reopened {at(first.reopened_at)} by Morgan Reyes: Wrong youth. "
        f"Earlier: done {at(second.done_at)} (Morgan Reyes), PD-7; "
        f"reopened {at(second.reopened_at)} by Morgan Reyes: Wrong number."
    ) in text
