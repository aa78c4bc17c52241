"""Loading files and exporting them back: round trips, format 2 keys, established_by, jurisdictions."""

import json

import pytest

from accounts.models import AuditEvent
from indicators import exports, lifecycle, loading
from indicators.checksum import content_checksum
from indicators.comparison import compare
from indicators.content import export_content
from indicators.key_order import ordered
from indicators.models import Instrument, InstrumentVersion, Jurisdiction

from .conftest import TIER1_FILE, TIER2_FILE, format2, read, snapshot, tier2, write

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------- export / load


@pytest.mark.parametrize("path", [TIER1_FILE, TIER2_FILE], ids=["tier1", "tier2"])
def test_export_gives_the_file_back_with_the_same_checksum(loaded, path):
    original = read(path)
    version = InstrumentVersion.objects.get(instrument__slug=original["instrument"]["slug"], number=1)
    exported = json.loads(exports.export_json(version))
    assert exported == original
    assert content_checksum(exported) == version.checksum == content_checksum(original)
    assert export_content(version) == original  # the frozen rows say the same as the content
    # Same keys in the same order as the file, except vignette answers (in item order).
    assert list(exported) == list(original)
    assert [list(i) for s in exported["sections"] for i in s["items"]] == [
        list(i) for s in original["sections"] for i in s["items"]
    ]


def test_export_then_load_gives_the_same_checksum(tmp_path, draft):
    item = draft.items.get(code="T1-MT-01")
    item.text = "Exported and loaded back."
    item.save()
    lifecycle.refresh_draft(draft)
    path = write(tmp_path / "instruments", draft.export_filename, exports.export_json(draft))
    checksum = draft.checksum
    # Loading the export over the draft changes nothing ...
    report = loading.load_files([path])
    assert [r.outcome for r in report.results] == ["unchanged"]
    # ... and into a database without that draft, recreates it exactly.
    draft.delete()
    report = loading.load_files([path])
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
    report = loading.load_files([path])
    assert report.ok, [str(e) for e in report.errors]
    version = InstrumentVersion.objects.get(instrument__slug="edge-cases")
    assert version.checksum == content_checksum(data)
    assert json.loads(exports.export_json(version)) == data
    assert loading.load_files([path]).results[0].outcome == "unchanged"


def test_a_jurisdiction_gives_its_instruments_and_deadlines(loaded):
    federal = Jurisdiction.objects.get(slug="federal-baseline")
    assert federal.deadline_hours("screening_after_opening_with_runaway_history") == 72
    assert federal.deadlines_hours["report_missing_to_ncmec"] == 24
    assert [v.instrument.slug for v in federal.versions_for("general")] == [
        "tier1-indicators",
        "tier2-interview",
    ]
    assert exports.jurisdiction_data(federal) == read(
        TIER1_FILE.parents[1] / "jurisdictions" / "federal-baseline.json"
    )
    with pytest.raises(ValueError):
        federal.instruments_for("school")


