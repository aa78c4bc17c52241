"""A version or a jurisdiction as its fixture file (read-only; what ``load_instruments`` accepts)."""

from __future__ import annotations

from typing import Any

from .content import export_content
from .key_order import dumps, ordered, ordered_jurisdiction
from .models import DRAFT, InstrumentVersion, Jurisdiction
from .schema import JURISDICTION_FORMAT


def current_content(version: InstrumentVersion) -> dict[str, Any]:
    """A draft's content rebuilt from its rows; a frozen version's frozen content."""
    if version.status == DRAFT:
        return export_content(version)
    return ordered({**version.content, "status": version.status})


def export_json(version: InstrumentVersion) -> str:
    """The fixture file of ``version`` (what ``load_instruments`` accepts), as text."""
    return dumps(current_content(version))


def jurisdiction_data(jurisdiction: Jurisdiction) -> dict[str, Any]:
    """A jurisdiction as its fixture file."""
    out: dict[str, Any] = {"format": JURISDICTION_FORMAT, **jurisdiction.profile()}
    if jurisdiction.description is not None:
        out["description"] = jurisdiction.description
    out["contexts"] = jurisdiction.contexts_map()
    if jurisdiction.source is not None:
        out["source"] = jurisdiction.source
    if jurisdiction.languages is not None:
        out["languages"] = jurisdiction.languages
    if jurisdiction.translations is not None:
        out["translations"] = jurisdiction.translations
    return ordered_jurisdiction(out)
