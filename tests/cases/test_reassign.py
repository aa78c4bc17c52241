"""Reassigning a case: /cases/<pk>/reassign/ (supervisors of the case's team)."""

import pytest

from accounts.models import AuditEvent
from cases.access import cases_visible_to

# Database tests (so they run before the transactional ones, with the role groups in place).
pytestmark = pytest.mark.django_db


def url(case):
    return f"/cases/{case.pk}/reassign/"


def test_the_supervisor_reassigns_and_the_new_caseworker_sees_the_case(
    client, supervisor, caseworker, caseworker2, youth_case
):
    client.force_login(supervisor)
    assert client.get(url(youth_case)).status_code == 200
    response = client.post(
        url(youth_case), {"assigned_caseworker": caseworker2.pk, "version": youth_case.version}
    )
    assert response.status_code == 302
    youth_case.refresh_from_db()
    assert youth_case.assigned_caseworker == caseworker2
    assert youth_case in cases_visible_to(caseworker2)
    assert youth_case not in cases_visible_to(caseworker)
    event = AuditEvent.objects.filter(case_id=youth_case.pk, action="updated").latest("at")
    assert event.detail["reassigned"] == {"from": caseworker.pk, "to": caseworker2.pk}
    assert youth_case.history.first().assigned_caseworker_id == caseworker2.pk


def test_only_caseworkers_of_the_team_can_be_chosen(
    client, supervisor, other_caseworker, caseworker, youth_case
):
    client.force_login(supervisor)
    response = client.post(
        url(youth_case), {"assigned_caseworker": other_caseworker.pk, "version": youth_case.version}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    youth_case.refresh_from_db()
    assert youth_case.assigned_caseworker == caseworker


def test_reassigning_to_the_same_caseworker_says_so(client, supervisor, caseworker, youth_case):
    client.force_login(supervisor)
    response = client.post(
        url(youth_case), {"assigned_caseworker": caseworker.pk, "version": youth_case.version}
    )
    assert "already carries this case" in response.content.decode()


def test_a_stale_form_is_refused_with_the_difference(client, supervisor, caseworker2, youth_case):
    client.force_login(supervisor)
    stale = youth_case.version
    youth_case.pronouns = "they/them"
    youth_case.version += 1
    youth_case.save()
    response = client.post(url(youth_case), {"assigned_caseworker": caseworker2.pk, "version": stale})
    assert "Someone else saved this record" in response.content.decode()
    youth_case.refresh_from_db()
    assert youth_case.assigned_caseworker != caseworker2


def test_a_caseworker_cannot_reassign(client, caseworker, youth_case):
    client.force_login(caseworker)
    assert client.get(url(youth_case)).status_code == 403


@pytest.mark.parametrize(
    "persona", ["other_supervisor", "other_caseworker", "caseworker2", "instrument_admin"], indirect=True
)
def test_out_of_scope_is_404(client, persona, youth_case):
    client.force_login(persona)
    assert client.get(url(youth_case)).status_code == 404


def test_anonymous_goes_to_login(client, youth_case):
    response = client.get(url(youth_case))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_refused_input_shows_the_record_again_and_is_audited(client, supervisor, youth_case):
    client.force_login(supervisor)
    response = client.post(url(youth_case), {"assigned_caseworker": "999999", "version": youth_case.version})
    assert response.status_code == 200
    event = AuditEvent.objects.filter(case_id=youth_case.pk, action="viewed").latest("id")
    assert event.detail == {"page": "reassign", "shown_again": "refused input or conflict"}
