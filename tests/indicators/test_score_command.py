"""`manage.py score`: answers in, result JSON out; bad input is an error, never ignored."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from indicators import services

from .conftest import write

pytestmark = pytest.mark.django_db


def score(*args):
    out = io.StringIO()
    call_command("score", *[str(a) for a in args], stdout=out)
    return json.loads(out.getvalue())


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
    result = score("--instrument", "tier2-interview", "--answers", answers,
                   "--context", "return_from_missing")
    assert result["answers"] == {"T2-RM-01": "yes"}


def test_unknown_codes_and_bad_values_are_errors_listing_each(loaded, tmp_path):
    answers = write(tmp_path, "a.json", {"T1-NOPE": "yes", "T1-MT-01": "maybe", "T1-MT-02": 1})
    message = score_error("--instrument", "tier1-indicators", "--answers", answers)
    assert "the answers do not fit tier1-indicators version 1" in message
    assert 'unknown item code "T1-NOPE"' in message
    assert 'item "T1-MT-01": "maybe" is not an allowed answer; allowed: yes, no, unknown' in message
    assert 'item "T1-MT-02": answer must be a string' in message


@pytest.mark.parametrize(("content", "expected"), [
    ("{not json", "not valid JSON: Expecting property name enclosed in double quotes at line 1, column 2"),
    ('["T1-MT-01"]', "expected a JSON object of item code -> answer"),
])
def test_a_bad_answers_file_is_an_error(loaded, tmp_path, content, expected):
    answers = write(tmp_path, "a.json", content)
    assert expected in score_error("--instrument", "tier1-indicators", "--answers", answers)


def test_a_missing_answers_file_is_an_error(loaded, tmp_path):
    message = score_error("--instrument", "tier1-indicators", "--answers", tmp_path / "none.json")
    assert "no such answers file" in message


def test_an_unknown_instrument_or_version_is_an_error(loaded, tmp_path):
    answers = write(tmp_path, "a.json", {})
    assert 'unknown instrument "tier9"; known instruments: tier1-indicators, tier2-interview' in score_error(
        "--instrument", "tier9", "--answers", answers)
    assert 'instrument "tier1-indicators" has no version 4; its versions: 1' in score_error(
        "--instrument", "tier1-indicators", "--version", 4, "--answers", answers)


def test_a_draft_is_scored_only_when_asked_for_by_number(draft, tmp_path):
    services.retire(draft.previous())
    answers = write(tmp_path, "a.json", {"T1-MT-01": "yes"})
    assert "has no published version; give --version N" in score_error(
        "--instrument", "tier1-indicators", "--answers", answers)
    assert score("--instrument", "tier1-indicators", "--version", 2, "--answers", answers)["version"] == 2
