"""Save conflicts: a form loaded at one version of a row, saved after the row moved on.

Rows edited through forms carry a ``version`` that every save increments. A service locks the
row, then calls :func:`check_version` with the version the form was loaded at; when the row has
moved on it raises :class:`VersionConflict`, carrying the row as it is now and what differs
between it and what the person sent, so nothing is silently overwritten.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Difference:
    """One thing the saved row and the person's copy disagree on."""

    field: str  # the field's name, or the item's code
    label: str  # what the person reads: the field's verbose name, or the item's text
    saved: str  # as saved now, for display
    yours: str  # as sent, for display


class VersionConflict(Exception):
    """Someone (or another tab) saved the row after this copy was loaded."""

    default_message = _("This record changed since you opened it; reload and try again.")

    def __init__(self, current, differences: Iterable[Difference] = (), message: str | None = None):
        self.current = current
        self.differences = list(differences)
        self.message = str(message or self.default_message)
        super().__init__(self.message)


def check_version(
    current,
    loaded_version: int | None,
    *,
    differences: Callable[[], Iterable[Difference]] | None = None,
    refuse_when_nothing_differs: bool = True,
    conflict: type[VersionConflict] = VersionConflict,
) -> None:
    """Raise ``conflict`` when ``current`` (the row, locked) is no longer at ``loaded_version``.

    ``differences`` lists what differs (called only on a conflict). With
    ``refuse_when_nothing_differs=False`` a stale copy that agrees with the saved row is let
    through: an autosave from an old tab that changes nothing anyone saved.
    """
    if loaded_version == current.version:
        return
    found = list(differences()) if differences else []
    if found or refuse_when_nothing_differs:
        raise conflict(current, found)
