"""Closing a guidance action: done (when, by whom, a reference) or not applicable (with a reason)."""

import datetime
import re

import pytest
from django.utils import timezone

from screening.models import GuidanceAction, Screening
from tests.dates import shown_at

from .conftest import audit_events

FMT = "%Y-%m-%dT%H:%M"


@pytest.fixture
def action(tier2_disclosure):
    return tier2_disclosure.actions.get(code="report-law-enforcement")


def url(action):
    return f"/actions/{action.pk}/close/"


def reload(action):
    return GuidanceAction.objects.get(pk=action.pk)


def local(dt):
    return timezone.localtime(dt).strftime(FMT)


def started_hours_ago(action, hours):
    started = timezone.now() - datetime.timedelta(hours=hours)
    Screening.objects.filter(pk=action.screening_id).update(created_at=started)
    return started


def test_marking_done_with_a_reference_and_a_time(client, caseworker, action):
    started_hours_ago(action, 3)
    done_at = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(hours=2)
    client.force_login(caseworker)
    response = client.post(
        url(action),
        {"status": "done", "done_at": local(done_at), "reference": " PD-24-1187 ", "version": action.version},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/screenings/{action.screening_id}/#action-{action.pk}"
    saved = reload(action)
    assert saved.status == "done" and saved.done_at == done_at and saved.reference == "PD-24-1187"
    assert saved.closed_by == caseworker and saved.closed_at
    page = client.get(response["Location"]).content.decode()
    assert f"Done {shown_at(done_at)}, recorded by Casey Moreno." in page
    assert "Report number: <strong>PD-24-1187</strong>" in page
    event = audit_events(action.screening.case, summary="Guidance action closed").get()
    assert event.user == caseworker and event.object_id == str(action.pk)
    assert event.detail["code"] == "report-law-enforcement" and event.detail["reference"] == "PD-24-1187"


def test_done_without_a_time_is_done_now(client, caseworker, action):
    client.force_login(caseworker)
    before = timezone.now()
    client.post(url(action), {"status": "done", "reference": "PD-9", "version": action.version})
    saved = reload(action)
    assert saved.status == "done" and before <= saved.done_at <= timezone.now()


def test_a_mandated_report_is_done_only_with_its_number(client, caseworker, action):
    assert action.needs_reference
    client.force_login(caseworker)
    form_page = client.get(f"/screenings/{action.screening_id}/").content.decode()
    assert "Required when done: the number the report was given." in form_page
    for reference in ("", "   "):
        response = client.post(
            url(action), {"status": "done", "reference": reference, "version": action.version}
        )
        assert response.status_code == 400
        assert "Give the report number: a mandated report is done only with it." in response.content.decode()
        assert reload(action).status == "open"
    # Not applicable needs a reason, not a number.
    response = client.post(
        url(action),
        {"status": "not_applicable", "reason": "Reported by the placement.", "version": action.version},
    )
    assert response.status_code == 302 and reload(action).status == "not_applicable"


def test_an_action_that_is_not_a_report_is_done_without_a_reference(client, caseworker, tier2_disclosure):
    referral = tier2_disclosure.actions.get(code="cac-forensic-interview")
    assert not referral.needs_reference
    client.force_login(caseworker)
    response = client.post(url(referral), {"status": "done", "version": referral.version})
    assert response.status_code == 302 and reload(referral).status == "done"


def test_done_before_the_screening_started_is_refused(client, caseworker, action):
    started = started_hours_ago(action, 1)
    client.force_login(caseworker)
    for before in (started - datetime.timedelta(minutes=2), started - datetime.timedelta(days=30)):
        response = client.post(
            url(action),
            {"status": "done", "done_at": local(before), "reference": "PD-1", "version": action.version},
        )
        assert response.status_code == 400
        page = response.content.decode()
        assert f"This screening was started at {shown_at(started)}" in page
        assert reload(action).status == "open"
    # The minute the screening started is accepted (the form has no seconds).
    same_minute = started.replace(second=0, microsecond=0)
    response = client.post(
        url(action),
        {"status": "done", "done_at": local(same_minute), "reference": "PD-1", "version": action.version},
    )
    assert response.status_code == 302 and reload(action).done_at == same_minute


def test_done_in_the_future_is_refused(client, caseworker, action):
    client.force_login(caseworker)
    later = timezone.now() + datetime.timedelta(days=1)
    response = client.post(
        url(action), {"status": "done", "done_at": local(later), "version": action.version}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "An action cannot be done in the future." in page
    assert "was not closed; see below." in page
    assert reload(action).status == "open"


@pytest.mark.parametrize("done_at", ["yesterday", "2024-13-45T25:61", "10000-01-01T00:00"])
def test_a_time_that_is_not_a_time_is_refused(client, caseworker, action, done_at):
    client.force_login(caseworker)
    response = client.post(url(action), {"status": "done", "done_at": done_at, "version": action.version})
    assert response.status_code == 400
    assert reload(action).status == "open"


def test_not_applicable_needs_a_reason(client, caseworker, action):
    client.force_login(caseworker)
    response = client.post(
        url(action), {"status": "not_applicable", "reason": "   ", "version": action.version}
    )
    assert response.status_code == 400
    assert "Say why this action does not apply." in response.content.decode()
    assert reload(action).status == "open"
    response = client.post(
        url(action),
        {
            "status": "not_applicable",
            "version": action.version,
            "reason": "Law enforcement was already present at the recovery.",
        },
    )
    assert response.status_code == 302
    saved = reload(action)
    assert saved.status == "not_applicable"
    assert saved.not_applicable_reason == "Law enforcement was already present at the recovery."
    page = client.get(response["Location"]).content.decode()
    assert "Not applicable (recorded by Casey Moreno" in page


@pytest.mark.parametrize("version", ["", "x"])
def test_a_tampered_version_says_why_it_was_refused(client, caseworker, action, version):
    client.force_login(caseworker)
    response = client.post(url(action), {"status": "done", "reference": "PD-1", "version": version})
    assert response.status_code == 400
    card = response.content.decode()
    card = card[card.index(f'id="action-{action.pk}"') :]
    assert "This page is out of date: reload it and try again." in card[: card.index("</form>")]
    assert reload(action).status == "open"


def test_an_unknown_outcome_is_refused(client, caseworker, action):
    client.force_login(caseworker)
    for data in (
        {"version": action.version},
        {"status": "open", "version": action.version},
        {"status": "done", "version": "x"},
    ):
        assert client.post(url(action), data).status_code == 400
    assert reload(action).status == "open"


def test_closing_twice_names_who_closed_it(client, caseworker, supervisor, action):
    loaded = action.version
    client.force_login(supervisor)
    client.post(url(action), {"status": "done", "reference": "PD-1", "version": loaded})
    client.force_login(caseworker)
    response = client.post(
        url(action), {"status": "done", "reference": "PD-2", "version": loaded}, follow=True
    )
    assert "This action was already closed by Morgan Reyes at" in response.content.decode()
    saved = reload(action)
    assert saved.reference == "PD-1" and saved.closed_by == supervisor


def test_a_stale_copy_is_refused(client, caseworker, action):
    """Closed and reopened in another tab since this page was loaded."""
    loaded = action.version
    client.force_login(caseworker)
    client.post(url(action), {"status": "done", "reference": "PD-0", "version": loaded})
    client.post(f"/actions/{action.pk}/reopen/", {"reason": "Wrong number.", "version": loaded + 1})
    assert reload(action).status == "open"
    response = client.post(
        url(action), {"status": "done", "reference": "PD-3", "version": loaded}, follow=True
    )
    assert "This action changed since you opened the page" in response.content.decode()
    saved = reload(action)
    assert saved.status == "open" and saved.reference == ""


def test_it_returns_to_the_page_it_came_from_but_never_elsewhere(client, caseworker, tier2_disclosure):
    first, second = tier2_disclosure.actions.filter(status="open")[:2]
    client.force_login(caseworker)
    response = client.post(
        url(first), {"status": "done", "reference": "R-1", "version": first.version, "next": "/"}
    )
    assert response["Location"] == "/"
    response = client.post(
        url(second),
        {"status": "done", "reference": "R-2", "version": second.version, "next": "https://evil.example/"},
    )
    assert response["Location"] == f"/screenings/{tier2_disclosure.pk}/#action-{second.pk}"


def test_closed_actions_leave_the_home_page_and_join_the_timeline(client, caseworker, action):
    client.force_login(caseworker)
    assert action.title in client.get("/").content.decode()
    client.post(url(action), {"status": "done", "reference": "PD-24-1187", "version": action.version})
    home = client.get("/").content.decode()
    assert f'#action-{action.pk}"' not in home
    case_page = client.get(f"/cases/{action.screening.case_id}/").content.decode()
    assert f"Done: {action.title}" in case_page and "PD-24-1187" in case_page


def test_the_interview_does_not_open_again_what_tier_1_opened(tier2_disclosure):
    """Tier 1 opened "Plan for safety"; the interview's outcome calls for it too: one task, not two."""
    parent = tier2_disclosure.follows
    assert parent.actions.filter(code="safety-planning", status="open").exists()
    open_actions = GuidanceAction.objects.filter(screening__case=parent.case, status="open")
    codes = list(open_actions.values_list("code", flat=True))
    assert len(codes) == len(set(codes))
    assert not tier2_disclosure.actions.filter(code="safety-planning").exists()


def test_closing_an_action_closes_the_same_task_opened_twice_before_instruments_v2(
    client, caseworker, tier2_disclosure
):
    """Before instruments v2, Tier 1 and Tier 2 each opened the same task: one report closes both."""
    parent = tier2_disclosure.follows
    first = tier2_disclosure.actions.get(code="report-law-enforcement")
    twin = GuidanceAction.objects.create(
        screening=parent,
        code=first.code,
        title=first.title,
        priority=first.priority,
        position=99,
        deadline_key=first.deadline_key,
        mandated_report=True,
    )
    client.force_login(caseworker)
    response = client.post(
        f"/actions/{first.pk}/close/", {"status": "done", "reference": "LE-77", "version": first.version}
    )
    assert response.status_code == 302
    twin.refresh_from_db()
    assert (twin.status, twin.reference, twin.closed_by) == ("done", "LE-77", caseworker)
    other_case_action = GuidanceAction.objects.filter(screening__case=parent.case, status="open").exclude(
        code="report-law-enforcement"
    )
    assert other_case_action.exists()  # only the same task closes


def test_each_field_is_shown_for_its_outcome(client, caseworker, action):
    """The time and number apply to "done", the reason to "not applicable": each is shown only
    once its outcome is chosen (static/js/shown-when.js)."""
    client.force_login(caseworker)
    page = client.get(action.screening.get_absolute_url()).content.decode()
    card = page[page.index(f'id="action-{action.pk}"') :]
    for name, outcome in (("done_at", "done"), ("reference", "done"), ("reason", "not_applicable")):
        field = re.search(rf'<(input|textarea)[^>]*name="{name}"[^>]*>', card).group(0)
        assert f'data-shown-when="status={outcome}"' in field, field


def test_what_the_other_outcome_holds_is_neither_checked_nor_kept(client, caseworker, action):
    """A time in the future typed before choosing "not applicable" does not refuse the form, and a
    reason typed before choosing "done" is not kept."""
    client.force_login(caseworker)
    future = local(timezone.now() + datetime.timedelta(days=3))
    response = client.post(
        url(action),
        {
            "status": "not_applicable",
            "done_at": future,
            "reference": "PD-9",
            "reason": "Reported by the CAC.",
            "version": action.version,
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "not_applicable" and action.done_at is None and action.reference == ""
