"""The default instruments and jurisdiction written from the seed documents."""

import json
import random
import re
from pathlib import Path

import pytest

from indicators.engine import items_for_context, score
from indicators.schema import check_vignettes

ROOT = Path(__file__).resolve().parents[2]
INSTRUMENTS = ROOT / "fixtures" / "instruments"
SEEDS = ROOT.parent / "shared" / "seeds"

TIER1 = json.loads((INSTRUMENTS / "tier1-indicators.v1.json").read_text())
TIER2 = json.loads((INSTRUMENTS / "tier2-interview.v1.json").read_text())
FEDERAL = json.loads((ROOT / "fixtures" / "jurisdictions" / "federal-baseline.json").read_text())
CONTENTS = {"tier1": TIER1, "tier2": TIER2}


def items(content, kind=None):
    return [i for s in content["sections"] for i in s["items"] if kind is None or i["kind"] == kind]


def codes(content, kind=None):
    return [i["code"] for i in items(content, kind)]


def guidance_codes(result):
    return [g.code for g in result.guidance]


def _vignettes():
    return [
        pytest.param(name, v, id=f"{name}:{v['id']}")
        for name, content in CONTENTS.items()
        for v in content["vignettes"]
    ]


# --------------------------------------------------------------------------- vignettes


@pytest.mark.parametrize(("name", "vignette"), _vignettes())
def test_every_default_vignette_passes(name, vignette):
    content = CONTENTS[name]
    context = vignette.get("context")
    presented = items_for_context(content, context) if context else None
    result = score(content, vignette["answers"], items_presented=presented)
    assert result.level == vignette["expected_level"], [r.id for r in result.fired_rules]
    if "expected_flags" in vignette:
        assert set(result.flags) == set(vignette["expected_flags"])


@pytest.mark.parametrize("name", sorted(CONTENTS))
def test_check_vignettes_finds_no_failure(name):
    assert check_vignettes(CONTENTS[name]) == []


@pytest.mark.parametrize("name", sorted(CONTENTS))
def test_at_least_six_vignettes_covering_every_level(name):
    vignettes = CONTENTS[name]["vignettes"]
    assert len(vignettes) >= 6
    assert {v["expected_level"] for v in vignettes} == {"none", "possible", "clear"}


def test_tier1_encodes_the_three_case_examples_of_seed_002():
    ids = [v["id"] for v in TIER1["vignettes"] if v["id"].startswith("seed002-example-")]
    assert len(ids) == 3
    for v in TIER1["vignettes"]:
        if v["id"].startswith("seed002-"):
            assert v["source"]["seed"] == "002_a0771d54910a724e.txt"
            assert v["expected_level"] == "clear"


def test_tier2_encodes_seed_002_examples_including_a_return_from_missing():
    seed = [v for v in TIER2["vignettes"] if v["id"].startswith("seed002-")]
    assert len(seed) >= 2
    assert any(v.get("context") == "return_from_missing" for v in seed)


def test_threshold_edge_vignettes_are_present():
    ids = {v["id"] for v in TIER1["vignettes"]}
    assert {
        "zero-indicators",
        "risk-factors-only",
        "exactly-one-indicator",
        "two-indicators",
        "three-indicators",
        "unknowns-only",
    } <= ids
    ids = {v["id"] for v in TIER2["vignettes"]}
    assert {"all-no", "declined-only", "unknown-only", "four-points", "five-points"} <= ids


# --------------------------------------------------------------------------- tier 1


def _only(content, code, value="yes", filler="no"):
    answers = dict.fromkeys(codes(content, "indicator"), filler)
    answers[code] = value
    return score(content, answers)


@pytest.mark.parametrize("code", codes(TIER1, "indicator"))
def test_tier1_exactly_one_indicator_gives_possible_and_tier2(code):
    result = _only(TIER1, code)
    assert "tier2_recommended" in result.flags
    assert "tier2-interview" in guidance_codes(result)
    if code == "T1-SX-03":
        # A known exchange of anything of value for a sex act is trafficking by law.
        assert result.level == "clear" and result.next_step == "stop_disclosure"
    else:
        assert result.level == "possible"
        assert result.next_step == "tier2_recommended"
        assert [r.id for r in result.fired_rules][-1] in {"any-indicator", "chronic-missing"}


