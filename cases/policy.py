"""Limits of the case record that are the agency's setting, not code.

The oldest age of a youth the agency serves is the jurisdiction profile's ``oldest_age_served``
(indicators); cases never imports the apps above it, so screening registers the lookup at start-up.
"""

from collections.abc import Callable

# Until a jurisdiction profile is loaded: no child-welfare service reaches a youth older than
# this, so a date of birth beyond it is a typo whatever the jurisdiction.
NO_SERVICE_BEYOND_AGE = 30

_oldest_age_lookup: Callable[[], int | None] = lambda: None  # noqa: E731


def register_oldest_age_served(lookup: Callable[[], int | None]) -> None:
    """``lookup() -> int | None``: the oldest age the jurisdiction serves (None: no profile)."""
    global _oldest_age_lookup
    _oldest_age_lookup = lookup


def oldest_age_served() -> int:
    return _oldest_age_lookup() or NO_SERVICE_BEYOND_AGE
