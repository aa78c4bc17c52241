"""`manage.py load_instruments`: validates everything first, then loads all or nothing."""

import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import AuditEvent
from indicators import lifecycle
from indicators.checksum import content_checksum
from indicators.models import Instrument, InstrumentVersion, Item, Jurisdiction

from .conftest import (
    FEDERAL_FILE,
    INSTRUMENTS,
    JURISDICTIONS,
    LIBRARY_FILES,
    TIER1_FILE,
    TIER2_FILE,
    federal,
    read,
    snapshot,
    tier1,
    tier2,
    write,
)

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("load_instruments", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args):
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("load_instruments", *[str(a) for a in args], stdout=io.StringIO(), stderr=err)
    return str(exc.value), err.getvalue()


# --------------------------------------------------------------------------- the defaults


def test_it_loads_the_default_jurisdiction_and_both_instruments():
    out, err = run()
    assert err == ""
    for name in ("tier1-indicators", "tier2-interview"):
        for number in (1, 2, 3):
            line = f"fixtures/instruments/{name}.v{number}.json: {name} v{number}: created, published"
            assert line in out
    assert "fixtures/jurisdictions/federal-baseline.json: federal-baseline: created" in out
    for slug, path in (("tier1-indicators", TIER1_FILE), ("tier2-interview", TIER2_FILE)):
        latest = path.with_name(f"{slug}.v3.json")
        version = InstrumentVersion.objects.latest_published(slug)
        assert version.number == 3 and version.status == "published" and version.format == 2
        assert version.content["languages"] == ["en", "es"]
        assert version.checksum == content_checksum(read(latest)) and version.content == read(latest)
        first = InstrumentVersion.objects.pinned(slug, 1)
        assert first.status == "published" and first.content == read(path) and first.format == 1
        assert version.published_at is not None
    federal_ = Jurisdiction.objects.get(slug="federal-baseline")
    assert federal_.deadlines_hours == read(FEDERAL_FILE)["deadlines_hours"]
    assert federal_.mandated_reports == read(FEDERAL_FILE)["mandated_reports"]
    assert federal_.legal_definitions == read(FEDERAL_FILE)["legal_definitions"]
    assert federal_.oldest_age_served == read(FEDERAL_FILE)["oldest_age_served"]
    assert [i.slug for i in federal_.instruments_for("return_from_missing")] == [
        "tier1-indicators",
        "tier2-interview",
    ]
    items = Item.objects.filter(version__instrument__slug="tier1-indicators", version__number=1)
    assert items.count() == sum(len(s["items"]) for s in read(TIER1_FILE)["sections"])


def test_loading_the_defaults_twice_changes_nothing():
    out, _ = run()
    files = out.count(": created")
    before = snapshot()
    out, _ = run()
    assert out.count(": unchanged") == files == 7
    assert snapshot() == before


def test_check_validates_and_writes_nothing():
    before = snapshot()
    out, _ = run("--check")
    assert "ok (would be created, published)" in out and "nothing was written" in out
    assert snapshot() == before
    assert Instrument.objects.count() == 0


def test_check_reports_errors_too(tmp_path):
    bad = write(tmp_path / "instruments", "bad.v1.json", {**tier1(), "status": "final"})
    message, err = run_failing("--check", bad)
    assert f'{bad}: $.status: unknown status "final"' in err
    assert "nothing was loaded" in message


def test_a_path_may_be_a_folder_or_a_file(tmp_path):
    out, _ = run(INSTRUMENTS)
    assert "tier1-indicators v1: created" in out and "federal" not in out
    out, _ = run(FEDERAL_FILE)
    assert "federal-baseline: created" in out


def test_instrument_files_are_loaded_before_jurisdictions_whatever_the_order(tmp_path):
    out, _ = run(JURISDICTIONS, INSTRUMENTS)
    assert "federal-baseline: created" in out
    assert Jurisdiction.objects.get().instruments_for("general")[0].slug == "tier1-indicators"


# --------------------------------------------------------------------------- malformed files


def _mutate(fn, base=tier1):
    def make():
        data = base()
        fn(data)
        return data

    return make