def test_tier1_exactly_one_indicator_among_unknowns_is_still_possible():
    answers = dict.fromkeys(codes(TIER1, "indicator"), "unknown")
    answers["T1-LB-03"] = "yes"
    result = score(TIER1, answers)
    assert result.level == "possible" and "tier2_recommended" in result.flags


def test_tier1_items_are_indicators_and_risk_factors_written_for_the_caseworker():
    assert {i["kind"] for i in items(TIER1)} == {"indicator", "risk_factor"}
    for item in items(TIER1):
        assert not re.search(r"\byou(r)?\b", item["text"], re.I), item["code"]
        assert item["scale"] == "yes_no_unknown"


def test_tier1_covers_the_indicators_named_in_seeds_003_and_004():
    text = " ".join(i["text"].lower() for i in items(TIER1, "indicator"))
    for phrase in (
        "three or more",
        "cash",
        "prepaid cards",
        "hotel keys",
        "branding",
        "controlling adult",
        "romantic partner",
        "speak alone",
        "coached",
        "identification",
        "the life",
        "the game",
        "more than one phone",
        "secret online profiles",
        "trips",
        "truck stop",
        "expensive things",
        "long hours",
        "lives where they work",
        "paid little or nothing",
        "debt to their employer",
        "not free to leave",
        "injuries",
    ):
        assert phrase in text, phrase


def test_tier1_risk_factors_cover_seed_002_four_levels():
    tags = {t for i in items(TIER1, "risk_factor") for t in i.get("tags", [])}
    assert {"individual", "relationship", "community", "societal"} <= tags
    assert all(i["trafficking_type"] == "vulnerability" for i in items(TIER1, "risk_factor"))


def test_risk_factors_alone_never_exceed_none():
    risks = codes(TIER1, "risk_factor")
    rng = random.Random(20240)
    subsets = [[], risks, *([r] for r in risks)]
    subsets += [rng.sample(risks, rng.randint(1, len(risks))) for _ in range(150)]
    for subset in subsets:
        for filler in ("no", "unknown", None):
            answers = {} if filler is None else dict.fromkeys(codes(TIER1, "indicator"), filler)
            answers.update(dict.fromkeys(subset, "yes"))
            result = score(TIER1, answers)
            assert result.level == "none", subset
            assert "tier2_recommended" not in result.flags
    result = score(TIER1, dict.fromkeys(risks, "yes"))
    assert [r.id for r in result.fired_rules] == ["risk-factors-present"]
    assert "prevention-supports" in guidance_codes(result)


# --------------------------------------------------------------------------- tier 2


def test_tier2_disclosure_gives_clear_stop_and_the_forensic_interview():
    result = score(TIER2, {"T2-DX-01": "yes"})
    assert result.level == "clear"
    assert "stop_disclosure" in result.flags and result.next_step == "stop_disclosure"
    by_code = {g.code: g for g in result.guidance}
    assert result.guidance[0].code == "stop-questioning"
    cac = by_code["cac-forensic-interview"]
    assert "Child Advocacy Center" in cac.title and cac.mandatory
    for code in ("report-child-abuse-hotline", "report-law-enforcement"):
        assert by_code[code].mandatory
        assert by_code[code].deadline == "report_trafficking_to_law_enforcement"
    hotline = by_code["national-human-trafficking-hotline"].contacts[0]
    assert (hotline.phone, hotline.text) == ("1-888-373-7888", "233733")
    disclosure = [r for r in result.fired_rules if r.id == "disclosure"][0]
    assert [(a.item, a.answer) for a in disclosure.answers] == [("T2-DX-01", "yes")]


