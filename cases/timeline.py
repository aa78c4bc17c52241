"""The case timeline: episodes and notes now; other apps add their own entries.

cases never imports the apps above it, so they register a source here
(screening adds screenings, reviews and guidance actions).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str  # a short machine name, used for the icon and CSS class
    title: str
    body: str = ""
    url: str = ""
    by: str = ""
    extra: dict = field(default_factory=dict)


_sources = []


def register_source(source):
    """`source(case) -> iterable[Entry]`, called once per timeline (one query per source)."""
    if source not in _sources:
        _sources.append(source)
    return source


def build(case, *, episodes, notes) -> list[Entry]:
    """Newest first. `episodes` and `notes` are the already-fetched lists of the detail page."""
    entries = []
    for episode in episodes:
        entries.append(
            Entry(episode.went_missing_at, "missing", str(_("Went missing")), url=f"#episode-{episode.pk}")
        )
        if episode.returned_at:
            where = episode.get_recovery_location_type_display()
            entries.append(
                Entry(
                    episode.returned_at,
                    "returned",
                    str(_("Returned to care")),
                    body=where,
                    url=f"#episode-{episode.pk}",
                )
            )
    for note in notes:
        entries.append(
            Entry(note.created_at, "note", str(_("Case note")), body=note.body, by=str(note.author))
        )
    for source in _sources:
        entries.extend(source(case))
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries
