"""`manage.py score`: answers in, each tier's result and the screening's outcome out (JSON); bad
input is an error, never ignored."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from indicators import lifecycle, loading

from .conftest import write

pytestmark = pytest.mark.django_db


def scored(*args):
    """Everything the command prints: {"tiers": [...], "outcome": {...}}."""
    out = io.StringIO()
    call_command("score", *[str(a) for a in args], stdout=out)
    return json.loads(out.getvalue())


def score(*args):
    """The first tier's result."""
    return scored(*args)["tiers"][0]


def score_error(*args):
    with pytest.raises(CommandError) as exc:
        call_command("score", *[str(a) for a in args], stdout=io.StringIO())
    return str(exc.value)


def test_one_tier1_indicator_gives_possible_and_recommends_tier2(loaded, tmp_path):
    answers = write(tmp_path, "a.json", {"T1-MT-02": "yes", "T1-MT-03": "no"})
    result = score("--instrument", "tier1-indicators", "--answers", answers)
    assert result["level"] == "possible"
    assert result["version"] == 1 and result["instrument"] == "tier1-indicators"
    assert result["next_step"] == "tier2_recommended"
    assert [r["id"] for r in result["fired_rules"]] == ["any-indicator"]


def test_the_disclosure_item_gives_clear_stop_and_forensic_interview(loaded, tmp_path):
    answers = write(tmp_path, "a.json", {"T2-DX-01": "yes"})
    result = score("--instrument", "tier2-interview", "--version", 1, "--answers", answers)
    assert result["level"] == "clear"
    assert "stop_disclosure" in result["flags"] and result["next_step"] == "stop_disclosure"
    codes = [g["code"] for g in result["guidance"]]
    assert "cac-forensic-interview" in codes
    assert {"report-child-abuse-hotline", "report-law-enforcement"} <= set(codes)


def test_declined_and_unknown_never_count(loaded, tmp_path):
    answers = write(tmp_path, "a.json", {"T2-DX-01": "declined", "T2-LS-01": "unknown"})
    assert score("--instrument", "tier2-interview", "--answers", answers)["level"] == "none"


def test_a_context_presents_only_its_items(loaded, tmp_path):
    answers = write(tmp_path, "a.json", {"T2-RM-01": "yes"})
    message = score_error("--instrument", "tier2-interview", "--answers", answers, "--context", "general")
    assert 'item "T2-RM-01" was answered but not presented' in message
    result = score(
        "--instrument", "tier2-interview", "--answers", answers, "--context", "return_from_missing"
    )
    assert result["answers"] == {"T2-RM-01": "yes"}


def test_unknown_codes_and_bad_values_are_errors_listing_each(loaded, tmp_path):
    answers = write(tmp_path, "a.json", {"T1-NOPE": "yes", "T1-MT-01": "maybe", "T1-MT-02": 1})
    message = score_error("--instrument", "tier1-indicators", "--answers", answers)
    assert "the answers do not fit tier1-indicators version 1" in message
    assert 'unknown item code "T1-NOPE"' in message
    assert 'item "T1-MT-01": "maybe" is not an allowed answer; allowed: yes, no, unknown' in message
    assert 'item "T1-MT-02": answer must be a string' in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "{not json",
            "not valid JSON: Expecting property name enclosed in double quotes at line 1, column 2",
        ),
        ('["T1-MT-01"]', "expected a JSON object of item code -> answer"),
    ],
)
def test_a_bad_answers_file_is_an_error(loaded, tmp_path, content, expected):
    answers = write(tmp_path, "a.json", content)
    assert expected in score_error("--instrument", "tier1-indicators", "--answers", answers)


def test_a_missing_answers_file_is_an_error(loaded, tmp_path):
    message = score_error("--instrument", "tier1-indicators", "--answers", tmp_path / "none.json")
    assert "no such answers file" in message


def test_an_unknown_instrument_or_version_is_an_error(loaded, tmp_path):
    answers = write(tmp_path, "a.json", {})
    assert 'unknown instrument "tier9"; known instruments: tier1-indicators, tier2-interview' in score_error(
        "--instrument", "tier9", "--answers", answers
    )
    assert 'instrument "tier1-indicators" has no version 4; its versions: 1' in score_error(
        "--instrument", "tier1-indicators", "--version", 4, "--answers", answers
    )


