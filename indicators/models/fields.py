"""Validators and a field the instrument library's models share."""

import math

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def validate_finite_json(value):
    """JSON numbers must be finite (the checksum and PostgreSQL refuse NaN and infinity)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            raise ValidationError(_("NaN and infinite numbers are not allowed."))
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def validate_json_object(value):
    if not isinstance(value, dict):
        raise ValidationError(_("Enter a JSON object ({...})."))


def validate_json_list(value):
    if not isinstance(value, list):
        raise ValidationError(_("Enter a JSON list ([...])."))


AGES_HELP = _(
    'Whole years of age on the screening date, inclusive, e.g. {"min": 12, "max": 21} or '
    '{"min": 10}; empty = every age.'
)


class OptionalTextField(models.TextField):
    """A text that may be absent (``None``): a blank form input means absent, not ``""``."""

    def formfield(self, **kwargs):
        kwargs.setdefault("empty_value", None)
        return super().formfield(**kwargs)
