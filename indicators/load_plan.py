"""What loading fixture files would do, decided before anything is written.

:func:`plan_instruments` and :func:`plan_jurisdictions` check the files against each other and
against the database, append every problem to ``errors``, and fill each file's ``existing``,
``outcome`` and (for a version) ``steps``; indicators/loading.py then writes them, or nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from .checksum import content_checksum
from .comparison import compare_content
from .exports import jurisdiction_data
from .models import DRAFT, PUBLISHED, RETIRED, Instrument, InstrumentVersion, Jurisdiction
from .schema import ValidationError


@dataclass
class InstrumentFile:
    """A valid instrument version file, and (once planned) what writing it takes."""

    path: Path
    name: str
    data: dict
    existing: InstrumentVersion | None = None
    outcome: str = ""
    steps: tuple[str, ...] = ()  # "create"/"replace", then "publish", "retire"

    @property
    def slug(self) -> str:
        return self.data["instrument"]["slug"]

    @property
    def number(self) -> int:
        return self.data["version"]

    @property
    def status(self) -> str:
        return self.data["status"]

    @property
    def checksum(self) -> str:
        return content_checksum(self.data)


@dataclass
class JurisdictionFile:
    """A valid jurisdiction file, and (once planned) what writing it does."""

    path: Path
    name: str
    data: dict
    existing: Jurisdiction | None = None
    outcome: str = ""


def instrument_info(data: Mapping[str, Any]) -> tuple[str, int, str | None]:
    """(name, tier, purpose) of a valid version file's instrument (the schema requires the first
    two; an InstrumentFile is valid)."""
    info = data["instrument"]
    return info["name"], info["tier"], info.get("purpose")


def _name_purpose(data: Mapping[str, Any]) -> tuple[str, str | None]:
    name, _tier, purpose = instrument_info(data)
    return name, purpose


def _new_version_advice(slug: str, number: int, latest: int) -> str:
    return _(
        'to change it, make a new version: copy the file to %(slug)s.v%(next)s.json, set "version": '
        '%(next)s and "status": "draft", and edit that (or use "New draft from this version" in the '
        "admin site)"
    ) % {"slug": slug, "next": max(latest, number) + 1}


def plan_instruments(files: list[InstrumentFile], errors: list[ValidationError]) -> None:
    """Cross-file and database checks; fills ``existing``, ``outcome`` and ``steps``."""
    # One file per version.
    by_key: dict[tuple[str, int], InstrumentFile] = {}
    for f in files:
        key = (f.slug, f.number)
        if key in by_key:
            errors.append(
                ValidationError(
                    f.name,
                    "$.version",
                    _(
                        'version %(number)s of "%(slug)s" is also in %(other)s; '
                        "each version has exactly one file"
                    )
                    % {"number": f.number, "slug": f.slug, "other": by_key[key].name},
                )
            )
        else:
            by_key[key] = f
    slugs = {f.slug for f in files}
    instruments = {i.slug: i for i in Instrument.objects.filter(slug__in=slugs)}
    versions = {
        (v.instrument.slug, v.number): v
        for v in InstrumentVersion.objects.filter(instrument__slug__in=slugs).select_related("instrument")
    }
    # The instrument's tier never changes; its name and purpose follow its latest version.
    for slug in slugs:
        mine = sorted((f for f in files if f.slug == slug), key=lambda f: f.number)
        tiers = {f.data["instrument"]["tier"] for f in mine}
        db_tier = instruments[slug].tier if slug in instruments else None
        for f in mine:
            tier = f.data["instrument"]["tier"]
            if db_tier is not None and tier != db_tier:
                errors.append(
                    ValidationError(
                        f.name,
                        "$.instrument.tier",
                        _(
                            'instrument "%(slug)s" is tier %(old)s in the database; a tier never changes '
                            "(make a new instrument with its own slug instead)"
                        )
                        % {"slug": slug, "old": db_tier},
                    )
                )
            elif db_tier is None and len(tiers) > 1:
                errors.append(
                    ValidationError(
                        f.name,
                        "$.instrument.tier",
                        _(
                            'the files give instrument "%(slug)s" different tiers (%(tiers)s); '
                            "a tier never changes"
                        )
                        % {"slug": slug, "tiers": ", ".join(str(t) for t in sorted(tiers))},
                    )
                )
        db_numbers = [n for (s, n) in versions if s == slug]
        latest_file = mine[-1]
        latest_db = max(db_numbers, default=0)
        if latest_file.number >= latest_db:
            target_info = instrument_info(latest_file.data)
            source = latest_file.name
        else:
            inst = instruments[slug]
            target_info = (inst.name, inst.tier, inst.purpose)
            source = _("the database (version %(n)s)") % {"n": latest_db}
        for f in mine:
            if f.status == DRAFT and _name_purpose(f.data) != (target_info[0], target_info[2]):
                existing = versions.get((slug, f.number))
                if existing is not None and existing.status != DRAFT:
                    continue  # reported below as an attempt to alter a frozen version, if it differs
                errors.append(
                    ValidationError(
                        f.name,
                        "$.instrument",
                        _(
                            "a draft shows its instrument's current name and purpose, which come from the "
                            'latest version, in %(source)s; give this draft the same "name" and "purpose"'
                        )
                        % {"source": source},
                    )
                )
    # Each file against the database.
    for f in files:
        existing = versions.get((f.slug, f.number))
        f.existing = existing
        latest = max([n for (s, n) in versions if s == f.slug] + [f.number])
        if existing is None:
            f.steps = ("create",) + {DRAFT: (), PUBLISHED: ("publish",), RETIRED: ("publish", "retire")}[
                f.status
            ]
            f.outcome = {DRAFT: "created", PUBLISHED: "created, published", RETIRED: "created, retired"}[
                f.status
            ]
            continue
        same = existing.checksum == f.checksum
        if existing.status == DRAFT:
            steps: tuple[str, ...] = () if same else ("replace",)
            steps += {DRAFT: (), PUBLISHED: ("publish",), RETIRED: ("publish", "retire")}[f.status]
            f.steps = steps
            if not steps:
                f.outcome = "unchanged"
            elif steps[-1] == "retire":
                f.outcome = "retired"
            elif steps[-1] == "publish":
                f.outcome = "published"
            else:
                f.outcome = "updated"
            continue
        # A published or retired version never changes.
        if not same:
            diff = compare_content(existing.content, f.data).summary()
            errors.append(
                ValidationError(
                    f.name,
                    "$",
                    _(
                        'version %(number)s of "%(slug)s" is %(status)s in the database and never changes, '
                        "but this file differs from it (%(diff)s); %(advice)s"
                    )
                    % {
                        "number": f.number,
                        "slug": f.slug,
                        "status": existing.get_status_display(),
                        "diff": diff or _("content differs"),
                        "advice": _new_version_advice(f.slug, f.number, latest),
                    },
                )
            )
            continue
        if existing.status == PUBLISHED and f.status == RETIRED:
            f.steps = ("retire",)
            f.outcome = "retired"
        else:
            # Same content; a file with an earlier status (a draft published since) is fine.
            f.steps = ()
            f.outcome = "unchanged"


def plan_jurisdictions(files: list[JurisdictionFile], errors: list[ValidationError]) -> None:
    seen: dict[str, str] = {}
    existing = {j.slug: j for j in Jurisdiction.objects.filter(slug__in=[f.data["slug"] for f in files])}
    for f in files:
        slug = f.data["slug"]
        if slug in seen:
            errors.append(
                ValidationError(
                    f.name,
                    "$.slug",
                    _('jurisdiction "%(slug)s" is also in %(other)s; each jurisdiction has exactly one file')
                    % {"slug": slug, "other": seen[slug]},
                )
            )
            continue
        seen[slug] = f.name
        f.existing = existing.get(slug)
        if f.existing is None:
            f.outcome = "created"
        else:
            current = jurisdiction_data(f.existing)
            f.outcome = "unchanged" if current == _normal_jurisdiction(f.data) else "updated"


def _normal_jurisdiction(data: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(data)
    out["contexts"] = {ctx: list(out["contexts"].get(ctx, [])) for ctx in out["contexts"]}
    return out