def test_a_draft_is_scored_only_when_asked_for_by_number(draft, tmp_path):
    lifecycle.retire(draft.previous())
    answers = write(tmp_path, "a.json", {"T1-MT-01": "yes"})
    assert "has no published version; give --version N" in score_error(
        "--instrument", "tier1-indicators", "--answers", answers
    )
    assert score("--instrument", "tier1-indicators", "--version", 2, "--answers", answers)["version"] == 2


# --------------------------------------------------------------------------- the protocol (v2)


@pytest.fixture
def defaults(db):
    """Every default file: v1 and v2 of both instruments, and the federal baseline."""
    report = loading.load_files()
    assert report.ok, [str(e) for e in report.errors]


def outcome_of(tmp_path, tier1, tier2=None, *extra):
    args = ["--instrument", "tier1-indicators", "--answers", write(tmp_path, "t1.json", tier1), *extra]
    if tier2 is not None:
        args += ["--then", "tier2-interview", "--then-answers", write(tmp_path, "t2.json", tier2)]
    return scored(*args)


def test_the_outcome_has_the_promised_keys(defaults, tmp_path):
    data = outcome_of(tmp_path, {"T1-RC-04": "yes"}, None, "--age", 15)
    assert [t["instrument"] for t in data["tiers"]] == ["tier1-indicators"]
    for key in (
        "level",
        "identified",
        "trafficking_types",
        "stop",
        "not_completed",
        "mandated_reports",
        "actions",
        "next_step",
        "reasons",
    ):
        assert key in data["outcome"], key
    assert data["outcome"]["next_step"] == "interview"


@pytest.mark.parametrize("count", [1, 3, 6, 10])
def test_circumstantial_indicators_alone_never_give_clear(defaults, tmp_path, count):
    circumstantial = [
        "T1-RC-04",
        "T1-RC-05",
        "T1-PS-03",
        "T1-PS-04",
        "T1-RC-02",
        "T1-RC-03",
        "T1-PS-01",
        "T1-MT-01",
        "T1-MT-02",
        "T1-PS-06",
    ][:count]
    outcome = outcome_of(tmp_path, dict.fromkeys(circumstantial, "yes"), None, "--age", 15)["outcome"]
    assert outcome["level"] == "possible" and not outcome["identified"] and not outcome["stop"]
    assert not [r for r in outcome["mandated_reports"] if r["code"].startswith("report-law")]
    assert not [r for r in outcome["mandated_reports"] if r["code"] == "report-child-abuse-hotline"]


def test_the_tier1_disclosure_item_gives_clear_identified_and_stop(defaults, tmp_path):
    outcome = outcome_of(tmp_path, {"T1-SX-03": "yes"}, None, "--age", 14)["outcome"]
    assert (outcome["level"], outcome["identified"], outcome["stop"]) == ("clear", True, True)
    assert outcome["trafficking_types"] == ["sex"] and outcome["next_step"] == "stop"
    reports = {r["code"]: r["deadline_hours"] for r in outcome["mandated_reports"]}
    assert reports["report-law-enforcement"] == 24 and reports["report-child-abuse-hotline"] == 24
    codes = [a["code"] for a in outcome["actions"]]
    assert "tier2-interview" not in codes and "cac-forensic-interview" in codes


def test_the_interview_never_lowers_the_outcome(defaults, tmp_path):
    data = outcome_of(tmp_path, {"T1-RC-04": "yes"}, {"T2-DX-01": "no"}, "--age", 15)
    assert [t["level"] for t in data["tiers"]] == ["possible", "none"]
    assert data["outcome"]["level"] == "possible"


