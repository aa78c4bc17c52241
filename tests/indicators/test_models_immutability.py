"""A published (or retired) version never changes: model, queryset and database."""

import pytest
from django.db import DatabaseError, connection, transaction

from indicators import lifecycle
from indicators.models import (
    GuidanceAction,
    InstrumentVersion,
    Item,
    Rule,
    Section,
    VersionIsFrozen,
)

from .conftest import snapshot

pytestmark = pytest.mark.django_db


def test_a_published_version_cannot_be_saved_with_changes(v1):
    before = snapshot()
    for field, value in [
        ("change_note", "rewritten"),
        ("number", 7),
        ("checksum", "0" * 64),
        ("answer_scales", {}),
        ("vignettes", []),
        ("format", 2),
        ("ages", {"min": 12}),
        ("not_completed", {"share_above": 0.5}),
    ]:
        version = InstrumentVersion.objects.get(pk=v1.pk)
        setattr(version, field, value)
        with pytest.raises(VersionIsFrozen, match="make a new draft"):
            version.save()
    version = InstrumentVersion.objects.get(pk=v1.pk)
    version.content = {**version.content, "rules": []}
    with pytest.raises(VersionIsFrozen):
        version.save()
    version = InstrumentVersion.objects.get(pk=v1.pk)
    version.status = "draft"
    with pytest.raises(VersionIsFrozen):
        version.save()
    assert snapshot() == before


def test_a_published_version_can_only_be_retired_and_then_never_changes(v1):
    v1.save()  # saving it unchanged is harmless
    v1.status = "retired"
    v1.content = {**v1.content, "status": "retired"}
    v1.save()
    v1.status = "published"
    with pytest.raises(VersionIsFrozen):
        v1.save()


def test_a_published_version_cannot_be_deleted(v1):
    with pytest.raises(VersionIsFrozen):
        v1.delete()
    assert InstrumentVersion.objects.filter(pk=v1.pk).exists()


def test_querysets_refuse_bulk_changes_to_published_versions(v1, draft):
    with pytest.raises(VersionIsFrozen):
        InstrumentVersion.objects.update(change_note="bulk")
    with pytest.raises(VersionIsFrozen):
        InstrumentVersion.objects.filter(pk=v1.pk).delete()
    assert InstrumentVersion.objects.filter(pk=draft.pk).update(change_note="bulk") == 1


@pytest.mark.parametrize("model", [Section, Item, Rule, GuidanceAction])
def test_rows_of_a_published_version_cannot_change(v1, model):
    before = snapshot()
    row = model.objects.filter(version=v1).first()
    with pytest.raises(VersionIsFrozen):
        row.save()
    with pytest.raises(VersionIsFrozen):
        row.delete()
    with pytest.raises(VersionIsFrozen):
        model.objects.filter(version=v1).update(position=99)
    with pytest.raises(VersionIsFrozen):
        model.objects.filter(version=v1).delete()
    assert snapshot() == before


def test_no_row_can_be_added_to_a_published_version(v1):
    with pytest.raises(VersionIsFrozen):
        Section.objects.create(version=v1, code="new", title="New")
    with pytest.raises(VersionIsFrozen):
        Rule.objects.create(version=v1, rule_id="new", level="none", reason="r", when={"count_at_least": 1})


def test_a_row_cannot_be_moved_out_of_a_published_version(v1, draft):
    rule = Rule.objects.filter(version=v1).first()
    rule.version = draft
    with pytest.raises(VersionIsFrozen):
        rule.save()


