"""Records that never change (accounts/append_only.py): audit events, review decisions and
responses, the earlier closures of an action. The model refuses, and on PostgreSQL the database
refuses UPDATE, DELETE and TRUNCATE whatever the client."""

import pgtrigger
import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction

from accounts import audit
from accounts.append_only import AppendOnly, RecordIsFinal
from accounts.models import AuditEvent, AuditLogIsAppendOnly
from screening import services
from screening.models import (
    ActionClosure,
    ClosureIsFinal,
    ReviewDecision,
    ReviewRecordIsFinal,
    ReviewResponse,
)

from .conftest import fake_request

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL triggers")

# model -> (its exception, a text field to tamper with)
APPEND_ONLY = {
    AuditEvent: (AuditLogIsAppendOnly, "summary"),
    ReviewDecision: (ReviewRecordIsFinal, "comment"),
    ReviewResponse: (ReviewRecordIsFinal, "comment"),
    ActionClosure: (ClosureIsFinal, "why"),
}


@pytest.fixture
def record(request, caseworker, supervisor, tier1_possible):
    """One row of the model given as the parameter, written the way the app writes it."""
    model = request.param
    if model is AuditEvent:
        return audit.record(
            None, audit.Action.VIEWED, case=tier1_possible.case, obj=tier1_possible, user=caseworker
        )
    if model is ReviewDecision:
        return ReviewDecision.objects.create(
            screening=tier1_possible, decision="return", comment="Why no interview?", decided_by=supervisor
        )
    if model is ReviewResponse:
        return ReviewResponse.objects.create(
            screening=tier1_possible, comment="Planned.", created_by=caseworker
        )
    action = tier1_possible.actions.order_by("position").first()
    request = fake_request(caseworker)
    closed = services.close_action(
        request=request,
        action=action,
        status="not_applicable",
        reason="Not for this youth.",
        version=action.version,
    )
    services.reopen_action(
        request=request, action=closed, reason="Closed by mistake.", version=closed.version
    )
    return ActionClosure.objects.get(action=action)


def execute_refused(sql: str, match: str) -> None:
    with pytest.raises(DatabaseError, match=match):
        with transaction.atomic(), connection.cursor() as cursor:
            # The test's own inserts leave deferred foreign-key checks, which TRUNCATE would
            # otherwise trip on ("pending trigger events") before the trigger has its say.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(sql)


def stored(record):
    return type(record)._base_manager.filter(pk=record.pk).values().get()


every_model = pytest.mark.parametrize("record", list(APPEND_ONLY), indirect=True, ids=lambda m: m.__name__)


def test_the_append_only_models_are_these_four_and_share_one_base():
    models = {m for m in apps.get_models() if issubclass(m, AppendOnly)}
    assert models == set(APPEND_ONLY)
    for model in models:
        # The triggers come with the base, through Meta (class Meta(AppendOnly.Meta)).
        names = {trigger.name for trigger in model._meta.triggers}
        assert {"append_only", "append_only_truncate"} <= names, model
        assert issubclass(APPEND_ONLY[model][0], RecordIsFinal)


@every_model
def test_the_model_refuses_to_change_or_delete_a_row(record):
    model = type(record)
    refused, field = APPEND_ONLY[model]
    before = stored(record)
    setattr(record, field, "tampered")
    with pytest.raises(refused, match="cannot be changed"):
        record.save()
    with pytest.raises(refused, match="cannot be deleted"):
        record.delete()
    with pytest.raises(refused, match="cannot be changed"):
        model.objects.filter(pk=record.pk).update(**{field: "tampered"})
    with pytest.raises(refused, match="cannot be changed"):
        model.objects.bulk_update([record], [field])
    with pytest.raises(refused, match="cannot be deleted"):
        model.objects.all().delete()
    assert stored(record) == before


@every_model
def test_a_new_row_is_written(record):
    assert type(record).objects.filter(pk=record.pk).exists()


@on_postgresql
@every_model
@pytest.mark.parametrize(
    "sql, refused",
    [
        ("UPDATE {table} SET id = id", "UPDATE refused"),
        ("DELETE FROM {table}", "DELETE refused"),
        ("TRUNCATE {table}", "TRUNCATE refused"),
        ("TRUNCATE {table} RESTART IDENTITY CASCADE", "TRUNCATE refused"),
    ],
)
@pytest.mark.usefixtures("as_table_owner")  # the triggers hold even for the tables' owner
def test_the_database_refuses_update_delete_and_truncate(record, sql, refused):
    table = type(record)._meta.db_table
    before = stored(record)
    execute_refused(sql.format(table=table), f"{table} is append-only \\({refused}\\)")
    assert stored(record) == before


@on_postgresql
@pytest.mark.parametrize("record", [ActionClosure], indirect=True, ids=["ActionClosure"])
@pytest.mark.usefixtures("as_table_owner")  # the app's role may not TRUNCATE at all
def test_truncating_what_the_rows_point_at_is_refused_too(record):
    """TRUNCATE ... CASCADE reaches the append-only table, and its trigger refuses."""
    execute_refused("TRUNCATE screening_guidanceaction CASCADE", "screening_actionclosure is append-only")
    assert ActionClosure.objects.filter(pk=record.pk).exists()


@on_postgresql
def test_the_triggers_in_the_database_are_those_the_models_declare(db):
    """No hand-written trigger remains (migrations 0003/0005 of accounts, screening and
    indicators made them; 0004/0006 dropped them), and every declared one is installed."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE NOT t.tgisinternal"
        )
        installed = set(cursor.fetchall())
        cursor.execute(
            "SELECT proname FROM pg_proc WHERE proname IN ('audit_event_append_only', "
            "'screening_review_append_only', 'indicators_version_frozen', 'indicators_draft_rows_only')"
        )
        old_functions = cursor.fetchall()
    declared = {(model._meta.db_table, trigger.get_pgid(model)) for model, trigger in pgtrigger.registered()}
    assert installed == declared
    assert old_functions == []