def test_an_interview_declined_throughout_is_not_completed(defaults, tmp_path):
    from indicators.engine import items_for_context
    from indicators.models import InstrumentVersion

    t2 = InstrumentVersion.objects.latest_published("tier2-interview")
    declined = dict.fromkeys(items_for_context(t2.content, "general", 15), "declined")
    data = outcome_of(tmp_path, {"T1-RC-04": "yes"}, declined, "--age", 15, "--context", "general")
    assert data["tiers"][1]["not_completed"] and data["tiers"][1]["level"] == "none"
    outcome = data["outcome"]
    assert (outcome["level"], outcome["not_completed"], outcome["next_step"]) == (
        "possible",
        True,
        "offer_again",
    )
    offer = next(a for a in outcome["actions"] if a["code"] == "offer-interview-again")
    assert offer["deadline_hours"] == 72


def test_the_age_decides_the_items_and_the_path(defaults, tmp_path):
    message = score_error(
        "--instrument",
        "tier1-indicators",
        "--answers",
        write(tmp_path, "a.json", {"T1-SX-02": "yes"}),
        "--age",
        6,
    )
    assert "at age 6" in message and 'item "T1-SX-02" was answered but not presented' in message
    young = outcome_of(tmp_path, {"T1-SX-03": "yes", "T1-FM-01": "yes"}, None, "--age", 6)["outcome"]
    assert young["stop"] and "caregiver_exploiter" in young["signals"]
    assert "tier2-interview" not in [a["code"] for a in young["actions"]]
    adult = outcome_of(tmp_path, {"T1-SX-03": "yes"}, None, "--age", 19)["outcome"]
    codes = [a["code"] for a in adult["actions"]]
    assert adult["identified"] and adult["severe_form"] is False
    assert "adult-victim-services" in codes and "report-child-abuse-hotline" not in codes
    assert "cac-forensic-interview" not in codes


def test_items_tier1_established_are_filled_in_and_never_contradicted(defaults, tmp_path):
    data = outcome_of(tmp_path, {"T1-MT-02": "yes"}, {"T2-DX-01": "no"}, "--age", 15)
    assert data["tiers"][1]["established"] == ["T2-TR-01"]
    assert data["tiers"][1]["answers"]["T2-TR-01"] == "yes"
    message = score_error(
        "--instrument",
        "tier1-indicators",
        "--answers",
        write(tmp_path, "a.json", {"T1-MT-02": "yes"}),
        "--then",
        "tier2-interview",
        "--then-answers",
        write(tmp_path, "b.json", {"T2-TR-01": "no"}),
    )
    assert 'item "T2-TR-01" is established by tier1-indicators (T1-MT-02)' in message


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--age", "99"], "--age must be a whole number of years from 0 to 30"),
        (["--then", "tier2-interview"], "--then and --then-answers go together"),
        (["--then-version", "1"], "--then-version needs --then"),
        (["--jurisdiction", "atlantis"], 'unknown jurisdiction "atlantis"'),
    ],
)
def test_bad_protocol_arguments_are_errors(defaults, tmp_path, args, expected):
    answers = write(tmp_path, "a.json", {})
    assert expected in score_error("--instrument", "tier1-indicators", "--answers", answers, *args)


def test_the_interview_must_follow_a_lower_tier(defaults, tmp_path):
    answers = write(tmp_path, "a.json", {})
    message = score_error(
        "--instrument",
        "tier2-interview",
        "--answers",
        answers,
        "--then",
        "tier1-indicators",
        "--then-answers",
        answers,
    )
    assert "must follow" in message


def test_the_output_names_each_level_in_words_from_level(loaded, tmp_path):
    # The engine gives codes only; the command adds the words of indicators/levels.py after each.
    from indicators.levels import Level

    answers = write(tmp_path, "a.json", {"T1-MT-02": "yes", "T1-MT-03": "no"})
    data = scored("--instrument", "tier1-indicators", "--answers", answers)
    tier, outcome = data["tiers"][0], data["outcome"]
    assert list(tier)[list(tier).index("level") + 1 :][:2] == ["level_label", "level_explanation"]
    assert tier["level_label"] == "Possible concern" == str(Level.POSSIBLE.label)
    assert tier["level_explanation"] == str(Level.POSSIBLE.explanation)
    assert outcome["level_label"] == str(Level(outcome["level"]).label)
    assert "level_explanation" not in outcome
