"""The instrument library's services: lifecycle, export/load round trip, compare, pinning."""

import json

import pytest

from accounts.models import AuditEvent
from indicators import services
from indicators.checksum import content_checksum
from indicators.content import export_content
from indicators.models import Instrument, InstrumentVersion, Jurisdiction, Rule

from .conftest import TIER1_FILE, TIER2_FILE, read, snapshot, tier2, write

pytestmark = pytest.mark.django_db


def events_for(version):
    return AuditEvent.objects.filter(object_type="indicators.instrumentversion", object_id=str(version.pk))


# --------------------------------------------------------------------------- export / load


@pytest.mark.parametrize("path", [TIER1_FILE, TIER2_FILE], ids=["tier1", "tier2"])
def test_export_gives_the_file_back_with_the_same_checksum(loaded, path):
    original = read(path)
    version = InstrumentVersion.objects.get(instrument__slug=original["instrument"]["slug"], number=1)
    exported = json.loads(services.export_json(version))
    assert exported == original
    assert content_checksum(exported) == version.checksum == content_checksum(original)
    assert export_content(version) == original  # the frozen rows say the same as the content
    # Same keys in the same order as the file, except vignette answers (in item order).
    assert list(exported) == list(original)
    assert [list(i) for s in exported["sections"] for i in s["items"]] == [
        list(i) for s in original["sections"] for i in s["items"]]


def test_export_then_load_gives_the_same_checksum(tmp_path, draft):
    item = draft.items.get(code="T1-MT-01")
    item.text = "Exported and loaded back."
    item.save()
    services.refresh_draft(draft)
    path = write(tmp_path / "instruments", draft.export_filename, services.export_json(draft))
    checksum = draft.checksum
    # Loading the export over the draft changes nothing ...
    report = services.load_files([path])
    assert [r.outcome for r in report.results] == ["unchanged"]
    # ... and into a database without that draft, recreates it exactly.
    draft.delete()
    report = services.load_files([path])
    assert report.ok and [r.outcome for r in report.results] == ["created"]
    again = InstrumentVersion.objects.get(instrument__slug="tier1-indicators", number=2)
    assert again.checksum == checksum
    assert again.items.get(code="T1-MT-01").text == "Exported and loaded back."


def test_optional_keys_survive_the_round_trip_exactly(tmp_path, db):
    """Empty strings, empty maps and lists and absent keys are all kept as they were."""
    data = tier2()
    data["instrument"]["slug"] = "edge-cases"
    data["instrument"]["purpose"] = ""
    data["change_note"] = ""
    data["sections"][0]["intro"] = ""
    data["sections"][0]["items"][0]["help"] = ""
    data["sections"][0]["items"][0]["points"] = {}
    data["sections"][0]["items"][1]["phrasing"] = ""
    data["sections"][0]["items"][1]["points"] = {"yes": 1.5}
    next(r for r in data["rules"] if "flags" not in r)["flags"] = []
    data["guidance"][0]["contacts"] = []
    del data["guidance"][1]["source"]
    data["answer_scales"]["interview"]["options"][0]["help"] = "Yes, this happened."
    path = write(tmp_path / "instruments", "edge-cases.v1.json", data)
    report = services.load_files([path])
    assert report.ok, [str(e) for e in report.errors]
    version = InstrumentVersion.objects.get(instrument__slug="edge-cases")
    assert version.checksum == content_checksum(data)
    assert json.loads(services.export_json(version)) == data
    assert services.load_files([path]).results[0].outcome == "unchanged"


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
    Rule.objects.create(version=draft, rule_id="many-risk-factors", level="none", position=99,
                        reason="Five or more risk factors.",
                        when={"count_at_least": 5, "where": {"kind": "risk_factor"}})
    services.record_draft_change(draft, user=user, summary="edited")
    published = services.publish(draft, user)
    assert published.status == "published" and published.published_by == user
    assert InstrumentVersion.objects.latest_published("tier1-indicators") == published
    comparison = services.compare(v1, published)
    assert [(c.key, c.fields) for c in comparison.items_changed] == [("T1-MT-01", ("text", "points"))]
    assert [(c.key, c.fields) for c in comparison.rules_changed] == [("any-indicator", ("reason",))]
    assert [c.key for c in comparison.rules_added] == ["many-risk-factors"]
    assert not comparison.items_added and not comparison.items_removed and not comparison.rules_removed
    assert "change_note" in comparison.other_changed
    assert "item T1-MT-01 (text, points) changed" in comparison.summary()
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
    comparison = services.compare(v1, draft)
    assert [c.key for c in comparison.items_added] == ["T1-MT-99"]
    assert [c.key for c in comparison.items_removed] == ["T1-MT-01"]
    assert [(c.key, c.fields) for c in comparison.items_changed] == [("T1-MT-02", ("section",))]


