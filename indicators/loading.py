"""Loading fixture files into the instrument library: all of them, or nothing.

:func:`load_files` validates every file (schema, vignettes; then against each other and the
database, see indicators/load_plan.py), then writes them in one transaction, with audit events.
Each version goes through the same lifecycle steps as in the admin site (indicators/lifecycle.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils.translation import gettext as _

from accounts import audit
from accounts.models import User

from .checksum import content_checksum
from .content import build_rows, delete_rows, export_content
from .engine import DEADLINE_KEYS
from .lifecycle import check_established_by, publish_validated, refresh_instrument_drafts, retire
from .load_plan import InstrumentFile, JurisdictionFile, instrument_info, plan_instruments, plan_jurisdictions
from .models import DRAFT, Instrument, InstrumentVersion, Jurisdiction, JurisdictionInstrument
from .schema import (
    ValidationError,
    parse_json_file,
    validate_instrument_file,
    validate_jurisdiction_file,
)

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DIRS = (BASE_DIR / "fixtures" / "instruments", BASE_DIR / "fixtures" / "jurisdictions")


@dataclass(frozen=True)
class FileResult:
    """What loading one file did (or, with ``check_only``, would do)."""

    file: str
    kind: str  # "instrument" or "jurisdiction"
    label: str  # "tier1-indicators v1" or "federal-baseline"
    outcome: str  # "created", "unchanged", "updated", "published" or "retired"
    detail: str = ""

    def __str__(self) -> str:
        text = f"{self.file}: {self.label}: {self.outcome}"
        return f"{text} ({self.detail})" if self.detail else text


@dataclass
class LoadReport:
    results: list[FileResult] = field(default_factory=list)
    errors: list[ValidationError] = field(default_factory=list)
    check_only: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def written(self) -> bool:
        return self.ok and not self.check_only and any(r.outcome != "unchanged" for r in self.results)


def display_name(path: Path) -> str:
    """The path relative to the current folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def expand_paths(paths: Iterable[str | Path] | None) -> tuple[list[Path], list[ValidationError]]:
    """Files to load: every ``*.json`` of a folder (sorted), a file as given. Default folders if none."""
    given = [Path(p) for p in paths] if paths else list(DEFAULT_DIRS)
    files: list[Path] = []
    errors: list[ValidationError] = []
    seen: set[Path] = set()
    for path in given:
        if path.is_dir():
            found = sorted(p for p in path.glob("*.json") if p.is_file())
            if not found and paths:
                errors.append(ValidationError(display_name(path), "$", "this folder has no *.json file"))
        elif path.is_file():
            found = [path]
        else:
            errors.append(ValidationError(display_name(path), "$", "no such file or folder"))
            continue
        for p in found:
            if p.resolve() not in seen:
                seen.add(p.resolve())
                files.append(p)
    return files, errors


def _kind_of(data: Any, path: Path) -> str | None:
    if isinstance(data, dict):
        if "instrument" in data or "sections" in data or "rules" in data:
            return "instrument"
        if "deadlines_hours" in data or "contexts" in data:
            return "jurisdiction"
    folder = path.resolve().parent.name
    if folder == "instruments":
        return "instrument"
    if folder == "jurisdictions":
        return "jurisdiction"
    return None


def load_files(
    paths: Iterable[str | Path] | None = None,
    *,
    check_only: bool = False,
    user: User | None = None,
    request: HttpRequest | None = None,
) -> LoadReport:
    """Validate every file, then write them all in one transaction, or nothing at all.

    ``paths``: files and folders (a folder's ``*.json``); default: fixtures/instruments/ then
    fixtures/jurisdictions/. Instrument files are loaded before jurisdictions. Loading the
    same files again changes nothing; a draft in the database is replaced by a changed file;
    a file whose status is ``published`` publishes its draft; a file that would alter a
    published or retired version is refused.
    """
    report = LoadReport(check_only=check_only)
    files, errors = expand_paths(paths)
    report.errors.extend(errors)
    instrument_files: list[InstrumentFile] = []
    jurisdiction_paths: list[tuple[Path, str]] = []
    declared: dict[str, int] = {}  # instrument slugs the files declare, even broken ones
    for path in files:
        name = display_name(path)
        data, parse_errors = parse_json_file(path, name)
        if data is None:
            report.errors.extend(parse_errors)
            continue
        kind = _kind_of(data, path)
        if kind == "instrument":
            info = data.get("instrument") if isinstance(data, dict) else None
            if isinstance(info, dict) and isinstance(info.get("slug"), str):
                declared[info["slug"]] = info["tier"] if info.get("tier") in (1, 2) else 1
            data, file_errors = validate_instrument_file(path, filename=name)
            report.errors.extend(file_errors)
            if not file_errors:
                instrument_files.append(InstrumentFile(path, name, data))
        elif kind == "jurisdiction":
            jurisdiction_paths.append((path, name))
        else:
            report.errors.append(
                ValidationError(
                    name,
                    "$",
                    _(
                        'cannot tell whether this is an instrument version (with "instrument", "sections", '
                        '"rules") or a jurisdiction (with "deadlines_hours", "contexts"); put it in '
                        "fixtures/instruments/ or fixtures/jurisdictions/"
                    ),
                )
            )

    with transaction.atomic():
        # Instruments a jurisdiction may name: those in the database and in the files.
        tiers: dict[str, int] = dict(Instrument.objects.values_list("slug", "tier"))
        tiers.update(declared)
        jurisdiction_files: list[JurisdictionFile] = []
        for path, name in jurisdiction_paths:
            data, file_errors = validate_jurisdiction_file(path, tiers, filename=name)
            report.errors.extend(file_errors)
            if not file_errors:
                jurisdiction_files.append(JurisdictionFile(path, name, data))

        report.errors.extend(
            check_established_by(
                ((f.name, f.data) for f in instrument_files),
                declared=set(declared) - {f.slug for f in instrument_files},
            )
        )
        plan_instruments(instrument_files, report.errors)
        plan_jurisdictions(jurisdiction_files, report.errors)
        if report.errors:
            return report
        for f in instrument_files:
            report.results.append(FileResult(f.name, "instrument", f"{f.slug} v{f.number}", f.outcome))
        for j in jurisdiction_files:
            report.results.append(FileResult(j.name, "jurisdiction", j.data["slug"], j.outcome))
        if check_only:
            return report
        _write_instruments(instrument_files, user=user, request=request)
        _write_jurisdictions(jurisdiction_files, user=user, request=request)
    return report


