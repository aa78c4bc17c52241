"""A published (or retired) version never changes: model, queryset and database."""

import pytest
from django.db import DatabaseError, connection, transaction

from indicators import services
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
    for field, value in [("change_note", "rewritten"), ("number", 7), ("checksum", "0" * 64),
                         ("answer_scales", {}), ("vignettes", [])]:
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
        Rule.objects.create(version=v1, rule_id="new", level="none", reason="r",
                            when={"count_at_least": 1})


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
    services.refresh_draft(draft)
    assert draft.content["rules"][0]["reason"] == "bulk"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL triggers")
@pytest.mark.parametrize("sql", [
    "UPDATE indicators_instrumentversion SET change_note = 'sql' WHERE id = %s",
    "UPDATE indicators_instrumentversion SET status = 'draft' WHERE id = %s",
    "UPDATE indicators_instrumentversion SET content = content || '{\"rules\": []}' WHERE id = %s",
    "DELETE FROM indicators_instrumentversion WHERE id = %s",
    "UPDATE indicators_item SET text = 'sql' WHERE version_id = %s",
    "DELETE FROM indicators_rule WHERE version_id = %s",
    "INSERT INTO indicators_section (version_id, code, title, position) VALUES (%s, 'x', 'x', 0)",
])
def test_the_database_itself_refuses_changes_to_a_published_version(v1, sql):
    before = snapshot()
    with pytest.raises(DatabaseError, match="never changes"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [v1.pk])
    assert snapshot() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL triggers")
def test_the_database_lets_a_published_version_be_retired(v1):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE indicators_instrumentversion SET status = 'retired', "
                       "content = jsonb_set(content, '{status}', '\"retired\"') WHERE id = %s", [v1.pk])
    v1.refresh_from_db()
    assert v1.status == "retired"
