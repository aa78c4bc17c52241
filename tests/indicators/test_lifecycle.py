"""A version's lifecycle: new draft, edit, publish (or refused), retire, compare; what screening pins."""

import pytest
from django.utils import translation

from accounts.models import AuditEvent
from indicators import lifecycle
from indicators.checksum import content_checksum
from indicators.comparison import compare
from indicators.content import export_content
from indicators.models import Instrument, InstrumentVersion, Rule

from .conftest import TIER1_FILE, read, snapshot

pytestmark = pytest.mark.django_db


def events_for(version):
    return AuditEvent.objects.filter(object_type="indicators.instrumentversion", object_id=str(version.pk))


# --------------------------------------------------------------------------- lifecycle


def test_new_draft_copies_everything_into_the_next_number(v1, draft):
    assert draft.number == 2 and draft.status == "draft" and draft.change_note == "Testing."
    old, new = export_content(v1), export_content(draft)
    assert new["sections"] == old["sections"] and new["rules"] == old["rules"]
    assert new["guidance"] == old["guidance"] and new["vignettes"] == old["vignettes"]
    assert new["version"] == 2 and draft.checksum == content_checksum(new)
    assert events_for(draft).filter(action="created").exists()
    v1.refresh_from_db()
    assert v1.status == "published" and v1.checksum == content_checksum(read(TIER1_FILE))


def test_new_draft_edit_publish_compare(v1, draft, django_user_model):
    user = django_user_model.objects.create(username="editor")
    item = draft.items.get(code="T1-MT-01")
    item.text = "Has run away three or more times."
    item.points = {"yes": 2}
    item.save()
    rule = draft.rules.get(rule_id="any-indicator")
    rule.reason = "At least one indicator."
    rule.save()
    Rule.objects.create(
        version=draft,
        rule_id="many-risk-factors",
        level="none",
        position=99,
        reason="Five or more risk factors.",
        when={"count_at_least": 5, "where": {"kind": "risk_factor"}},
    )
    lifecycle.record_draft_change(draft, user=user, summary="edited")
    published = lifecycle.publish(draft, user)
    assert published.status == "published" and published.published_by == user
    assert InstrumentVersion.objects.latest_published("tier1-indicators") == published
    comparison = compare(v1, published)
    assert [(c.key, c.fields) for c in comparison.items_changed] == [("T1-MT-01", ("text", "points"))]
    assert [(c.key, c.fields) for c in comparison.rules_changed] == [("any-indicator", ("reason",))]
    assert [c.key for c in comparison.rules_added] == ["many-risk-factors"]
    assert not comparison.items_added and not comparison.items_removed and not comparison.rules_removed
    assert "change_note" in comparison.other_changed
    assert "change note" in comparison.other_changed_words  # named for a reader, not by its key
    assert "item T1-MT-01 (text, points) changed" in comparison.summary()
    with translation.override("es"):  # whole phrases in the reader's language, no English word
        assert "ítem T1-MT-01 (text, points) modificado" in comparison.summary()
        assert "regla many-risk-factors agregada" in comparison.summary()
        assert "nota de cambios: modificado" in comparison.summary()
    # Audited: the edit and the publication.
    assert events_for(published).filter(action="updated", summary="edited").exists()
    assert events_for(published).filter(action="updated", summary__startswith="Published").exists()


def test_compare_lists_added_and_removed_items_and_moves(v1, draft):
    item = draft.items.get(code="T1-MT-01")
    item.code = "T1-MT-99"
    item.save()
    moved = draft.items.get(code="T1-MT-02")
    moved.section = draft.sections.exclude(pk=moved.section_id).first()
    moved.save()
    comparison = compare(v1, draft)
    assert [c.key for c in comparison.items_added] == ["T1-MT-99"]
    assert [c.key for c in comparison.items_removed] == ["T1-MT-01"]
    assert [(c.key, c.fields) for c in comparison.items_changed] == [("T1-MT-02", ("section",))]


def test_publishing_a_draft_whose_vignettes_fail_is_refused_listing_them(draft):
    vignettes = draft.vignettes
    vignettes[0]["expected_level"] = "none"
    vignettes[2]["expected_level"] = "none"
    draft.vignettes = vignettes
    draft.save()
    lifecycle.refresh_draft(draft)
    before = snapshot()
    with pytest.raises(lifecycle.PublishRefused) as refused:
        lifecycle.publish(draft)
    failing = [f.id for f in refused.value.vignette_failures]
    assert failing == [vignettes[0]["id"], vignettes[2]["id"]]
    assert f'vignette "{vignettes[0]["id"]}"' in refused.value.messages[0]
    assert 'expected level "none", got "clear"' in refused.value.messages[0]
    assert snapshot() == before
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_publishing_an_invalid_draft_is_refused_with_the_schema_errors(draft):
    draft.guidance.get(code="call-911").delete()
    lifecycle.refresh_draft(draft)
    with pytest.raises(lifecycle.PublishRefused) as refused:
        lifecycle.publish(draft)
    assert any('unknown guidance code "call-911"' in m for m in refused.value.messages)
    assert not refused.value.vignette_failures


def test_only_a_draft_is_published_and_only_a_published_version_retired(v1, draft):
    with pytest.raises(lifecycle.PublishRefused):
        lifecycle.publish(v1)
    with pytest.raises(lifecycle.LifecycleError):
        lifecycle.retire(draft)
    retired = lifecycle.retire(v1)
    assert retired.status == "retired" and retired.content["status"] == "retired"
    assert retired.checksum == content_checksum(read(TIER1_FILE))
    with pytest.raises(InstrumentVersion.DoesNotExist):
        InstrumentVersion.objects.latest_published("tier1-indicators")
    assert events_for(retired).filter(summary__startswith="Retired").exists()


def test_editing_an_instrument_name_refreshes_its_drafts_but_not_published_versions(v1, draft):
    instrument = Instrument.objects.get(slug="tier1-indicators")
    instrument.name = "Brief indicator tool"
    instrument.save()
    lifecycle.refresh_instrument_drafts(instrument)
    draft.refresh_from_db()
    v1.refresh_from_db()
    assert draft.content["instrument"]["name"] == "Brief indicator tool"
    assert v1.content["instrument"]["name"] == read(TIER1_FILE)["instrument"]["name"]


def test_screening_pins_the_latest_published_version(v1, draft):
    assert InstrumentVersion.objects.latest_published("tier1-indicators") == v1
    lifecycle.publish(draft)
    assert InstrumentVersion.objects.latest_published("tier1-indicators").number == 2
    pinned = InstrumentVersion.objects.pinned("tier1-indicators", 1)
    assert pinned == v1 and pinned.content == read(TIER1_FILE)
    with pytest.raises(InstrumentVersion.DoesNotExist):
        InstrumentVersion.objects.latest_published("no-such-instrument")


def test_rules_of_a_draft_can_be_reordered_and_the_content_follows(draft):
    first, second = draft.rules.order_by("position")[:2]
    first.position, second.position = 1, 0
    first.save()
    second.save()
    lifecycle.refresh_draft(draft)
    assert [r["id"] for r in draft.content["rules"][:2]] == [second.rule_id, first.rule_id]
    assert Rule.objects.filter(version=draft).count() == len(draft.content["rules"])
