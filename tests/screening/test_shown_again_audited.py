"""A screening page shown again after refused input shows the youth's record as much as its first
showing: each is an audit event, marked "shown_again" (accounts.audit.shown)."""

import pytest

from accounts.models import AuditEvent

from .conftest import form_data

SHOWN_AGAIN = "refused input or conflict"


def last_view(case):
    return AuditEvent.objects.filter(case_id=case.pk, action="viewed").latest("id")


def test_the_interview_setting(client, caseworker, tier2_draft):
    client.force_login(caseworker)
    response = client.post(f"/screenings/{tier2_draft.pk}/setting/", {})
    assert response.status_code == 400
    assert last_view(tier2_draft.case).detail == {"page": "interview setting", "shown_again": SHOWN_AGAIN}


def test_the_screening_form(client, caseworker, tier1_draft):
    client.force_login(caseworker)
    response = client.post(
        f"/screenings/{tier1_draft.pk}/save/", form_data(tier1_draft, {"T1-RC-04": "perhaps"})
    )
    assert response.status_code == 400
    assert last_view(tier1_draft.case).detail == {"page": "screening form", "shown_again": SHOWN_AGAIN}


def test_the_determination(client, caseworker, tier1_possible):
    client.force_login(caseworker)
    response = client.post(f"/screenings/{tier1_possible.pk}/determination/", {"level": "catastrophic"})
    assert response.status_code == 400
    assert last_view(tier1_possible.case).detail == {"page": "result", "shown_again": SHOWN_AGAIN}


def test_the_addendum(client, caseworker, tier1_possible):
    client.force_login(caseworker)
    response = client.post(f"/screenings/{tier1_possible.pk}/addenda/new/", {"body": ""})
    assert response.status_code == 200
    assert last_view(tier1_possible.case).detail == {"page": "addendum", "shown_again": SHOWN_AGAIN}


@pytest.mark.parametrize("htmx", [False, True])
def test_the_review_decision(client, supervisor, tier1_possible, htmx):
    client.force_login(supervisor)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.post(f"/screenings/{tier1_possible.pk}/review/", {"decision": "maybe"}, **headers)
    assert response.status_code == 400
    assert last_view(tier1_possible.case).detail == {"page": "review", "shown_again": SHOWN_AGAIN}
