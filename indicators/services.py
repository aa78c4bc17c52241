"""Writes to the instrument library. Each is one transaction and leaves audit events.

- :func:`load_files`: validate fixture files, then load them all or nothing;
- :func:`new_draft_from`, :func:`publish`, :func:`retire`: a version's lifecycle;
- :func:`refresh_draft` / :func:`record_draft_change`: after a draft's rows were edited;
- :func:`compare`, :func:`export_json`: read-only.

A published or retired version never changes (see indicators/models.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit

from .checksum import content_checksum
from .content import build_rows, delete_rows, dumps, export_content, ordered, ordered_jurisdiction
from .engine import DEADLINE_KEYS
from .models import (
    DRAFT,
    PUBLISHED,
    RETIRED,
    Instrument,
    InstrumentVersion,
    Item,
    Jurisdiction,
    JurisdictionInstrument,
)
from .schema import (
    JURISDICTION_FORMAT,
    ValidationError,
    VignetteFailure,
    check_vignettes,
    established_by_errors,
    parse_json_file,
    validate_instrument_file,
    validate_instrument_version,
    validate_jurisdiction_file,
)

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DIRS = (BASE_DIR / "fixtures" / "instruments", BASE_DIR / "fixtures" / "jurisdictions")


# --------------------------------------------------------------------------- drafts


def refresh_draft(version: InstrumentVersion) -> bool:
    """Rebuild a draft's ``content`` and ``checksum`` from its rows. True if they changed."""
    if version.status != DRAFT:
        return False
    content = export_content(version)
    checksum = content_checksum(content)
    if checksum == version.checksum and content == version.content:
        return False
    version.content = content
    version.checksum = checksum
    version.save(update_fields=["content", "checksum"])
    return True


@transaction.atomic
def record_draft_change(
    version: InstrumentVersion, *, user=None, request=None, summary: str = "", detail: dict | None = None
) -> None:
    """After a draft (or one of its rows) was edited: refresh its content, audit the change."""
    version.refresh_from_db()
    refresh_draft(version)
    audit.record(
        request,
        audit.Action.UPDATED,
        obj=version,
        user=user,
        summary=summary or _("Draft %(version)s changed") % {"version": version},
        detail={"checksum": version.checksum, **(detail or {})},
    )


@transaction.atomic
def refresh_instrument_drafts(instrument: Instrument, *, user=None, request=None) -> list[InstrumentVersion]:
    """After an instrument's name, tier or purpose changed: refresh the content of its drafts."""
    changed = []
    for version in instrument.versions.filter(status=DRAFT).select_related("instrument"):
        version.instrument = instrument
        if refresh_draft(version):
            changed.append(version)
            audit.record(
                request,
                audit.Action.UPDATED,
                obj=version,
                user=user,
                summary=_("Draft %(version)s follows its instrument's new description")
                % {"version": version},
                detail={"checksum": version.checksum},
            )
    return changed


