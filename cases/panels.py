"""Panels other apps add to the case page (cases never imports the apps above it).

screening registers one that lists the case's screenings, deadlines and open actions.
"""

from dataclasses import dataclass, field

_panels = []


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict = field(default_factory=dict)
    # What must come first on a small screen (deadlines, the next action): rendered at the top of
    # the case page below Bootstrap's lg breakpoint, where the panel itself sits below the record.
    lead: str | None = None


def register(panel_source):
    """`panel_source(request, case) -> Panel | None`, called once per case page."""
    if panel_source not in _panels:
        _panels.append(panel_source)
    return panel_source


def build(request, case) -> list[Panel]:
    panels = (source(request, case) for source in _panels)
    return [panel for panel in panels if panel is not None]