def test_publishing_a_draft_whose_vignettes_fail_is_refused_listing_them(draft):
    vignettes = draft.vignettes
    vignettes[0]["expected_level"] = "none"
    vignettes[2]["expected_level"] = "none"
    draft.vignettes = vignettes
    draft.save()
    services.refresh_draft(draft)
    before = snapshot()
    with pytest.raises(services.PublishRefused) as refused:
        services.publish(draft)
    failing = [f.id for f in refused.value.vignette_failures]
    assert failing == [vignettes[0]["id"], vignettes[2]["id"]]
    assert f'vignette "{vignettes[0]["id"]}"' in refused.value.messages[0]
    assert 'expected level "none", got "clear"' in refused.value.messages[0]
    assert snapshot() == before
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_publishing_an_invalid_draft_is_refused_with_the_schema_errors(draft):
    draft.guidance.get(code="call-911").delete()
    services.refresh_draft(draft)
    with pytest.raises(services.PublishRefused) as refused:
        services.publish(draft)
    assert any('unknown guidance code "call-911"' in m for m in refused.value.messages)
    assert not refused.value.vignette_failures


def test_only_a_draft_is_published_and_only_a_published_version_retired(v1, draft):
    with pytest.raises(services.PublishRefused):
        services.publish(v1)
    with pytest.raises(services.LifecycleError):
        services.retire(draft)
    retired = services.retire(v1)
    assert retired.status == "retired" and retired.content["status"] == "retired"
    assert retired.checksum == content_checksum(read(TIER1_FILE))
    with pytest.raises(InstrumentVersion.DoesNotExist):
        InstrumentVersion.objects.latest_published("tier1-indicators")
    assert events_for(retired).filter(summary__startswith="Retired").exists()


def test_editing_an_instrument_name_refreshes_its_drafts_but_not_published_versions(v1, draft):
    instrument = Instrument.objects.get(slug="tier1-indicators")
    instrument.name = "Brief indicator tool"
    instrument.save()
    services.refresh_instrument_drafts(instrument)
    draft.refresh_from_db()
    v1.refresh_from_db()
    assert draft.content["instrument"]["name"] == "Brief indicator tool"
    assert v1.content["instrument"]["name"] == read(TIER1_FILE)["instrument"]["name"]


# --------------------------------------------------------------------------- what screening uses


def test_screening_pins_the_latest_published_version(v1, draft):
    assert InstrumentVersion.objects.latest_published("tier1-indicators") == v1
    services.publish(draft)
    assert InstrumentVersion.objects.latest_published("tier1-indicators").number == 2
    pinned = InstrumentVersion.objects.pinned("tier1-indicators", 1)
    assert pinned == v1 and pinned.content == read(TIER1_FILE)
    with pytest.raises(InstrumentVersion.DoesNotExist):
        InstrumentVersion.objects.latest_published("no-such-instrument")


def test_a_jurisdiction_gives_its_instruments_and_deadlines(loaded):
    federal = Jurisdiction.objects.get(slug="federal-baseline")
    assert federal.deadline_hours("screening_after_opening_with_runaway_history") == 72
    assert federal.deadlines_hours["report_missing_to_ncmec"] == 24
    assert [v.instrument.slug for v in federal.versions_for("general")] == [
        "tier1-indicators", "tier2-interview"]
    assert services.jurisdiction_data(federal) == read(TIER1_FILE.parents[1] / "jurisdictions"
                                                       / "federal-baseline.json")
    with pytest.raises(ValueError):
        federal.instruments_for("school")


def test_rules_of_a_draft_can_be_reordered_and_the_content_follows(draft):
    first, second = draft.rules.order_by("position")[:2]
    first.position, second.position = 1, 0
    first.save()
    second.save()
    services.refresh_draft(draft)
    assert [r["id"] for r in draft.content["rules"][:2]] == [second.rule_id, first.rule_id]
    assert Rule.objects.filter(version=draft).count() == len(draft.content["rules"])


def test_the_documented_example_loads_and_exports_unchanged(tmp_path, db):
    import re

    from .conftest import ROOT

    docs = (ROOT / "docs" / "instrument-format.md").read_text()
    instrument, jurisdiction = [json.loads(b) for b in re.findall(r"```json\n(.*?)```", docs, re.S)][:2]
    paths = [write(tmp_path / "instruments", "example-indicators.v1.json", instrument)]
    report = services.load_files(paths)
    assert report.ok, [str(e) for e in report.errors]
    version = InstrumentVersion.objects.get(instrument__slug="example-indicators")
    assert version.checksum == content_checksum(instrument)
    exported = services.export_json(version)
    assert json.loads(exported) == instrument
    # Written like the fixtures (vignette answers come out in item order).
    order = [i["code"] for s in instrument["sections"] for i in s["items"]]
    for v in instrument["vignettes"]:
        v["answers"] = dict(sorted(v["answers"].items(), key=lambda kv: order.index(kv[0])))
    assert exported == json.dumps(instrument, indent=2, ensure_ascii=False) + "\n"
