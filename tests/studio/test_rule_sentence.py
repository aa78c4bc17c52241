"""A rule read as a sentence (studio/rule_sentence.py), for representative rules of the published
fixtures, in English and in Spanish (the version's Spanish texts and the app's Spanish words)."""

import json
from pathlib import Path

import pytest
from django.utils import translation

from indicators import translations
from studio.rule_sentence import sentence

ROOT = Path(__file__).resolve().parents[2]
TIER1 = json.loads((ROOT / "fixtures/instruments/tier1-indicators.v3.json").read_text())
TIER2 = json.loads((ROOT / "fixtures/instruments/tier2-interview.v3.json").read_text())


def rule(content, rule_id):
    return next(r for r in content["rules"] if r["id"] == rule_id)


def text(content, code):
    return next(i["text"] for s in content["sections"] for i in s["items"] if i["code"] == code)


@pytest.fixture
def spanish_words():
    """The app's own Spanish catalogue (locale/es), as the pages are served with it."""


def test_one_item_answered_yes():
    assert sentence(rule(TIER1, "immediate-danger"), TIER1) == (
        f"Possible concern when “{text(TIER1, 'T1-RC-06')}” is answered Yes"
    )


def test_at_least_one_of_several_items():
    r = rule(TIER2, "online-sexual-exploitation")
    names = "; ".join(f"“{text(TIER2, c)}”" for c in r["when"]["answered"]["items"])
    assert sentence(r, TIER2) == f"Possible concern when at least 1 of [{names}] is answered Yes"


def test_all_of_the_items_and_a_group():
    r = rule(TIER1, "branding-and-controlling-associate")
    names = "; ".join(f"“{text(TIER1, c)}”" for c in r["when"]["answered"]["items"])
    assert sentence(r, TIER1) == f"Clear concern when all of [{names}] are answered Yes"
    nested = {
        "level": "clear",
        "when": {
            "all": [
                {"answered": {"items": ["T1-SX-03"]}},
                {"any": [{"age_below": 18}, {"not": {"count_at_least": 2, "where": {"kind": "indicator"}}}]},
            ]
        },
    }
    assert sentence(nested, TIER1) == (
        f"Clear concern when “{text(TIER1, 'T1-SX-03')}” is answered Yes and (the youth is under 18 or "
        "not (at least 2 items (indicator) are answered Yes))"
    )


def test_counts_and_points_with_their_filters():
    assert sentence(rule(TIER1, "several-unknown"), TIER1) == (
        "No concern indicated when at least 3 items (indicator) are answered Unknown"
    )
    assert sentence(rule(TIER2, "several-concern-points"), TIER2) == (
        "Possible concern when the points of the answers (about sex, labor, sex and labor) "
        "add up to at least 5"
    )
    one = {"level": "possible", "when": {"count_at_least": 1, "where": {"answer": ["yes", "unknown"]}}}
    assert sentence(one, TIER1) == "Possible concern when at least 1 item is answered Yes or Unknown"


def test_the_sentence_in_spanish(spanish_words):
    content = translations.localized(TIER1, "es")
    with translation.override("es"):
        said = sentence(rule(content, "immediate-danger"), content)
        count = sentence(rule(content, "several-unknown"), content)
    item = text(content, "T1-RC-06")
    assert item != text(TIER1, "T1-RC-06")  # the version's own Spanish text
    assert said == f"Posible preocupación cuando “{item}” tiene la respuesta Sí"
    assert count == "Sin indicios cuando al menos 3 ítems (indicador) tienen la respuesta Se desconoce"
