"""The levels of concern a screening result has, in words: the one definition every model, form,
page, printout and command uses.

The engine (plain Python, no Django) knows the levels only as codes, lowest first
(``engine.LEVELS``, ``engine.level_rank``, ``engine.max_level``); ``Level`` gives each code its
translated label and explanation. tests/indicators/test_levels.py keeps the two in step.
"""

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """A result's level, lowest first (the order of ``engine.LEVELS``)."""

    NONE = "none", _("No concern indicated")
    POSSIBLE = "possible", _("Possible concern")
    CLEAR = "clear", _("Clear concern")

    @property
    def explanation(self) -> Promise:
        """What the level means for the caseworker, in a sentence or two."""
        return EXPLANATIONS[self.value]


# Outside the class: an attribute of a TextChoices body would become a member.
EXPLANATIONS: dict[str, Promise] = {
    "none": _(
        "No rule for a possible or clear concern fired on the answers given. This is not "
        "proof that the youth is safe: keep observing, follow any guidance listed, and "
        "screen again when circumstances change."
    ),
    "possible": _(
        "One or more signs associated with trafficking are present. One sign alone does "
        "not establish trafficking: gather more information (for example with the "
        "in-depth interview) and follow the guidance."
    ),
    "clear": _(
        "The answers show a strong combination of signs, or a disclosure, of trafficking. "
        "Follow the guidance now, including any required reports."
    ),
}
