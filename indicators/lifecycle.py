"""A version's lifecycle: draft -> published -> retired. Each write is one transaction, audited.

- :func:`new_draft_from`: a new draft, a copy of a version;
- :func:`refresh_draft` / :func:`record_draft_change` after a draft's rows were edited, and
  :func:`refresh_instrument_drafts` after its instrument's description was;
- :func:`check_publishable`, :func:`publish` (or :class:`PublishRefused`), :func:`retire`
  (or :class:`LifecycleError`); :func:`publish_validated` for content checked beforehand;
- :func:`check_established_by`: items naming another instrument's items, checked when a version
  is published and when files are loaded.

A published or retired version never changes (see indicators/models.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from accounts.models import User

from .checksum import content_checksum
from .content import build_rows, export_content
from .models import DRAFT, PUBLISHED, RETIRED, Instrument, InstrumentVersion, Item
from .schema import (
    ValidationError,
    VignetteFailure,
    check_vignettes,
    established_by_errors,
    validate_instrument_version,
)

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
    version: InstrumentVersion,
    *,
    user: User | None = None,
    request: HttpRequest | None = None,
    summary: str = "",
    detail: dict[str, Any] | None = None,
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
def refresh_instrument_drafts(
    instrument: Instrument, *, user: User | None = None, request: HttpRequest | None = None
) -> list[InstrumentVersion]:
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
    version: InstrumentVersion,
    user: User | None = None,
    *,
    change_note: str | None = None,
    request: HttpRequest | None = None,
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

    def __init__(
        self, errors: Iterable[ValidationError | str] = (), vignette_failures: Iterable[VignetteFailure] = ()
    ):
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
) -> tuple[dict[str, Any], list[ValidationError], list[VignetteFailure]]:
    """The content publishing would freeze, its schema errors and failing vignettes."""
    content = export_content(version)
    content["status"] = PUBLISHED
    errors = validate_instrument_version(content, version.export_filename)
    if not errors:
        errors = check_established_by([(version.export_filename, content)])
    failures = check_vignettes(content) if not errors else []
    return content, errors, failures


@transaction.atomic
def publish(
    version: InstrumentVersion, user: User | None = None, *, request: HttpRequest | None = None
) -> InstrumentVersion:
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
    return publish_validated(version, user, request=request)


@transaction.atomic
def publish_validated(
    version: InstrumentVersion, user: User | None = None, *, request: HttpRequest | None = None
) -> InstrumentVersion:
    """Draft -> published, with ``version.content`` as it is: the caller has validated it
    (:func:`publish` does; so does loading, for every file, before it writes anything)."""
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
def retire(
    version: InstrumentVersion, user: User | None = None, *, request: HttpRequest | None = None
) -> InstrumentVersion:
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


# --------------------------------------------------------------------------- checks across versions


def check_established_by(
    contents: Iterable[tuple[str, Mapping[str, Any]]], *, declared: Iterable[str] = ()
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
