"""Password rules of our own, beside Django's (length, common passwords, the user's attributes,
all digits): no password built on the product's own words, and none that is one character
repeated, a run such as "abcdefghijkl" or "123456789012", or a short piece said again and again.
Configured in settings.AUTH_PASSWORD_VALIDATORS; README's "Sign-in" section lists them."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The words of this product and of the agencies that use it: a password leaning on them is the
# first one an attacker who knows where it is used will try ("Screening-demo-2026").
PRODUCT_WORDS = (
    "screening",
    "screen",
    "trafficking",
    "trafficked",
    "traffick",
    "caseworker",
    "casework",
    "supervisor",
    "instrument",
    "welfare",
    "foster",
    "youth",
    "child",
    "agency",
    "demo",
    "password",
    "passw0rd",
    "admin",
    "login",
)

# Digits and symbols typed for the letters they look like.
_LOOKALIKES = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
)

# Runs a password must not be a piece of (either way round): the alphabet, the digits, the keyboard.
_RUNS = (
    "abcdefghijklmnopqrstuvwxyz",
    "1234567890",
    "qwertyuiopasdfghjklzxcvbnm",
    "qwertzuiopasdfghjklyxcvbnm",
    "azertyuiopqsdfghjklmwxcvbn",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
)


class ProductWordsValidator:
    """Refuse a password that is mostly the product's or the agency's own words.

    The words are PRODUCT_WORDS plus ``words`` (settings: PASSWORD_FORBIDDEN_WORDS, e.g. the agency's
    name), matched ignoring case and look-alike digits ("Scr33ning"). A password that uses one of them
    is refused unless, without them, at least ``min_other_letters`` letters remain: a long passphrase
    that happens to say "screening" is fine, "Screening-demo-2026" is not.
    """

    def __init__(self, words=(), min_other_letters: int = 8):
        self.words = sorted(
            {w.lower() for w in (*PRODUCT_WORDS, *words) if len(w) >= 3}, key=len, reverse=True
        )
        self.min_other_letters = min_other_letters

    def words_in(self, password: str) -> list[str]:
        plain = password.lower()
        lookalike = plain.translate(_LOOKALIKES)
        return [w for w in self.words if w in plain or w in lookalike]

    def validate(self, password: str, user=None) -> None:
        found = self.words_in(password)
        if not found:
            return
        rest = password.lower().translate(_LOOKALIKES)
        for word in self.words:
            rest = rest.replace(word, " ")
        if len(re.sub(r"[^a-z]", "", rest)) >= self.min_other_letters:
            return
        raise ValidationError(
            _(
                "This password is built on words people would guess for this service or agency "
                "(%(words)s). Choose one that does not lean on them."
            ),
            code="password_product_words",
            params={"words": ", ".join(f"“{w}”" for w in found)},
        )

    def get_help_text(self) -> str:
        return _("Your password can’t be built on the name of this service or agency.")


class RepetitionValidator:
    """Refuse one character repeated, a run of the alphabet, the digits or the keyboard, a short
    piece said again and again, and a password of fewer than ``min_distinct`` different characters."""

    def __init__(self, min_distinct: int = 5):
        self.min_distinct = min_distinct

    @staticmethod
    def is_run(text: str) -> bool:
        if len(text) < 3:
            return False
        for run in _RUNS:
            # A run may wrap round ("...7890123") and go backwards ("987654...").
            longer = run * (len(text) // len(run) + 2)
            if text in longer or text[::-1] in longer:
                return True
        return False

    @staticmethod
    def is_repeated_piece(text: str) -> bool:
        for size in range(1, len(text) // 2 + 1):
            piece = text[:size]
            if (piece * (len(text) // size + 1))[: len(text)] == text:
                return True
        return False

    def validate(self, password: str, user=None) -> None:
        text = password.lower()
        bare = re.sub(r"[\W_]", "", text)
        if self.is_repeated_piece(text) or self.is_run(text) or self.is_run(bare):
            raise ValidationError(
                _(
                    "This password is a repeated character, a sequence or a repeated pattern "
                    "(like “aaaa…”, “abcd…”, “1234…”, “qwerty…” or “abcabc…”)."
                ),
                code="password_sequence",
            )
        if len(set(text)) < self.min_distinct:
            raise ValidationError(
                _("This password uses too few different characters (at least %(min)d are needed)."),
                code="password_too_few_characters",
                params={"min": self.min_distinct},
            )

    def get_help_text(self) -> str:
        return _("Your password can’t be a repeated character, a sequence or a repeated pattern.")
