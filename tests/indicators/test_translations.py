"""An instrument version's texts in more than one language (indicators/translations.py): every
declared language complete, or the version is refused; the texts change, the scoring never."""

import copy
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators import translations
from indicators.engine import items_for_context, score
from indicators.schema import validate_instrument_version

ROOT = Path(__file__).resolve().parents[2]
V2 = json.loads((ROOT / "fixtures" / "instruments" / "tier1-indicators.v2.json").read_text())


def in_capitals(content: dict) -> dict:
    """A stand-in translation: every text of the version, in capitals, keyed as the format says."""

    def upper(tree):
        if isinstance(tree, dict):
            return {k: upper(v) for k, v in tree.items()}
        if isinstance(tree, list):
            return [upper(v) for v in tree]
        return tree.upper()

    return upper(translations.texts(content))


@pytest.fixture
def bilingual() -> dict:
    content = copy.deepcopy(V2)
    content["languages"] = ["en", "es"]
    content["translations"] = {"es": in_capitals(content)}
    return content


def messages(content) -> list[str]:
    return [str(e) for e in validate_instrument_version(content, "t.json")]


def test_a_complete_translation_is_accepted(bilingual):
    assert translations.missing_texts(bilingual) == []
    assert messages(bilingual) == []
    assert translations.languages(bilingual) == ["en", "es"]


def test_a_version_without_translations_reads_in_its_own_language():
    assert translations.languages(V2) == ["en"]
    assert translations.missing_texts(V2) == []


@pytest.mark.parametrize(
    "break_it,where,what",
    [
        (
            lambda t: t["items"]["T1-MT-01"].pop("text"),
            '$.translations.es.items["T1-MT-01"].text',
            'no "es" text',
        ),
        (
            lambda t: t["sections"].pop("family-household"),
            '$.translations.es.sections["family-household"]',
            "no",
        ),
        (lambda t: t["answer_scales"]["yes_no_unknown"]["options"].pop("unknown"), "options.unknown", "no"),
        (lambda t: t["guidance"]["call-911"]["contacts"].clear(), '["call-911"].contacts[0].name', "no"),
        (
            lambda t: t["rules"].update({"no-such-rule": {"reason": "X"}}),
            'rules["no-such-rule"]',
            "does not have",
        ),
        (lambda t: t["items"]["T1-MT-01"].update({"text": "   "}), '["T1-MT-01"].text', "must not be empty"),
    ],
)
def test_a_missing_empty_or_stray_text_is_refused_with_where_it_is(bilingual, break_it, where, what):
    break_it(bilingual["translations"]["es"])
    found = messages(bilingual)
    assert any(where in m and what in m for m in found), found


def test_a_language_declared_without_its_translation_or_translated_without_declaring_it(bilingual):
    bilingual["languages"] = ["en", "es", "fr"]
    assert any('declares "fr" but there is no translation' in m for m in messages(bilingual))
    bilingual["languages"] = ["en"]
    assert any('which "languages" does not declare' in m for m in messages(bilingual))


def test_the_localized_content_has_the_texts_of_the_language_and_nothing_else_changes(bilingual):
    spanish = translations.localized(bilingual, "es")
    item = spanish["sections"][0]["items"][0]
    original = bilingual["sections"][0]["items"][0]
    assert item["text"] == original["text"].upper()
    assert {k: v for k, v in item.items() if k not in ("text", "phrasing", "help")} == {
        k: v for k, v in original.items() if k not in ("text", "phrasing", "help")
    }
    option = spanish["answer_scales"]["yes_no_unknown"]["options"][0]
    assert option == {"value": "yes", "label": "YES"}
    assert spanish["rules"][0]["when"] == bilingual["rules"][0]["when"]
    assert spanish["guidance"][0]["contacts"][0]["phone"] == bilingual["guidance"][0]["contacts"][0]["phone"]
    # Its own language, or one it does not have: its own texts.
    assert translations.localized(bilingual, "en")["sections"] == bilingual["sections"]
    assert translations.localized(bilingual, "fr")["sections"] == bilingual["sections"]


ITEMS = items_for_context(V2, "general")


@settings(max_examples=40, deadline=None)
@given(
    answers=st.dictionaries(st.sampled_from(ITEMS), st.sampled_from(["yes", "no", "unknown"])),
    age=st.integers(min_value=6, max_value=20),
)
def test_scoring_never_depends_on_the_language(answers, age):
    content = copy.deepcopy(V2)
    content["languages"] = ["en", "es"]
    content["translations"] = {"es": in_capitals(content)}
    spanish = translations.localized(content, "es")
    presented = items_for_context(content, "general", age)
    answers = {code: value for code, value in answers.items() if code in presented}
    english = score(content, answers, items_presented=presented, age=age)
    other = score(spanish, answers, items_presented=presented, age=age)
    assert (other.level, other.flags, other.identifies, other.next_step, other.points) == (
        english.level,
        english.flags,
        english.identifies,
        english.next_step,
        english.points,
    )
    assert [r.id for r in other.fired_rules] == [r.id for r in english.fired_rules]
    assert [g.code for g in other.guidance] == [g.code for g in english.guidance]


def test_the_language_of_a_record():
    assert translations.language_code(" Spanish ") == "es"
    assert translations.language_code("Español") == "es"
    assert translations.language_code("Somali") is None
    assert translations.language_code("") is None


FEDERAL = json.loads((ROOT / "fixtures" / "jurisdictions" / "federal-baseline.json").read_text())


def test_the_default_profile_has_every_report_in_spanish():
    assert FEDERAL["languages"] == ["en", "es"]
    assert translations.jurisdiction_missing_texts(FEDERAL) == []


def test_a_report_without_its_spanish_is_refused_with_where_it_is():
    profile = copy.deepcopy(FEDERAL)
    del profile["translations"]["es"]["mandated_reports"]["report-law-enforcement"]["title"]
    problems = translations.jurisdiction_missing_texts(profile)
    assert problems == [
        (
            '$.translations.es.mandated_reports["report-law-enforcement"].title',
            'no "es" text for this',
        )
    ]