def test_rows_of_a_draft_can_change(draft):
    item = Item.objects.filter(version=draft).first()
    item.text = "Changed in the draft."
    item.save()
    Rule.objects.filter(version=draft).update(reason="bulk")
    GuidanceAction.objects.filter(version=draft, code="call-911").delete()
    lifecycle.refresh_draft(draft)
    assert draft.content["rules"][0]["reason"] == "bulk"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL triggers")
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE indicators_instrumentversion SET change_note = 'sql' WHERE id = %s",
        "UPDATE indicators_instrumentversion SET status = 'draft' WHERE id = %s",
        "UPDATE indicators_instrumentversion SET content = content || '{\"rules\": []}' WHERE id = %s",
        "DELETE FROM indicators_instrumentversion WHERE id = %s",
        "UPDATE indicators_item SET text = 'sql' WHERE version_id = %s",
        "DELETE FROM indicators_rule WHERE version_id = %s",
        "INSERT INTO indicators_section (version_id, code, title, position) VALUES (%s, 'x', 'x', 0)",
        # The columns of format 2 (migration 0004).
        "UPDATE indicators_instrumentversion SET format = 2 WHERE id = %s",
        "UPDATE indicators_instrumentversion SET ages = '{\"min\": 12}' WHERE id = %s",
        "UPDATE indicators_instrumentversion SET not_completed = '{\"share_above\": 0.5}' WHERE id = %s",
        "UPDATE indicators_section SET ages = '{\"min\": 12}' WHERE version_id = %s",
        "UPDATE indicators_item SET ages = '{\"max\": 17}' WHERE version_id = %s",
        "UPDATE indicators_item SET fact = 'exchange' WHERE version_id = %s",
        'UPDATE indicators_item SET prefill = \'{"from": "missing_episodes", "at_least": 1}\' '
        "WHERE version_id = %s",
        'UPDATE indicators_item SET established_by = \'{"instrument": "x", "items": ["y"]}\' '
        "WHERE version_id = %s",
        "UPDATE indicators_rule SET identifies = 'sex' WHERE version_id = %s",
        "UPDATE indicators_rule SET trafficking_types = '[\"labor\"]' WHERE version_id = %s",
        'UPDATE indicators_guidanceaction SET applies_if = \'{"signals_any": ["stop"]}\' '
        "WHERE version_id = %s",
        "UPDATE indicators_guidanceaction SET continues_screening = false WHERE version_id = %s",
    ],
)
def test_the_database_itself_refuses_changes_to_a_published_version(v1, sql):
    before = snapshot()
    with pytest.raises(DatabaseError, match="never changes"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [v1.pk])
    assert snapshot() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL triggers")
def test_the_database_lets_a_published_version_be_retired(v1):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE indicators_instrumentversion SET status = 'retired', "
            "content = jsonb_set(content, '{status}', '\"retired\"') WHERE id = %s",
            [v1.pk],
        )
    v1.refresh_from_db()
    assert v1.status == "retired"


@pytest.mark.parametrize(
    "model, field, value",
    [
        (Section, "ages", {"min": 12}),
        (Item, "fact", "exchange"),
        (Item, "prefill", {"from": "missing_episodes"}),
        (Item, "established_by", {"instrument": "x", "items": ["y"]}),
        (Item, "ages", {"max": 17}),
        (Rule, "identifies", "sex"),
        (Rule, "trafficking_types", ["sex"]),
        (GuidanceAction, "applies_if", {"signals_any": ["stop"]}),
        (GuidanceAction, "continues_screening", True),
    ],
)
def test_the_new_fields_of_a_published_versions_rows_cannot_change(v1, model, field, value):
    before = snapshot()
    row = model.objects.filter(version=v1).first()
    setattr(row, field, value)
    with pytest.raises(VersionIsFrozen):
        row.save()
    with pytest.raises(VersionIsFrozen):
        model.objects.filter(version=v1).update(**{field: value})
    assert snapshot() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL triggers")
@pytest.mark.usefixtures("as_table_owner")  # ALTER TABLE: the owner's, never the app's role's
def test_the_database_protects_a_column_added_later_too(v1):
    """The trigger compares the whole row (InstrumentVersion.Meta.triggers), so a future column
    needs no change to it."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE waits for no deferred check
        cursor.execute("ALTER TABLE indicators_instrumentversion ADD COLUMN later integer")
        with pytest.raises(DatabaseError, match="never changes"), transaction.atomic():
            cursor.execute("UPDATE indicators_instrumentversion SET later = 1 WHERE id = %s", [v1.pk])
        transaction.set_rollback(True)  # drop the column again


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL triggers")
def test_the_database_lets_a_draft_change_its_new_columns(draft):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE indicators_instrumentversion SET format = 2, ages = '{\"min\": 12}' WHERE id = %s",
            [draft.pk],
        )
        cursor.execute("UPDATE indicators_item SET fact = 'x' WHERE version_id = %s", [draft.pk])
    draft.refresh_from_db()
    assert draft.format == 2 and draft.ages == {"min": 12}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL triggers")
def test_the_database_keeps_a_retired_version_as_it_was_retired(v1):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE indicators_instrumentversion SET status = 'retired', retired_at = now(), "
            "content = jsonb_set(content, '{status}', '\"retired\"') WHERE id = %s",
            [v1.pk],
        )
    before = snapshot()
    for sql in (
        "UPDATE indicators_instrumentversion SET retired_at = now() - interval '1 day' WHERE id = %s",
        "UPDATE indicators_instrumentversion SET status = 'published' WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="is retired and never changes"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, [v1.pk])
    assert snapshot() == before


def test_a_frozen_version_is_one_of_the_records_that_never_change():
    from accounts.append_only import RecordIsFinal

    assert issubclass(VersionIsFrozen, RecordIsFinal)