def _write_instruments(
    files: list[InstrumentFile], *, user: User | None, request: HttpRequest | None
) -> None:
    # 1. The instruments: create, or update name/purpose from the latest version.
    for slug in sorted({f.slug for f in files}):
        mine = sorted((f for f in files if f.slug == slug), key=lambda f: f.number)
        latest_file = mine[-1]
        name, tier, purpose = instrument_info(latest_file.data)
        instrument = Instrument.objects.select_for_update().filter(slug=slug).first()
        if instrument is None:
            instrument = Instrument.objects.create(slug=slug, name=name, tier=tier, purpose=purpose)
            audit.record(
                request,
                audit.Action.CREATED,
                obj=instrument,
                user=user,
                summary=_("Instrument %(slug)s loaded from %(file)s")
                % {"slug": slug, "file": latest_file.name},
            )
        else:
            latest_db = instrument.versions.aggregate(n=Max("number"))["n"] or 0
            if latest_file.number >= latest_db and (instrument.name, instrument.purpose) != (name, purpose):
                instrument.name, instrument.purpose = name, purpose
                instrument.save()
                audit.record(
                    request,
                    audit.Action.UPDATED,
                    obj=instrument,
                    user=user,
                    summary=_("Instrument %(slug)s: name and purpose from %(file)s")
                    % {"slug": slug, "file": latest_file.name},
                )
                refresh_instrument_drafts(instrument, user=user, request=request)
    # 2. The versions, in version order.
    for f in sorted(files, key=lambda f: (f.slug, f.number)):
        if not f.steps:
            continue
        if f.existing is None:  # planned as "create"
            version = InstrumentVersion.objects.create(
                instrument=Instrument.objects.get(slug=f.slug), number=f.number, status=DRAFT, created_by=user
            )
        else:
            version = (
                InstrumentVersion.objects.select_for_update()
                .select_related("instrument")
                .get(pk=f.existing.pk)
            )
        rebuilt = "create" in f.steps or "replace" in f.steps
        if rebuilt:
            delete_rows(version)
            build_rows(version, f.data)
            version.save()
        if version.status == DRAFT:
            # The content of exactly this file (its own instrument description, which may be
            # older than the instrument's latest), checked against the file's checksum.
            content = export_content(version, info=f.data["instrument"])
            checksum = content_checksum(content)
            if checksum != f.checksum:  # pragma: no cover - a bug, not bad input
                raise RuntimeError(
                    f"{f.name}: the loaded rows do not reproduce the file "
                    f"(checksum {checksum} != {f.checksum})"
                )
            version.content, version.checksum = content, checksum
            version.save(update_fields=["content", "checksum"])
        if rebuilt:
            action = audit.Action.CREATED if "create" in f.steps else audit.Action.UPDATED
            audit.record(
                request,
                action,
                obj=version,
                user=user,
                summary=(
                    _("Loaded %(slug)s version %(number)s from %(file)s")
                    % {"slug": f.slug, "number": f.number, "file": f.name}
                ),
                detail={"file": f.name, "checksum": version.checksum, "status": f.status},
            )
        if "publish" in f.steps:
            version = publish_validated(version, user, request=request)
        if "retire" in f.steps:
            version = retire(version, user, request=request)


def _write_jurisdictions(
    files: list[JurisdictionFile], *, user: User | None, request: HttpRequest | None
) -> None:
    for f in files:
        if f.outcome == "unchanged":
            continue
        j = _write_jurisdiction(f.data, f.existing)
        action = audit.Action.CREATED if f.existing is None else audit.Action.UPDATED
        audit.record(
            request,
            action,
            obj=j,
            user=user,
            summary=_("Jurisdiction %(slug)s loaded from %(file)s") % {"slug": j.slug, "file": f.name},
            detail={
                "file": f.name,
                "deadlines_hours": j.deadlines_hours,
                "oldest_age_served": j.oldest_age_served,
                "mandated_reports": [r.get("code") for r in j.mandated_reports if isinstance(r, Mapping)],
            },
        )


def _write_jurisdiction(data: Mapping[str, Any], existing: Jurisdiction | None) -> Jurisdiction:
    j = existing or Jurisdiction(slug=data["slug"])
    j.name = data["name"]
    j.description = data.get("description")
    for key in DEADLINE_KEYS:
        setattr(j, key, data["deadlines_hours"][key])
    j.oldest_age_served = data["oldest_age_served"]
    j.legal_definitions = data["legal_definitions"]
    j.mandated_reports = data["mandated_reports"]
    j.source = data.get("source")
    j.languages = data.get("languages")
    j.translations = data.get("translations")
    j.save()
    j.context_instruments.all().delete()
    instruments = {i.slug: i for i in Instrument.objects.all()}
    JurisdictionInstrument.objects.bulk_create(
        [
            JurisdictionInstrument(
                jurisdiction=j, context=context, instrument=instruments[slug], position=pos
            )
            for context, slugs in data["contexts"].items()
            for pos, slug in enumerate(slugs)
        ]
    )
    return j
