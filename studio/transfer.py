"""Import a version's fixture file into the library, from the studio (issue 18: the Django admin is
no longer needed for instrument tasks).

The file is checked exactly as ``manage.py load_instruments`` checks it (indicators/loading.py:
JSON, the schema, the vignettes, the items other instruments establish, then against the
database) and written the same way, or nothing at all. A file of a draft makes a new draft; a file
of a published version loads it published. A version number the library already has is refused:
a version never changes once made here (a draft is changed in the studio, not by a file).
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from accounts import audit
from accounts.models import User
from indicators.loading import load_files
from indicators.models import InstrumentVersion
from indicators.schema import parse_json_text

# A fixture file is about 100 KB; ten times the largest we ship is plenty.
MAX_BYTES = 2 * 1024 * 1024


@dataclass
class Imported:
    """What importing a file did: the version made, or the problems (nothing written)."""

    name: str
    problems: list[tuple[str, str]] = field(default_factory=list)  # (JSON path, message)
    version: InstrumentVersion | None = None
    outcome: str = ""


def _problem(path: str, message: str) -> list[tuple[str, str]]:
    return [(path, message)]


def _instrument_key(data: Any) -> tuple[str, int] | None:
    if not isinstance(data, dict):
        return None
    info = data.get("instrument")
    slug = info.get("slug") if isinstance(info, dict) else None
    number = data.get("version")
    if isinstance(slug, str) and isinstance(number, int) and not isinstance(number, bool):
        return slug, number
    return None


def safe_name(name: str) -> str:
    """The uploaded file's name as a plain file name (letters, digits, ``.-_``), ending in .json."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name).name).strip("._")[:100] or "upload"
    return stem if stem.endswith(".json") else f"{stem}.json"


def import_file(name: str, raw: bytes, *, request: HttpRequest) -> Imported:
    """Check ``raw`` (the uploaded file ``name``) as load_instruments does, and load it, or list
    what is wrong with it."""
    out = Imported(name=name)
    if len(raw) > MAX_BYTES:
        out.problems = _problem(
            "$",
            _("The file is too large (at most %(mb)s MB): is it a version's fixture file?")
            % {"mb": MAX_BYTES // (1024 * 1024)},
        )
        return out
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        out.problems = _problem(
            "$", _("The file is not UTF-8 text (bad byte at offset %(n)s).") % {"n": exc.start}
        )
        return out
    data, errors = parse_json_text(text, name)
    if data is None:
        out.problems = [(e.path, e.message) for e in errors]
        return out
    if not isinstance(data, dict) or not any(key in data for key in ("instrument", "sections", "rules")):
        out.problems = _problem(
            "$",
            _('This is not an instrument version\'s file: it has no "instrument", "sections" or "rules".'),
        )
        return out
    key = _instrument_key(data)
    if key is not None:
        existing = (
            InstrumentVersion.objects.filter(instrument__slug=key[0], number=key[1])
            .only("pk", "number", "status")
            .first()
        )
        if existing is not None:
            out.problems = _problem(
                "$.version",
                _(
                    'Version %(number)s of "%(slug)s" is already in the library (%(status)s); a version '
                    "is never replaced by a file. Give the file the next version number, or make a new "
                    "draft in the studio."
                )
                % {"number": key[1], "slug": key[0], "status": existing.get_status_display()},
            )
            return out
    with tempfile.TemporaryDirectory() as folder, transaction.atomic():
        # The loader names the file in its messages and audit events: the uploaded name, made safe.
        path = Path(folder) / safe_name(name)
        path.write_bytes(raw)
        user = request.user if isinstance(request.user, User) else None
        report = load_files([path], user=user, request=request)
        if not report.ok:
            out.problems = [(e.path, e.message) for e in report.errors]
            return out
        slug, number = key if key is not None else ("", 0)  # a valid file has both
        out.version = InstrumentVersion.objects.select_related("instrument").get(
            instrument__slug=slug, number=number
        )
        out.outcome = report.results[0].outcome if report.results else ""
        audit.record(
            request,
            audit.Action.CREATED,
            obj=out.version,
            summary=_("Imported in the studio from the file %(file)s") % {"file": name},
            detail={
                "event": "imported",
                "file": name,
                "checksum": out.version.checksum,
                "outcome": out.outcome,
            },
        )
    return out
