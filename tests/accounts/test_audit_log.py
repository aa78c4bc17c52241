import pytest
from django.contrib.admin.sites import site
from django.db import connection, transaction
from django.db.utils import InternalError
from django.test import RequestFactory

from accounts import audit
from accounts.models import AuditEvent, AuditLogIsAppendOnly


@pytest.fixture
def event(caseworker, youth_case):
    return audit.record(None, audit.Action.VIEWED, case=youth_case, obj=youth_case, user=caseworker)


def test_an_event_cannot_be_changed_or_deleted_through_the_model(event):
    event.summary = "tampered"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(summary="tampered")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).summary == "case"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE accounts_auditevent SET summary = 'tampered'",
        "DELETE FROM accounts_auditevent",
    ],
)
@pytest.mark.usefixtures("as_table_owner")  # the triggers hold even for the tables' owner
def test_the_database_refuses_raw_updates_and_deletes(event, sql):
    with pytest.raises(InternalError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEvent.objects.filter(pk=event.pk, summary="case").exists()


def test_the_admin_offers_no_add_change_or_delete(event, admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user
    model_admin = site._registry[AuditEvent]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, event)
    assert not model_admin.has_delete_permission(request, event)


def test_the_admin_list_and_page_are_readable_but_not_editable(client, event, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/accounts/auditevent/").status_code == 200
    page = client.get(f"/admin/accounts/auditevent/{event.pk}/change/")
    assert page.status_code == 200
    assert b'name="summary"' not in page.content
    response = client.post(f"/admin/accounts/auditevent/{event.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_forwarded_address_is_used_only_when_configured(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.1")
    settings.AUDIT_TRUST_X_FORWARDED_FOR = False
    assert audit.client_address(request) == "10.0.0.1"
    settings.AUDIT_TRUST_X_FORWARDED_FOR = True
    assert audit.client_address(request) == "203.0.113.9"
