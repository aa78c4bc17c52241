"""Records that never change once written: one mechanism, in two layers.

- The model refuses: saving a row that already exists, deleting one, and a queryset's bulk
  ``update`` or ``delete`` raise :class:`RecordIsFinal` (or the model's own subclass of it).
- On PostgreSQL the database refuses too, whatever the client: UPDATE, DELETE and TRUNCATE are
  stopped by triggers declared in ``Meta.triggers`` (django-pgtrigger), which its generated
  migrations install. SQLite (the demo) has the model layer only.

:class:`AppendOnly` gives a model both. Instrument versions, which freeze at publication rather
than at creation, use :func:`refusing_trigger` and :class:`RecordIsFinal` with their own rules.
"""

from __future__ import annotations

import pgtrigger
from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordIsFinal(Exception):
    """A record that never changes was asked to change or to go."""


def refusing_trigger(
    name: str,
    operation: pgtrigger.Operation,
    raise_args: str,
    *,
    level: pgtrigger.Level = pgtrigger.Row,
    condition: pgtrigger.Condition | None = None,
) -> pgtrigger.Trigger:
    """A BEFORE trigger that refuses ``operation`` with ``RAISE EXCEPTION <raise_args>``.

    ``raise_args`` is the format string and its arguments, e.g. ``'% refused', TG_OP``.
    (pgtrigger.Protect cannot refuse TRUNCATE in 4.17, and its message says nothing of why.)
    """
    return pgtrigger.Trigger(
        name=name,
        when=pgtrigger.Before,
        operation=operation,
        level=level,
        condition=condition,
        func=f"RAISE EXCEPTION {raise_args};",
    )


APPEND_ONLY_MESSAGE = "'% is append-only (% refused)', TG_TABLE_NAME, TG_OP"

APPEND_ONLY_TRIGGERS = [
    refusing_trigger("append_only", pgtrigger.Update | pgtrigger.Delete, APPEND_ONLY_MESSAGE),
    # TRUNCATE skips row triggers, so it has its own, once per statement.
    refusing_trigger(
        "append_only_truncate", pgtrigger.Truncate, APPEND_ONLY_MESSAGE, level=pgtrigger.Statement
    ),
]


class AppendOnlyQuerySet(models.QuerySet):
    """No bulk update or delete through the ORM either."""

    def update(self, **kwargs):
        raise self.model.refused(self.model.changed_message)

    def bulk_update(self, objs, fields, batch_size=None):
        # Refused before Django opens its transaction, which an error inside would spoil.
        raise self.model.refused(self.model.changed_message)

    def delete(self):
        raise self.model.refused(self.model.deleted_message)


class AppendOnly(models.Model):
    """A row written once and never edited or deleted.

    A subclass names its exception and messages, and extends ``AppendOnly.Meta`` so that it
    inherits the triggers: ``class Meta(AppendOnly.Meta): ...``.
    """

    refused: type[RecordIsFinal] = RecordIsFinal
    changed_message = _("This record is kept as it was made and cannot be changed.")
    deleted_message = _("This record is kept as it was made and cannot be deleted.")

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True
        triggers = APPEND_ONLY_TRIGGERS

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise self.refused(self.changed_message)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise self.refused(self.deleted_message)
