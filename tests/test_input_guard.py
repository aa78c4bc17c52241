"""A NUL byte anywhere in a request is refused at the edge with a page that says why; the other
control characters are cleaned out of the text, not refused (config/input_guard.py)."""

import pytest

from accounts.models import AuditEvent
from cases.models import CaseNote


@pytest.mark.parametrize(
    "query", ["q=%00", "q=abc%00def", "status=%00", "%00=1", "page=1%00", "sort=%00name"]
)
def test_a_nul_in_the_case_list_query_is_refused_with_a_clear_page(client, caseworker, youth_case, query):
    client.force_login(caseworker)
    before = AuditEvent.objects.count()
    response = client.get(f"/cases/?{query}")
    assert response.status_code == 400
    assert "cannot be stored (a NUL byte)" in response.content.decode()
    assert AuditEvent.objects.count() == before


def test_a_nul_in_a_note_saves_nothing(client, caseworker, youth_case):
    client.force_login(caseworker)
    response = client.post(f"/cases/{youth_case.pk}/notes/new/", {"body": "Visited\x00 today"})
    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()
    assert not CaseNote.objects.exists()


def test_a_nul_at_login_is_refused_before_the_throttle(client, db):
    response = client.post("/accounts/login/", {"username": "casey\x00", "password": "x"})
    assert response.status_code == 400


def test_a_nul_in_the_address_is_refused(client, caseworker):
    client.force_login(caseworker)
    assert client.get("/cases/%00/").status_code == 400


def test_pasted_line_breaks_become_line_breaks_and_other_controls_go(client, caseworker, youth_case):
    client.force_login(caseworker)
    response = client.post(
        f"/cases/{youth_case.pk}/notes/new/", {"body": "First line\x0bsecond\x0cthird\x07 bell\x1b[0m"}
    )
    assert response.status_code == 302
    assert CaseNote.objects.get().body == "First line\nsecond\nthird bell[0m"


def test_tabs_and_line_breaks_are_kept(client, caseworker, youth_case):
    client.force_login(caseworker)
    client.post(f"/cases/{youth_case.pk}/notes/new/", {"body": "a\tb\r\nc"})
    assert CaseNote.objects.get().body in ("a\tb\r\nc", "a\tb\nc")