@pytest.mark.parametrize("context", ["general", "return_from_missing"])
def test_tier2_disclosure_stops_in_every_context(context):
    presented = items_for_context(TIER2, context)
    answers = dict.fromkeys(presented, "declined")
    answers["T2-DX-01"] = "yes"
    result = score(TIER2, answers, items_presented=presented)
    assert result.level == "clear" and result.next_step == "stop_disclosure"


def test_tier2_disclosure_item_says_what_counts():
    item = next(i for i in items(TIER2) if i["code"] == "T2-DX-01")
    text = (item["text"] + " " + item["help"]).lower()
    for word in ("sex act", "anything of value", "money", "food", "shelter", "drugs", "clothing", "no force"):
        assert word in text, word
    assert "don't have to answer" in item["phrasing"]


@pytest.mark.parametrize("code", codes(TIER2, "question"))
def test_every_interview_question_accepts_declined(code):
    scale = TIER2["answer_scales"][next(i["scale"] for i in items(TIER2) if i["code"] == code)]
    labels = {o["value"]: o["label"] for o in scale["options"]}
    assert labels["declined"] == "Declined to answer"
    result = score(TIER2, {code: "declined"})
    assert result.points == 0 and result.level == "none"


def test_every_interview_question_has_suggested_phrasing():
    assert {i["kind"] for i in items(TIER2)} == {"question"}
    for item in items(TIER2):
        assert item["phrasing"].strip().endswith(("?", ".")), item["code"]


def test_tier2_has_the_sections_and_the_tailored_return_section():
    titles = [s["title"] for s in TIER2["sections"]]
    for title in (
        "Living situation and basic needs",
        "Money and work",
        "Relationships and control",
        "Online activity",
        "Travel",
        "Safety",
        "While you were away",
        "Disclosure",
    ):
        assert title in titles
    tailored = [s for s in TIER2["sections"] if s.get("contexts")]
    assert [s["code"] for s in tailored] == ["while-away"]
    assert tailored[0]["contexts"] == ["return_from_missing"]
    return_codes = [i["code"] for i in tailored[0]["items"]]
    assert not set(return_codes) & set(items_for_context(TIER2, "general"))
    assert set(return_codes) <= set(items_for_context(TIER2, "return_from_missing"))
    phrasing = " ".join(i["phrasing"].lower() for i in tailored[0]["items"])
    for words in (
        "take care of yourself",
        "where did you stay",
        "who were you with",
        "in exchange for a place to stay",
    ):
        assert words in phrasing


# --------------------------------------------------------------------------- sources, wording


def _all_sources():
    for name, content in CONTENTS.items():
        for item in items(content):
            yield f"{name}:{item['code']}", item.get("source")
        for g in content["guidance"]:
            if "source" in g:
                yield f"{name}:guidance:{g['code']}", g["source"]
    yield "federal-baseline", FEDERAL["source"]


def test_every_item_has_a_source_naming_a_seed_file_and_section():
    for name, content in CONTENTS.items():
        for item in items(content):
            source = item["source"]
            assert re.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt", source["seed"]), (name, item["code"])
            assert source["section"].strip()


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seed folder is not available")
def test_every_cited_seed_file_exists():
    for where, source in _all_sources():
        assert (SEEDS / source["seed"]).is_file(), where


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seed folder is not available")
def test_cited_seed_sections_exist_in_the_seed():
    """The first words of each cited section (up to a colon or parenthesis) are in the seed."""
    for where, source in _all_sources():
        text = (SEEDS / source["seed"]).read_text().lower()
        head = re.split(r"[:(]", source["section"])[0].strip().lower()
        head = head.removeprefix("opening lines").strip() or "call 911"
        if head.startswith("paragraphs on"):
            continue
        assert head.split("?")[0] in text, (where, head)


def test_wording_is_person_first_and_never_blames_the_youth():
    blob = json.dumps([TIER1, TIER2, FEDERAL]).lower()
    for word in ("prostitut", "child prostitute", "willing", "chose to", "promiscu", "runaway kid"):
        assert word not in blob, word


