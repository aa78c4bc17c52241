"""What the screening workflow refuses, as the views catch it."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from accounts.versioning import VersionConflict


class ScreeningError(Exception):
    """A request the workflow refuses, with a message for the person."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# Someone (or another tab) saved this draft after this copy was loaded (the name the views catch).
DraftConflict = VersionConflict


class ActionChanged(VersionConflict, ScreeningError):
    """A checklist page loaded before its action last changed: a conflict, refused with a message
    like any other request the workflow refuses."""

    default_message = _("This action changed since you opened the page; reload and try again.")


class Incomplete(Exception):
    """Items not answered yet; `unknown` and `declined` count as answered."""

    def __init__(self, missing: list[dict[str, Any]]):
        super().__init__("screening incomplete")
        self.missing = missing