def test_the_documented_example_loads_and_exports_unchanged(tmp_path, db):
    import re

    from .conftest import ROOT

    docs = (ROOT / "docs" / "instrument-format.md").read_text()
    instrument, jurisdiction = [json.loads(b) for b in re.findall(r"```json\n(.*?)```", docs, re.S)][:2]
    paths = [write(tmp_path / "instruments", "example-indicators.v1.json", instrument)]
    report = loading.load_files(paths)
    assert report.ok, [str(e) for e in report.errors]
    version = InstrumentVersion.objects.get(instrument__slug="example-indicators")
    assert version.checksum == content_checksum(instrument)
    exported = exports.export_json(version)
    assert json.loads(exported) == instrument
    # Written like the fixtures (vignette answers come out in item order).
    order = [i["code"] for s in instrument["sections"] for i in s["items"]]
    for v in instrument["vignettes"]:
        v["answers"] = dict(sorted(v["answers"].items(), key=lambda kv: order.index(kv[0])))
    assert exported == json.dumps(instrument, indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- format 2 keys


def _draft_from(content, number=None):
    """A draft built from ``content`` with content.build_rows (no schema involved)."""
    from indicators.content import build_rows

    instrument, _ = Instrument.objects.get_or_create(
        slug=content["instrument"]["slug"],
        defaults={"name": content["instrument"]["name"], "tier": content["instrument"]["tier"]},
    )
    version = InstrumentVersion.objects.create(instrument=instrument, number=number or content["version"])
    build_rows(version, content)
    version.save()
    lifecycle.refresh_draft(version)
    return version


def test_a_format2_content_with_every_new_key_survives_rows_and_back(db):
    from indicators import key_order

    data = format2()
    version = _draft_from(data)
    exported = export_content(version)
    assert exported == data
    assert content_checksum(exported) == version.checksum == content_checksum(data)
    # The keys live in their own columns, not only in the content.
    version.refresh_from_db()
    assert (version.format, version.ages, version.not_completed) == (2, data["ages"], data["not_completed"])
    item = version.items.get(code="V2-EX-01")
    assert (item.ages, item.fact, item.prefill) == ({"min": 12, "max": 25}, "exchange-for-sex", None)
    assert item.established_by == data["sections"][0]["items"][0]["established_by"]
    assert version.sections.get(code="exchange").ages == {"min": 12}
    rule = version.rules.get(rule_id="exchange")
    assert (rule.identifies, rule.trafficking_types) == ("sex", ["sex"])
    forensic, again = version.guidance.order_by("position")
    assert forensic.continues_screening is False and again.continues_screening is True
    assert forensic.applies_if == data["guidance"][0]["applies_if"]
    # Absent stays absent: not false, not null, not "".
    del data["guidance"][1]["continues_screening"]
    del data["rules"][1]["trafficking_types"]
    other = _draft_from({**data, "instrument": {**data["instrument"], "slug": "v2-absent"}})
    assert other.guidance.get(code="offer-again").continues_screening is None
    assert "continues_screening" not in export_content(other)["guidance"][1]
    assert "trafficking_types" not in export_content(other)["rules"][1]
    assert export_content(other) == {**data, "instrument": {**data["instrument"], "slug": "v2-absent"}}
    # Written in the documented key order.
    exported_item = exported["sections"][0]["items"][0]
    assert list(exported_item) == [k for k in key_order.ITEM_KEYS if k in exported_item]
    assert list(exported) == [k for k in key_order.TOP_KEYS if k in exported]
    assert list(exported["rules"][0]) == [k for k in key_order.RULE_KEYS if k in exported["rules"][0]]
    assert list(exported["guidance"][0]) == [
        k for k in key_order.GUIDANCE_KEYS if k in exported["guidance"][0]
    ]
    assert list(exported["vignettes"][0]) == [
        k for k in key_order.VIGNETTE_KEYS if k in exported["vignettes"][0]
    ]


def test_the_key_order_does_not_matter_for_the_round_trip(db):
    """PostgreSQL's jsonb reorders keys; the export puts them back in the documented order."""
    data = format2()

    def reverse(value):
        if isinstance(value, dict):
            return {k: reverse(value[k]) for k in reversed(list(value))}
        if isinstance(value, list):
            return [reverse(v) for v in value]
        return value

    version = _draft_from(reverse(data))
    assert json.dumps(export_content(version)) == json.dumps(ordered(data))
    assert version.checksum == content_checksum(data)


def test_a_published_format2_version_exports_and_copies_every_new_key(db):
    data = format2()
    version = lifecycle.publish_validated(_draft_from(data), None, request=None)
    assert json.loads(exports.export_json(version)) == {**data, "status": "published"}
    assert export_content(version) == {**data, "status": "published"}  # the frozen rows say the same
    draft = lifecycle.new_draft_from(version, None)
    copied = export_content(draft)
    del data["change_note"]  # new_draft_from starts a new change note
    assert copied == {**data, "version": 2} and draft.format == 2
    assert draft.checksum != version.checksum  # version 2, not 1


def test_a_format1_version_still_exports_format_1(v1):
    assert v1.format == 1 and export_content(v1)["format"] == 1


def test_compare_shows_changes_to_the_new_keys(db):
    old = format2()
    new = format2()
    new["format"] = 1  # any change is a change, valid or not
    new["ages"] = {"min": 12, "max": 25}
    new["not_completed"]["share_above"] = 0.75
    new["sections"][0]["ages"] = {"min": 13}
    new["sections"][0]["items"][0]["fact"] = "exchange"
    new["sections"][0]["items"][0]["established_by"]["items"] = ["T1-SX-02"]
    del new["sections"][1]["items"][0]["prefill"]
    new["sections"][1]["items"][1]["ages"] = {"max": 20}
    new["rules"][0]["identifies"] = "labor"
    new["rules"][1]["trafficking_types"] = ["sex", "labor"]
    new["guidance"][0]["applies_if"] = {"signals_any": ["identified"]}
    new["guidance"][1]["continues_screening"] = False
    comparison = compare(_draft_from(old), _draft_from(new, number=2))
    assert [(c.key, c.fields) for c in comparison.items_changed] == [
        ("V2-EX-01", ("fact", "established_by")),
        ("V2-RC-01", ("prefill",)),
        ("V2-RC-02", ("ages",)),
    ]
    assert [(c.key, c.fields) for c in comparison.sections_changed] == [("exchange", ("ages",))]
    assert [(c.key, c.fields) for c in comparison.rules_changed] == [
        ("exchange", ("identifies",)),
        ("any-sign", ("trafficking_types",)),
    ]
    assert [(c.key, c.fields) for c in comparison.guidance_changed] == [
        ("forensic-interview", ("applies_if",)),
        ("offer-again", ("continues_screening",)),
    ]
    assert set(comparison.other_changed) == {"format", "ages", "not_completed"}
    assert "item V2-EX-01 (fact, established_by) changed" in comparison.summary(limit=20)


def test_a_format2_file_loads_and_exports_unchanged(tmp_path, loaded):
    data = format2(vignettes=False)
    path = write(tmp_path / "instruments", "v2-example.v1.json", data)
    report = loading.load_files([path])
    assert report.ok, [str(e) for e in report.errors]
    version = InstrumentVersion.objects.get(instrument__slug="v2-example")
    assert version.format == 2 and version.checksum == content_checksum(data)
    assert json.loads(exports.export_json(version)) == data
    assert loading.load_files([path]).results[0].outcome == "unchanged"


# --------------------------------------------------------------------------- established_by


def test_established_by_names_items_of_an_instrument_in_the_database(tmp_path, loaded):
    data = format2(vignettes=False, established_items=("T1-SX-01", "T1-SX-02"))
    report = loading.load_files([write(tmp_path / "instruments", "v2.v1.json", data)])
    assert report.ok, [str(e) for e in report.errors]


def test_established_by_may_name_an_instrument_loaded_with_it(tmp_path, db):
    other = format2("earlier", vignettes=False, established_from="earlier", established_items=("V2-RC-01",))
    other["instrument"]["tier"] = 1
    for section in other["sections"]:
        for item in section["items"]:
            item.pop("established_by", None)
    data = format2(vignettes=False, established_from="earlier", established_items=("V2-RC-02",))
    paths = [
        write(tmp_path / "instruments", "v2.v1.json", data),
        write(tmp_path / "instruments", "earlier.v1.json", other),
    ]
    report = loading.load_files(paths)
    assert report.ok, [str(e) for e in report.errors]
    assert InstrumentVersion.objects.filter(instrument__slug__in=["v2-example", "earlier"]).count() == 2


def test_established_by_an_unknown_item_or_instrument_is_refused_and_nothing_written(tmp_path, loaded):
    bad_item = format2(vignettes=False, established_items=("T1-SX-01", "T1-SX-99"))
    bad_instrument = format2("v2-other", vignettes=False, established_from="tier9-nothing")
    paths = [
        write(tmp_path / "instruments", "v2.v1.json", bad_item),
        write(tmp_path / "instruments", "v2-other.v1.json", bad_instrument),
    ]
    before = snapshot()
    report = loading.load_files(paths)
    messages = [str(e) for e in report.errors]
    assert (
        f'{paths[0]}: $.sections[0].items[0].established_by.items[1]: instrument "tier1-indicators" '
        'has no item "T1-SX-99" in any version' in " ".join(messages)
    ), messages
    assert any(
        m.startswith(
            f"{paths[1]}: $.sections[0].items[0].established_by.instrument: unknown "
            f'instrument "tier9-nothing"'
        )
        for m in messages
    ), messages
    assert len(messages) == 2 and not report.results
    assert snapshot() == before


def test_established_by_naming_a_broken_file_waits_for_its_own_errors(tmp_path, db):
    broken = format2("earlier", vignettes=False)
    broken["status"] = "final"
    data = format2(vignettes=False, established_from="earlier", established_items=("V2-RC-01",))
    paths = [
        write(tmp_path / "instruments", "earlier.v1.json", broken),
        write(tmp_path / "instruments", "v2.v1.json", data),
    ]
    report = loading.load_files(paths)
    assert report.errors and all(e.file == str(paths[0]) for e in report.errors), report.errors


def test_check_established_by_against_the_database(loaded):
    """The layer below load_files and publish, without the schema."""
    good = format2()
    assert lifecycle.check_established_by([("v2.json", good)]) == []
    bad = format2(established_items=("T1-SX-01", "T2-DX-01"))
    assert [(e.file, e.path) for e in lifecycle.check_established_by([("v2.json", bad)])] == [
        ("v2.json", "$.sections[0].items[0].established_by.items[1]")
    ]
    # An item of any version counts; the version being checked stands in for its own number.
    itself = format2(
        "tier1-indicators", established_from="tier1-indicators", established_items=("V2-RC-01", "T1-MT-01")
    )
    errors = lifecycle.check_established_by([("t1.v1.json", itself)])
    assert [e.path for e in errors] == ["$.sections[0].items[0].established_by.items[1]"]
    assert 'no item "T1-MT-01"' in errors[0].message
    itself["version"] = 2
    assert lifecycle.check_established_by([("t1.v2.json", itself)]) == []


def test_publishing_a_draft_with_an_unknown_established_by_item_is_refused(loaded):
    draft = _draft_from(format2(vignettes=False, established_items=("T1-SX-98",)))
    _content, errors, _failures = lifecycle.check_publishable(draft)
    assert [e.path for e in errors] == ["$.sections[0].items[0].established_by.items[0]"], errors
    with pytest.raises(lifecycle.PublishRefused, match='no item "T1-SX-98"'):
        lifecycle.publish(draft)
    draft.refresh_from_db()
    assert draft.status == "draft"


# --------------------------------------------------------------------------- jurisdictions, format 2

REPORTS = [
    {
        "code": "notify-hhs",
        "title": "Notify HHS",
        "description": "Child eligibility.",
        "priority": "urgent",
        "deadline": "notify_hhs_foreign_national_child",
        "applies_if": {"signals_all": ["foreign_national", "concern_possible"]},
        "variants": [{"applies_if": {"ages": {"min": 18}}, "title": "Notify HHS (adult)"}],
        "contacts": [{"name": "HHS Office on Trafficking in Persons", "url": "https://www.acf.hhs.gov/otip"}],
        "source": {"citation": "22 U.S.C. 7105(b)(1)(G)"},
    }
]
DEFINITIONS = {
    "sex_trafficking_victim": {"force_fraud_coercion_needed_from_age": None, "citation": "42 U.S.C. 675(11)"},
    "severe_form": {"force_fraud_coercion_needed_from_age": 18, "note": "Criminal law."},
}


def _jurisdiction_v2(**changes):
    from .conftest import federal

    data = federal()
    # Other reports than the file's: their translations would not match (checked elsewhere).
    data.pop("languages", None)
    data.pop("translations", None)
    data.update(format=2, oldest_age_served=21, legal_definitions=DEFINITIONS, mandated_reports=REPORTS)
    data["deadlines_hours"].update(
        notify_hhs_foreign_national_child=24, report_online_exploitation_to_ncmec=24, offer_interview_again=48
    )
    data.update(changes)
    return data


def test_a_jurisdiction_file_loads_its_new_keys_and_updates_them(tmp_path, loaded):
    path = write(tmp_path / "jurisdictions", "federal-baseline.json", _jurisdiction_v2())
    report = loading.load_files([path])
    assert report.ok, [str(e) for e in report.errors]
    assert [r.outcome for r in report.results] == ["updated"]
    federal = Jurisdiction.objects.get(slug="federal-baseline")
    assert (federal.oldest_age_served, federal.legal_definitions, federal.mandated_reports) == (
        21,
        DEFINITIONS,
        REPORTS,
    )
    assert federal.deadline_hours("offer_interview_again") == 48
    assert federal.deadline_hours("notify_hhs_foreign_national_child") == 24
    assert exports.jurisdiction_data(federal) == _jurisdiction_v2()
    assert federal.profile() == {
        "slug": "federal-baseline",
        "name": federal.name,
        "deadlines_hours": _jurisdiction_v2()["deadlines_hours"],
        "oldest_age_served": 21,
        "legal_definitions": DEFINITIONS,
        "mandated_reports": REPORTS,
    }
    # The same file again: unchanged. Each new key, changed: updated.
    before = snapshot()
    assert [r.outcome for r in loading.load_files([path]).results] == ["unchanged"]
    assert snapshot() == before
    changed_reports = [{**REPORTS[0], "priority": "immediate"}]
    changed_definitions = {**DEFINITIONS, "severe_form": {"force_fraud_coercion_needed_from_age": 21}}
    for key, value, check in [
        ("oldest_age_served", 25, lambda j: j.oldest_age_served == 25),
        ("mandated_reports", changed_reports, lambda j: j.mandated_reports == changed_reports),
        ("legal_definitions", changed_definitions, lambda j: j.legal_definitions == changed_definitions),
    ]:
        write(tmp_path / "jurisdictions", "federal-baseline.json", _jurisdiction_v2(**{key: value}))
        assert [r.outcome for r in loading.load_files([path]).results] == ["updated"], key
        assert check(Jurisdiction.objects.get(slug="federal-baseline")), key
    data = _jurisdiction_v2(
        oldest_age_served=25, mandated_reports=changed_reports, legal_definitions=changed_definitions
    )
    data["deadlines_hours"]["report_online_exploitation_to_ncmec"] = 12
    write(tmp_path / "jurisdictions", "federal-baseline.json", data)
    assert [r.outcome for r in loading.load_files([path]).results] == ["updated"]
    assert Jurisdiction.objects.get().deadline_hours("report_online_exploitation_to_ncmec") == 12
    event = AuditEvent.objects.filter(object_type="indicators.jurisdiction", action="updated").latest("id")
    assert event.detail["deadlines_hours"]["report_online_exploitation_to_ncmec"] == 12
    assert event.detail["oldest_age_served"] == 25 and event.detail["mandated_reports"] == ["notify-hhs"]


def test_the_jurisdiction_data_is_written_in_the_documented_order(loaded):
    from indicators.key_order import JURISDICTION_KEYS, REPORT_KEYS

    data = exports.jurisdiction_data(Jurisdiction.objects.get(slug="federal-baseline"))
    assert list(data) == [k for k in JURISDICTION_KEYS if k in data]
    assert data["format"] == 2 and len(data["deadlines_hours"]) == 8
    for report in data["mandated_reports"]:
        assert list(report) == [k for k in REPORT_KEYS if k in report]


def test_a_version_gives_the_items_of_a_context_for_an_age(db):
    version = _draft_from(format2())
    every = ["V2-EX-01", "V2-EX-02", "V2-RC-01", "V2-RC-02"]
    assert version.items_for_context("general") == every  # age unknown: every age's items
    assert version.items_for_context("general", age=15) == every
    assert version.items_for_context("general", age=8) == ["V2-RC-01", "V2-RC-02"]  # section from 12
    assert version.items_for_context("general", age=23) == ["V2-EX-01", "V2-EX-02", "V2-RC-01"]
    assert version.items_for_context("cps_investigation", age=15) == ["V2-RC-01", "V2-RC-02"]