def test_contact_numbers_come_from_the_product_brief_and_no_state_number_is_invented():
    contacts = {
        c["name"]: c
        for content in CONTENTS.values()
        for g in content["guidance"]
        for c in g.get("contacts", [])
    }
    assert contacts["Emergency services"]["phone"] == "911"
    assert contacts["National Human Trafficking Hotline"]["phone"] == "1-888-373-7888"
    assert contacts["National Human Trafficking Hotline"]["text"] == "233733"
    assert contacts["National Center for Missing & Exploited Children (NCMEC)"]["phone"] == (
        "1-800-THE-LOST (1-800-843-5678)"
    )
    state = contacts["Your state's child abuse hotline"]
    assert "phone" not in state and "differs by state" in state["note"]


def test_guidance_covers_the_services_of_seeds_001_and_004():
    guidance = {g["code"] for g in TIER1["guidance"]} | {g["code"] for g in TIER2["guidance"]}
    assert {
        "call-911",
        "report-child-abuse-hotline",
        "report-law-enforcement",
        "national-human-trafficking-hotline",
        "report-missing-law-enforcement",
        "report-missing-ncmec",
        "cac-forensic-interview",
        "medical-dental-screening",
        "behavioral-health",
        "safe-stable-placement",
        "safety-planning",
        "education-support",
        "legal-services",
        "mentor-advocate",
        "tier2-interview",
    } <= guidance


def test_shared_guidance_codes_mean_the_same_in_both_instruments():
    t1 = {g["code"]: g for g in TIER1["guidance"]}
    for g in TIER2["guidance"]:
        if g["code"] in t1:
            assert g == t1[g["code"]], g["code"]


def test_no_hours_in_instrument_content():
    for content in CONTENTS.values():
        for g in content["guidance"]:
            assert not re.search(r"\b\d+\s*hours?\b", g["description"]), g["code"]


# --------------------------------------------------------------------------- jurisdiction


def test_federal_baseline_deadlines_and_contexts():
    assert FEDERAL["deadlines_hours"] == {
        "screening_after_return_from_missing": 24,
        "screening_after_opening_with_runaway_history": 72,
        "report_missing_to_law_enforcement": 24,
        "report_missing_to_ncmec": 24,
        "report_trafficking_to_law_enforcement": 24,
        "notify_hhs_foreign_national_child": 24,
        "report_online_exploitation_to_ncmec": 24,
        "offer_interview_again": 72,
    }
    assert FEDERAL["format"] == 2 and FEDERAL["oldest_age_served"] == 25
    # Federal child-welfare law: a youth in care is a sex trafficking victim whatever their age; the
    # criminal "severe form" needs force, fraud or coercion from 18.
    definitions = FEDERAL["legal_definitions"]
    assert definitions["sex_trafficking_victim"]["force_fraud_coercion_needed_from_age"] is None
    assert definitions["severe_form"]["force_fraud_coercion_needed_from_age"] == 18
    reports = {r["code"]: r for r in FEDERAL["mandated_reports"]}
    assert reports["report-law-enforcement"]["applies_if"]["signals_any"] == ["identified"]
    hotline = reports["report-child-abuse-hotline"]["applies_if"]
    assert "concern_clear" in hotline["signals_any"] and hotline["ages"] == {"max": 17}
    hhs = next(
        r
        for r in FEDERAL["mandated_reports"]
        if "foreign_national"
        in r["applies_if"].get("signals_all", []) + r["applies_if"].get("signals_any", [])
    )
    assert FEDERAL["deadlines_hours"][hhs["deadline"]] == 24
    # Mandated reports attach to signals, never to a count of circumstantial signs.
    for report in FEDERAL["mandated_reports"]:
        assert "concern_possible" not in report["applies_if"].get("signals_any", []), report["code"]
    assert FEDERAL["contexts"] == {
        context: ["tier1-indicators", "tier2-interview"]
        for context in ("general", "cps_investigation", "entry_into_care", "return_from_missing")
    }


def test_every_guidance_deadline_is_set_by_the_jurisdiction():
    for content in CONTENTS.values():
        for g in content["guidance"]:
            if "deadline" in g:
                assert g["deadline"] in FEDERAL["deadlines_hours"]