def _set(path, value, base=tier1):
    """Set data[path...] = value (path: keys and indexes)."""

    def fn(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return _mutate(fn, base)


def _delete(path, base=tier1):
    def fn(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return _mutate(fn, base)


def _first_rule_guidance(data):
    data["rules"][0]["guidance"] = ["call-991"]


def _duplicate_item(data):
    data["sections"][0]["items"][1]["code"] = data["sections"][0]["items"][0]["code"]


def _failing_vignette(data):
    data["vignettes"][0]["expected_level"] = "none"


def _tier2_question_without_declined(data):
    data["answer_scales"]["interview"]["options"] = [
        o for o in data["answer_scales"]["interview"]["options"] if o["value"] != "declined"
    ]
    for v in data["vignettes"]:
        v["answers"] = {k: a for k, a in v["answers"].items() if a != "declined"}


def _rule_without_answer(data):
    data["rules"][0]["when"] = {"not": {"count_at_least": 1, "where": {"kind": "indicator"}}}


def _bad_operator(data):
    data["rules"][0]["when"] = {"count_atleast": 1}


def _deadline_in_hours(data):
    data["guidance"][0]["deadline"] = 24


def _jurisdiction_missing_deadline(data):
    del data["deadlines_hours"]["report_missing_to_ncmec"]


def _jurisdiction_wrong_order(data):
    data["contexts"]["general"] = ["tier2-interview", "tier1-indicators"]


RAW = "raw"

# (id, folder, file name, content, JSON path, message fragment)
MALFORMED = [
    (
        "not-json",
        "instruments",
        "broken.v1.json",
        '{"format": 1,, }',
        "$",
        "not valid JSON: Expecting property name enclosed in double quotes at line 1, column 14",
    ),
    ("not-utf8", "instruments", "latin1.v1.json", b'{"name": "Jos\xe9"}', "$", "not UTF-8 text"),
    (
        "duplicate-key",
        "instruments",
        "dup.v1.json",
        '{"format": 1, "format": 1}',
        "$",
        'the key "format" appears twice in one object',
    ),
    (
        "top-level-array",
        "instruments",
        "list.v1.json",
        "[]",
        "$",
        "the top level must be a JSON object (an instrument version), got an array",
    ),
    (
        "unsupported-format",
        "instruments",
        "f.v1.json",
        _set(["format"], 3),
        "$.format",
        "unsupported format 3; this program reads formats 1 and 2",
    ),
    (
        "missing-key",
        "instruments",
        "m.v1.json",
        _delete(["rules"]),
        "$",
        'missing required key "rules" in an instrument version',
    ),
    (
        "typo-key",
        "instruments",
        "t.v1.json",
        _mutate(lambda d: d.update(ruels=d["rules"])),
        "$.ruels",
        'unknown key "ruels" in an instrument version (did you mean "rules"?)',
    ),
    (
        "bad-version",
        "instruments",
        "v.v1.json",
        _set(["version"], 0),
        "$.version",
        "version must be a positive integer, got the integer 0",
    ),
    (
        "bad-status",
        "instruments",
        "s.v1.json",
        _set(["status"], "final"),
        "$.status",
        'unknown status "final"',
    ),
    (
        "bad-slug",
        "instruments",
        "slug.v1.json",
        _set(["instrument", "slug"], "Tier 1"),
        "$.instrument.slug",
        'invalid slug "Tier 1"',
    ),
    (
        "unknown-scale",
        "instruments",
        "sc.v1.json",
        _set(["sections", 0, "items", 0, "scale"], "yesno"),
        "$.sections[0].items[0].scale",
        'unknown answer scale "yesno"',
    ),
    (
        "duplicate-item-code",
        "instruments",
        "dc.v1.json",
        _mutate(_duplicate_item),
        "$.sections[0].items[1].code",
        'duplicate item code "T1-MT-01"',
    ),
    (
        "item-without-source",
        "instruments",
        "src.v1.json",
        _delete(["sections", 0, "items", 0, "source"]),
        "$.sections[0].items[0]",
        'missing required key "source" in an item',
    ),
    (
        "points-for-unknown",
        "instruments",
        "pts.v1.json",
        _set(["sections", 0, "items", 0, "points"], {"yes": 1, "unknown": 1}),
        "$.sections[0].items[0].points.unknown",
        'answer "unknown" may not carry points',
    ),
    (
        "unknown-kind",
        "instruments",
        "kind.v1.json",
        _set(["sections", 0, "items", 0, "kind"], "sign"),
        "$.sections[0].items[0].kind",
        'unknown kind "sign"',
    ),
    (
        "unknown-level",
        "instruments",
        "lvl.v1.json",
        _set(["rules", 0, "level"], "high"),
        "$.rules[0].level",
        'unknown level "high"',
    ),
    (
        "unknown-guidance",
        "instruments",
        "g.v1.json",
        _mutate(_first_rule_guidance),
        "$.rules[0].guidance[0]",
        'unknown guidance code "call-991" (did you mean "call-911"?)',
    ),
    (
        "unknown-operator",
        "instruments",
        "op.v1.json",
        _mutate(_bad_operator),
        "$.rules[0].when.count_atleast",
        'unknown operator "count_atleast"',
    ),
    (
        "rule-fires-without-answer",
        "instruments",
        "na.v1.json",
        _mutate(_rule_without_answer),
        "$.rules[0].when",
        "must need at least one matching answer to fire",
    ),
    (
        "deadline-in-hours",
        "instruments",
        "dl.v1.json",
        _mutate(_deadline_in_hours),
        "$.guidance[0].deadline",
        "never a number of hours",
    ),
    (
        "failing-vignette",
        "instruments",
        "vig.v1.json",
        _mutate(_failing_vignette),
        "$.vignettes[0]",
        'vignette "seed002-example-1-familial"',
    ),
    (
        "tier2-question-without-declined",
        "instruments",
        "t2.v1.json",
        _mutate(_tier2_question_without_declined, tier2),
        "$.sections[0].items[0].scale",
        'every interview question must be answerable "Declined to answer"',
    ),
    (
        "jurisdiction-missing-deadline",
        "jurisdictions",
        "j.json",
        _mutate(_jurisdiction_missing_deadline, federal),
        "$.deadlines_hours",
        'missing deadline "report_missing_to_ncmec"',
    ),
    (
        "jurisdiction-zero-hours",
        "jurisdictions",
        "j0.json",
        _set(["deadlines_hours", "report_missing_to_ncmec"], 0, federal),
        "$.deadlines_hours.report_missing_to_ncmec",
        "deadline hours must be a positive whole number",
    ),
    (
        "jurisdiction-unknown-instrument",
        "jurisdictions",
        "ju.json",
        _set(["contexts", "general"], ["tier1-indicators", "tier3-extra"], federal),
        "$.contexts.general[1]",
        'unknown instrument "tier3-extra"',
    ),
    (
        "jurisdiction-tier-order",
        "jurisdictions",
        "jo.json",
        _mutate(_jurisdiction_wrong_order, federal),
        "$.contexts.general",
        "list the instruments in tier order, tier 1 first",
    ),
    (
        "unclassifiable",
        "elsewhere",
        "what.json",
        {"format": 1, "slug": "x"},
        "$",
        "cannot tell whether this is an instrument version",
    ),
]


def _materialise(tmp_path, folder, name, content):
    if callable(content):
        content = content()
    return write(tmp_path / folder, name, content)


@pytest.mark.parametrize(
    ("folder", "name", "content", "json_path", "message"),
    [pytest.param(*case[1:], id=case[0]) for case in MALFORMED],
)
def test_a_malformed_file_is_refused_naming_file_and_place_and_nothing_changes(
    tmp_path, folder, name, content, json_path, message
):
    run(*LIBRARY_FILES)  # the defaults are in the database
    # A valid new version alongside the bad file must not be loaded either.
    new_version = write(
        tmp_path / "ok", "tier1-indicators.v2.json", {**tier1(), "version": 2, "status": "draft"}
    )
    bad = _materialise(tmp_path, folder, name, content)
    before = snapshot()
    error, err = run_failing(new_version, bad)
    prefix = f"{bad}: {json_path}: "
    assert any(line.startswith(prefix) and message in line for line in err.splitlines()), err
    assert "nothing was loaded and the database is unchanged" in error
    assert snapshot() == before
    assert not InstrumentVersion.objects.filter(number=2).exists()


def test_at_least_fifteen_kinds_of_malformed_file_are_covered():
    assert len(MALFORMED) >= 15
    assert len({case[5] for case in MALFORMED}) == len(MALFORMED)  # each its own message


def test_a_malformed_file_on_an_empty_database_writes_nothing_at_all(tmp_path):
    bad = write(tmp_path / "instruments", "x.v1.json", {**tier1(), "status": "final"})
    before = snapshot()
    run_failing(INSTRUMENTS, JURISDICTIONS, bad)
    assert snapshot() == before
    assert Instrument.objects.count() == 0


def test_every_error_of_every_file_is_reported(tmp_path):
    a = write(tmp_path / "instruments", "a.v1.json", {**tier1(), "status": "final", "version": -1})
    b = write(tmp_path / "jurisdictions", "b.json", {**federal(), "name": ""})
    message, err = run_failing(a, b)
    assert f"{a}: $.status:" in err and f"{a}: $.version:" in err and f"{b}: $.name: must not be empty" in err
    assert message.startswith(f"{len(err.splitlines())} problems found")


def test_a_missing_path_is_an_error(tmp_path):
    message, err = run_failing(tmp_path / "nope.json")
    assert f"{tmp_path / 'nope.json'}: $: no such file or folder" in err


def test_two_files_for_one_version_are_refused(tmp_path):
    a = write(tmp_path / "instruments", "a.json", tier1())
    _, err = run_failing(TIER1_FILE, a)
    assert f'{a}: $.version: version 1 of "tier1-indicators" is also in' in err


def test_an_instrument_tier_never_changes(tmp_path):
    run(*LIBRARY_FILES)
    data = tier1()
    data.update(version=2, status="draft")
    data["instrument"]["tier"] = 2
    path = write(tmp_path / "instruments", "t.v2.json", data)
    before = snapshot()
    _, err = run_failing(path)
    assert f'{path}: $.instrument.tier: instrument "tier1-indicators" is tier 1 in the database' in err
    assert snapshot() == before


# --------------------------------------------------------------------------- published versions


def test_a_file_that_would_alter_a_published_version_is_refused_with_advice(tmp_path):
    run(*LIBRARY_FILES)
    data = tier1()
    data["sections"][0]["items"][0]["text"] = "Changed wording."
    path = write(tmp_path / "instruments", "tier1-indicators.v1.json", data)
    before = snapshot()
    _, err = run_failing(path)
    assert f'{path}: $: version 1 of "tier1-indicators" is published in the database and never changes' in err
    assert "item T1-MT-01 (text) changed" in err
    assert '"version": 2' in err and "make a new version" in err
    assert snapshot() == before


def test_a_published_file_for_a_retired_version_or_a_draft_file_for_a_published_one_is_fine(tmp_path):
    run(*LIBRARY_FILES)
    version = InstrumentVersion.objects.get(instrument__slug="tier1-indicators", number=1)
    lifecycle.retire(version)
    before = snapshot()
    out, _ = run(TIER1_FILE)
    assert "tier1-indicators v1: unchanged" in out
    as_draft = write(tmp_path / "instruments", "t.json", {**tier1(), "status": "draft"})
    out, _ = run(as_draft)
    assert "unchanged" in out
    assert snapshot() == before


def test_a_retired_status_in_the_file_retires_the_published_version(tmp_path):
    run(*LIBRARY_FILES)
    path = write(tmp_path / "instruments", "t.json", {**tier1(), "status": "retired"})
    out, _ = run(path)
    assert "tier1-indicators v1: retired" in out
    version = InstrumentVersion.objects.get(instrument__slug="tier1-indicators", number=1)
    assert version.status == "retired" and version.retired_at is not None
    assert version.checksum == content_checksum(tier1())


# --------------------------------------------------------------------------- drafts


def _v2(status="draft", text=None):
    data = tier1()
    data.update(version=2, status=status, change_note="Second version.")
    if text:
        data["sections"][0]["items"][0]["text"] = text
    return data


def test_a_draft_file_creates_a_draft_and_a_changed_file_replaces_it(tmp_path):
    run(*LIBRARY_FILES)
    path = write(tmp_path / "instruments", "tier1-indicators.v2.json", _v2())
    out, _ = run(path)
    assert "tier1-indicators v2: created" in out
    draft = InstrumentVersion.objects.get(instrument__slug="tier1-indicators", number=2)
    assert draft.status == "draft" and draft.checksum == content_checksum(_v2())
    write(tmp_path / "instruments", "tier1-indicators.v2.json", _v2(text="Reworded."))
    out, _ = run(path)
    assert "tier1-indicators v2: updated" in out
    draft.refresh_from_db()
    assert draft.checksum == content_checksum(_v2(text="Reworded."))
    assert draft.items.get(code="T1-MT-01").text == "Reworded."
    assert draft.items.count() == sum(len(s["items"]) for s in tier1()["sections"])
    before = snapshot()
    out, _ = run(path)
    assert "tier1-indicators v2: unchanged" in out
    assert snapshot() == before
    # The published version 1 is untouched; screenings still get it.
    assert InstrumentVersion.objects.latest_published("tier1-indicators").number == 1


def test_a_file_with_status_published_publishes_the_draft(tmp_path):
    run(*LIBRARY_FILES)
    path = write(tmp_path / "instruments", "tier1-indicators.v2.json", _v2())
    run(path)
    write(tmp_path / "instruments", "tier1-indicators.v2.json", _v2(status="published"))
    out, _ = run(path)
    assert "tier1-indicators v2: published" in out
    version = InstrumentVersion.objects.latest_published("tier1-indicators")
    assert version.number == 2 and version.checksum == content_checksum(_v2())
    assert AuditEvent.objects.filter(
        object_type="indicators.instrumentversion", object_id=str(version.pk), summary__startswith="Published"
    ).exists()


def test_the_instrument_name_follows_its_latest_version(tmp_path):
    run(*LIBRARY_FILES)
    data = _v2()
    data["instrument"]["name"] = "Tier 1 (revised)"
    path = write(tmp_path / "instruments", "tier1-indicators.v2.json", data)
    run(path)
    assert Instrument.objects.get(slug="tier1-indicators").name == "Tier 1 (revised)"
    v1 = InstrumentVersion.objects.get(instrument__slug="tier1-indicators", number=1)
    assert v1.content["instrument"]["name"] == tier1()["instrument"]["name"]  # frozen
    before = snapshot()
    run(TIER1_FILE, path)
    assert snapshot() == before


def test_loading_writes_audit_events(tmp_path):
    run(*LIBRARY_FILES)
    events = AuditEvent.objects.filter(object_type="indicators.instrumentversion")
    assert events.filter(action="created").count() == 2
    assert events.filter(action="updated", summary__startswith="Published").count() == 2
    assert AuditEvent.objects.filter(object_type="indicators.jurisdiction", action="created").count() == 1


# --------------------------------------------------------------------------- format 2 keys


def test_an_established_by_naming_an_unknown_item_is_refused_with_its_place(tmp_path):
    from .conftest import format2

    run(*LIBRARY_FILES)
    good = write(
        tmp_path / "instruments",
        "v2-example.v1.json",
        format2(vignettes=False, established_items=("T1-SX-01",)),
    )
    bad = write(
        tmp_path / "instruments",
        "v2-other.v1.json",
        format2("v2-other", vignettes=False, established_items=("T1-SX-01", "T1-ZZ-01")),
    )
    before = snapshot()
    message, err = run_failing(good, bad)
    assert (
        f'{bad}: $.sections[0].items[0].established_by.items[1]: instrument "tier1-indicators" has no '
        f'item "T1-ZZ-01" in any version'
    ) in err
    assert str(good) not in err and "nothing was loaded" in message
    assert snapshot() == before
    out, _ = run(good)
    assert "v2-example v1: created" in out
    assert InstrumentVersion.objects.get(instrument__slug="v2-example").format == 2


def test_a_jurisdiction_file_updates_its_reports_definitions_and_ages(tmp_path):
    run(*LIBRARY_FILES)
    data = federal()
    data["oldest_age_served"] = 21
    data["legal_definitions"]["severe_form"]["force_fraud_coercion_needed_from_age"] = 21
    data["mandated_reports"] = data["mandated_reports"][:1]
    data["translations"]["es"]["mandated_reports"] = {
        code: texts
        for code, texts in data["translations"]["es"]["mandated_reports"].items()
        if code == data["mandated_reports"][0]["code"]
    }
    data["deadlines_hours"]["notify_hhs_foreign_national_child"] = 12
    path = write(tmp_path / "jurisdictions", "federal-baseline.json", data)
    out, _ = run(path)
    assert "federal-baseline: updated" in out
    federal_ = Jurisdiction.objects.get()
    assert federal_.profile() == {
        key: data[key]
        for key in (
            "slug",
            "name",
            "deadlines_hours",
            "oldest_age_served",
            "legal_definitions",
            "mandated_reports",
        )
    }
    before = snapshot()
    out, _ = run(path)
    assert "federal-baseline: unchanged" in out
    assert snapshot() == before


def test_a_format1_jurisdiction_file_is_refused_naming_the_keys_to_add(tmp_path):
    data = federal()
    data["format"] = 1
    for key in ("oldest_age_served", "legal_definitions", "mandated_reports"):
        del data[key]
    path = write(tmp_path / "jurisdictions", "old.json", data)
    _, err = run_failing(*LIBRARY_FILES[:2], path)
    assert f"{path}: $.format:" in err and "oldest_age_served" in err and "mandated_reports" in err
