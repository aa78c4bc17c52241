"""indicators/levels.py: the one definition of a level's words, in step with the engine's codes."""

import pytest
from django.utils.functional import Promise

from indicators import engine
from indicators.levels import EXPLANATIONS, Level
from indicators.models import Rule
from screening.forms import DeterminationForm
from screening.models import Addendum, Screening


def test_the_levels_are_the_engines_in_the_same_order():
    assert tuple(Level.values) == engine.LEVELS
    assert [engine.level_rank(level) for level in Level] == [0, 1, 2]
    assert list(EXPLANATIONS) == list(engine.LEVELS)


def test_each_level_has_its_label_and_an_explanation():
    assert Level("none").label == "No concern indicated"
    assert Level("possible").label == "Possible concern"
    assert Level("clear").label == "Clear concern"
    for level in engine.LEVELS:
        assert len(str(Level(level).explanation)) > 40
    with pytest.raises(ValueError):
        Level("high")


def test_the_words_are_translated_when_shown():
    # Lazy: looked up in the language active when a page shows them, not at import time.
    assert isinstance(Level.CLEAR.label, Promise)
    assert isinstance(Level.CLEAR.explanation, Promise)


@pytest.mark.parametrize(
    "field",
    [
        Rule._meta.get_field("level"),
        Screening._meta.get_field("level"),
        Screening._meta.get_field("outcome_level"),
        Screening._meta.get_field("determined_level"),
        Addendum._meta.get_field("level"),
    ],
    ids=lambda f: f"{f.model.__name__}.{f.name}",
)
def test_every_level_field_offers_the_levels(field):
    assert field.choices == Level.choices


def test_the_determination_form_offers_the_levels():
    screening = Screening()
    screening.current_level = ""  # as annotated by with_current_level(): no level yet
    form = DeterminationForm(screening=screening)
    assert form.fields["level"].choices == [("", "—"), *Level.choices]
