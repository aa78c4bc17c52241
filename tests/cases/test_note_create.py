from accounts.models import AuditEvent
from cases.models import CaseNote


def test_the_caseworker_adds_a_note_from_the_case_page(client, caseworker, youth_case):
    client.force_login(caseworker)
    response = client.post(f"/cases/{youth_case.pk}/notes/new/", {"body": "  Lexi asked to move schools.  "})
    assert response.status_code == 302
    note = CaseNote.objects.get(case=youth_case)
    assert note.body == "Lexi asked to move schools."
    assert note.author == caseworker
    assert AuditEvent.objects.filter(
        case_id=youth_case.pk, action="created", object_type="cases.casenote"
    ).exists()
    page = client.get(f"/cases/{youth_case.pk}/").content.decode()
    assert "Lexi asked to move schools." in page


def test_an_empty_note_is_refused(client, caseworker, youth_case):
    client.force_login(caseworker)
    response = client.post(f"/cases/{youth_case.pk}/notes/new/", {"body": "   "})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not CaseNote.objects.exists()


def test_a_note_longer_than_the_limit_is_refused(client, caseworker, youth_case):
    client.force_login(caseworker)
    response = client.post(f"/cases/{youth_case.pk}/notes/new/", {"body": "a" * 10001})
    assert response.status_code == 200
    assert "at most 10000 characters (it has 10001)" in response.content.decode()
    assert 'maxlength="10000"' in response.content.decode()
    assert not CaseNote.objects.exists()


def test_markup_in_a_note_is_shown_as_text(client, caseworker, youth_case):
    client.force_login(caseworker)
    client.post(f"/cases/{youth_case.pk}/notes/new/", {"body": "<script>alert(1)</script>"})
    page = client.get(f"/cases/{youth_case.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_instrument_admin_cannot_add_notes(client, instrument_admin, youth_case):
    client.force_login(instrument_admin)
    assert client.post(f"/cases/{youth_case.pk}/notes/new/", {"body": "x"}).status_code == 404
    assert not CaseNote.objects.exists()