@transaction.atomic
def new_draft_from(
    version: InstrumentVersion, user=None, *, change_note: str | None = None, request=None
) -> InstrumentVersion:
    """A new draft (number = highest + 1) with a copy of ``version``'s content."""
    instrument = Instrument.objects.select_for_update().get(pk=version.instrument_id)
    number = (instrument.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = InstrumentVersion.objects.create(
        instrument=instrument,
        number=number,
        status=DRAFT,
        created_by=user,
        answer_scales=version.answer_scales,
    )
    build_rows(draft, export_content(version))
    draft.change_note = change_note or None
    draft.save()
    refresh_draft(draft)
    audit.record(
        request,
        audit.Action.CREATED,
        obj=draft,
        user=user,
        summary=_("New draft %(draft)s from version %(number)s") % {"draft": draft, "number": version.number},
        detail={
            "from_version": version.number,
            "from_checksum": version.checksum,
            "checksum": draft.checksum,
        },
    )
    return draft


# --------------------------------------------------------------------------- publish, retire


class PublishRefused(Exception):
    """The draft does not validate or its vignettes fail. Nothing was changed."""

    def __init__(self, errors: Iterable = (), vignette_failures: Iterable[VignetteFailure] = ()):
        self.errors = list(errors)
        self.vignette_failures = list(vignette_failures)
        parts = [str(e) for e in self.errors] + [str(f) for f in self.vignette_failures]
        super().__init__("; ".join(parts) or "refused")

    @property
    def messages(self) -> list[str]:
        return [str(e) for e in self.errors] + [str(f) for f in self.vignette_failures]


class LifecycleError(Exception):
    """A step that does not apply to the version's status (e.g. retiring a draft)."""


def check_publishable(
    version: InstrumentVersion,
) -> tuple[dict, list[ValidationError], list[VignetteFailure]]:
    """The content publishing would freeze, its schema errors and failing vignettes."""
    content = export_content(version)
    content["status"] = PUBLISHED
    errors = validate_instrument_version(content, version.export_filename)
    if not errors:
        errors = check_established_by([(version.export_filename, content)])
    failures = check_vignettes(content) if not errors else []
    return content, errors, failures


@transaction.atomic
def publish(version: InstrumentVersion, user=None, *, request=None) -> InstrumentVersion:
    """Validate a draft (schema and vignettes) and freeze it, or raise :class:`PublishRefused`."""
    version = InstrumentVersion.objects.select_for_update().select_related("instrument").get(pk=version.pk)
    if version.status != DRAFT:
        raise PublishRefused(
            [
                _("Only a draft can be published; %(version)s is %(status)s.")
                % {"version": version, "status": version.get_status_display()}
            ]
        )
    content, errors, failures = check_publishable(version)
    if errors or failures:
        raise PublishRefused(errors, failures)
    version.content = content
    return _freeze(version, user, request=request)


def _freeze(version: InstrumentVersion, user, *, request) -> InstrumentVersion:
    """Draft -> published, with the (already validated) ``version.content``."""
    version.content = {**version.content, "status": PUBLISHED}
    version.checksum = content_checksum(version.content)
    version.status = PUBLISHED
    version.published_at = timezone.now()
    version.published_by = user
    version.save()
    audit.record(
        request,
        audit.Action.UPDATED,
        obj=version,
        user=user,
        summary=_("Published %(slug)s version %(number)s")
        % {"slug": version.instrument.slug, "number": version.number},
        detail={"status": PUBLISHED, "checksum": version.checksum},
    )
    return version


@transaction.atomic
def retire(version: InstrumentVersion, user=None, *, request=None) -> InstrumentVersion:
    """Published -> retired: new screenings no longer use it; old ones keep it."""
    version = InstrumentVersion.objects.select_for_update().select_related("instrument").get(pk=version.pk)
    if version.status != PUBLISHED:
        raise LifecycleError(
            _("Only a published version can be retired; %(version)s is %(status)s.")
            % {"version": version, "status": version.get_status_display()}
        )
    version.status = RETIRED
    version.content = {**version.content, "status": RETIRED}
    version.retired_at = timezone.now()
    version.retired_by = user
    version.save()
    audit.record(
        request,
        audit.Action.UPDATED,
        obj=version,
        user=user,
        summary=_("Retired %(slug)s version %(number)s")
        % {"slug": version.instrument.slug, "number": version.number},
        detail={"status": RETIRED, "checksum": version.checksum},
    )
    return version


# --------------------------------------------------------------------------- export, compare


def current_content(version: InstrumentVersion) -> dict[str, Any]:
    """A draft's content rebuilt from its rows; a frozen version's frozen content."""
    if version.status == DRAFT:
        return export_content(version)
    return ordered({**version.content, "status": version.status})


def export_json(version: InstrumentVersion) -> str:
    """The fixture file of ``version`` (what ``load_instruments`` accepts), as text."""
    return dumps(current_content(version))


@dataclass(frozen=True)
class Change:
    """One item, rule, guidance action or section added, removed or changed."""

    key: str
    title: str
    fields: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.fields:
            return f"{self.key} ({', '.join(self.fields)})"
        return self.key


@dataclass(frozen=True)
class Comparison:
    old_label: str
    new_label: str
    items_added: tuple[Change, ...] = ()
    items_removed: tuple[Change, ...] = ()
    items_changed: tuple[Change, ...] = ()
    rules_added: tuple[Change, ...] = ()
    rules_removed: tuple[Change, ...] = ()
    rules_changed: tuple[Change, ...] = ()
    sections_added: tuple[Change, ...] = ()
    sections_removed: tuple[Change, ...] = ()
    sections_changed: tuple[Change, ...] = ()
    guidance_added: tuple[Change, ...] = ()
    guidance_removed: tuple[Change, ...] = ()
    guidance_changed: tuple[Change, ...] = ()
    other_changed: tuple[str, ...] = ()  # top-level parts: format, instrument, ages, vignettes, ...

    @property
    def is_empty(self) -> bool:
        return not any(
            getattr(self, f) for f in self.__dataclass_fields__ if f not in ("old_label", "new_label")
        )

    def summary(self, limit: int = 8) -> str:
        """One line: what changed (for error messages)."""
        parts = []
        for what, prefix in (
            ("items", _("item")),
            ("rules", _("rule")),
            ("sections", _("section")),
            ("guidance", _("guidance")),
        ):
            for kind in ("added", "removed", "changed"):
                for change in getattr(self, f"{what}_{kind}"):
                    parts.append(f"{prefix} {change} {kind}")
        parts += [f"{name} {_('changed')}" for name in self.other_changed]
        shown = "; ".join(parts[:limit])
        if len(parts) > limit:
            shown += "; " + _("and %(n)s more") % {"n": len(parts) - limit}
        return shown


def _diff(old: list[dict], new: list[dict], key: str, title: str, extra: Mapping[str, Mapping] | None = None):
    old_by = {o.get(key): o for o in old}
    new_by = {n.get(key): n for n in new}
    added = tuple(Change(str(k), str(n.get(title, ""))) for k, n in new_by.items() if k not in old_by)
    removed = tuple(Change(str(k), str(o.get(title, ""))) for k, o in old_by.items() if k not in new_by)
    changed = []
    for k, n in new_by.items():
        if k not in old_by:
            continue
        o = old_by[k]
        fields = [f for f in dict.fromkeys([*o, *n]) if f != key and o.get(f) != n.get(f)]
        if extra:
            fields += [name for name, (a, b) in extra.get(k, {}).items() if a != b]
        if fields:
            changed.append(Change(str(k), str(n.get(title, "")), tuple(fields)))
    return added, removed, tuple(changed)


def compare_content(
    old: Mapping[str, Any], new: Mapping[str, Any], *, old_label: str = "", new_label: str = ""
) -> Comparison:
    """What differs between two contents: items, rules, sections, guidance (by code / id)."""

    def items(content):
        out, section_of = [], {}
        for s in content.get("sections") or []:
            for i in s.get("items") or []:
                out.append(i)
                section_of[i.get("code")] = s.get("code")
        return out, section_of

    old_items, old_sec = items(old)
    new_items, new_sec = items(new)
    moved = {code: {"section": (old_sec[code], new_sec[code])} for code in new_sec if code in old_sec}
    i_add, i_rem, i_chg = _diff(old_items, new_items, "code", "text", moved)
    r_add, r_rem, r_chg = _diff(old.get("rules") or [], new.get("rules") or [], "id", "reason")
    strip = lambda ss: [{k: v for k, v in s.items() if k != "items"} for s in ss or []]  # noqa: E731
    s_add, s_rem, s_chg = _diff(strip(old.get("sections")), strip(new.get("sections")), "code", "title")
    g_add, g_rem, g_chg = _diff(old.get("guidance") or [], new.get("guidance") or [], "code", "title")
    other = tuple(
        k
        for k in (
            "format",
            "instrument",
            "change_note",
            "ages",
            "not_completed",
            "answer_scales",
            "vignettes",
        )
        if old.get(k) != new.get(k)
    )
    return Comparison(
        old_label,
        new_label,
        i_add,
        i_rem,
        i_chg,
        r_add,
        r_rem,
        r_chg,
        s_add,
        s_rem,
        s_chg,
        g_add,
        g_rem,
        g_chg,
        other,
    )


def compare(old: InstrumentVersion, new: InstrumentVersion) -> Comparison:
    """Items and rules (and sections, guidance) added, removed and changed from ``old`` to ``new``."""
    return compare_content(current_content(old), current_content(new), old_label=str(old), new_label=str(new))


# --------------------------------------------------------------------------- jurisdictions


def jurisdiction_data(jurisdiction: Jurisdiction) -> dict[str, Any]:
    """A jurisdiction as its fixture file."""
    out: dict[str, Any] = {"format": JURISDICTION_FORMAT, **jurisdiction.profile()}
    if jurisdiction.description is not None:
        out["description"] = jurisdiction.description
    out["contexts"] = jurisdiction.contexts_map()
    if jurisdiction.source is not None:
        out["source"] = jurisdiction.source
    return ordered_jurisdiction(out)


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


# --------------------------------------------------------------------------- loading files


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


@dataclass
class _InstrumentFile:
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
class _JurisdictionFile:
    path: Path
    name: str
    data: dict
    existing: Jurisdiction | None = None
    outcome: str = ""


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


def check_established_by(
    contents: Iterable[tuple[str, Mapping]], *, declared: Iterable[str] = ()
) -> list[ValidationError]:
    """Items' ``established_by`` name an instrument and item codes that exist (schema.established_by_errors).

    ``contents``: (file name, valid content) of the versions being loaded or published; each one
    stands in for the version with its number in the database. An item code must exist in at
    least one version of the named instrument, here or in the database. ``declared``: slugs of
    instrument files that failed validation: what names them is not checked (their own errors
    say what to fix first).
    """
    contents = list(contents)
    refs = [
        (name, f"$.sections[{si}].items[{ii}].established_by", item["established_by"])
        for name, content in contents
        for si, section in enumerate(content["sections"])
        for ii, item in enumerate(section["items"])
        if isinstance(item.get("established_by"), Mapping)
    ]
    if not refs:
        return []
    named = {ref.get("instrument") for _name, _path, ref in refs}
    replaced = {(c["instrument"]["slug"], c["version"]) for _name, c in contents}
    known: dict[str, set[str]] = {slug: set() for slug in Instrument.objects.values_list("slug", flat=True)}
    for slug, number, code in Item.objects.filter(version__instrument__slug__in=named).values_list(
        "version__instrument__slug", "version__number", "code"
    ):
        if (slug, number) not in replaced:
            known[slug].add(code)
    for _name, content in contents:
        known.setdefault(content["instrument"]["slug"], set()).update(
            i["code"] for s in content["sections"] for i in s["items"]
        )
    waiting = {
        (name, path) for name, path, ref in refs if ref.get("instrument") in set(declared) - set(known)
    }
    errors = []
    for name, content in contents:
        errors += [
            e
            for e in established_by_errors(content, name, known)
            if not any(e.file == n and e.path.startswith(p + ".") for n, p in waiting)
        ]
    return errors


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


def _info(data: Mapping) -> tuple:
    info = data.get("instrument") or {}
    return info.get("name"), info.get("tier"), info.get("purpose")


def _name_purpose(data: Mapping) -> tuple:
    name, _tier, purpose = _info(data)
    return name, purpose


def _new_version_advice(slug: str, number: int, latest: int) -> str:
    return _(
        'to change it, make a new version: copy the file to %(slug)s.v%(next)s.json, set "version": '
        '%(next)s and "status": "draft", and edit that (or use "New draft from this version" in the '
        "admin site)"
    ) % {"slug": slug, "next": max(latest, number) + 1}


def _plan_instruments(files: list[_InstrumentFile], errors: list[ValidationError]) -> None:
    """Cross-file and database checks; fills ``existing``, ``outcome`` and ``steps``."""
    # One file per version.
    by_key: dict[tuple[str, int], _InstrumentFile] = {}
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
            target_info = _info(latest_file.data)
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


def _plan_jurisdictions(files: list[_JurisdictionFile], errors: list[ValidationError]) -> None:
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


def _normal_jurisdiction(data: Mapping) -> dict:
    out = dict(data)
    out["contexts"] = {ctx: list(out["contexts"].get(ctx, [])) for ctx in out["contexts"]}
    return out


def load_files(
    paths: Iterable[str | Path] | None = None, *, check_only: bool = False, user=None, request=None
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
    instrument_files: list[_InstrumentFile] = []
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
                instrument_files.append(_InstrumentFile(path, name, data))
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
        jurisdiction_files: list[_JurisdictionFile] = []
        for path, name in jurisdiction_paths:
            data, file_errors = validate_jurisdiction_file(path, tiers, filename=name)
            report.errors.extend(file_errors)
            if not file_errors:
                jurisdiction_files.append(_JurisdictionFile(path, name, data))

        report.errors.extend(
            check_established_by(
                ((f.name, f.data) for f in instrument_files),
                declared=set(declared) - {f.slug for f in instrument_files},
            )
        )
        _plan_instruments(instrument_files, report.errors)
        _plan_jurisdictions(jurisdiction_files, report.errors)
        if report.errors:
            return report
        for f in instrument_files:
            report.results.append(FileResult(f.name, "instrument", f"{f.slug} v{f.number}", f.outcome))
        for f in jurisdiction_files:
            report.results.append(FileResult(f.name, "jurisdiction", f.data["slug"], f.outcome))
        if check_only:
            return report
        _write_instruments(instrument_files, user=user, request=request)
        _write_jurisdictions(jurisdiction_files, user=user, request=request)
    return report


def _write_instruments(files: list[_InstrumentFile], *, user, request) -> None:
    # 1. The instruments: create, or update name/purpose from the latest version.
    for slug in sorted({f.slug for f in files}):
        mine = sorted((f for f in files if f.slug == slug), key=lambda f: f.number)
        latest_file = mine[-1]
        name, tier, purpose = _info(latest_file.data)
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
        if "create" in f.steps:
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
            version = _freeze(version, user, request=request)
        if "retire" in f.steps:
            version = retire(version, user, request=request)


def _write_jurisdictions(files: list[_JurisdictionFile], *, user, request) -> None:
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
