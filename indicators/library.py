"""The instrument library at a glance, for the instrument administrator's home page: each
instrument with its versions in draft, published and retired, and each version's last change
(who, when).

The last change of a version is the latest of what its row keeps (created, published, retired,
each with who) and of the audit trail's latest change of it (every edit of a draft, made in the
admin site or by the lifecycle, is an audit event on the version: indicators/lifecycle.py). Read in
a fixed number of queries (three), without any version's content: the audit event through the
partial index `audit_instrument_version` (accounts/models.py), one row per version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import AuditEvent

from .models import DRAFT, PUBLISHED, RETIRED, Instrument, InstrumentVersion

VERSION_TYPE = "indicators.instrumentversion"
# A library holds tens of versions; more than this are not read (the admin lists them all).
VERSIONS_READ = 500
# Retired versions shown per instrument (newest first); the others are counted.
RETIRED_SHOWN = 3

CHANGES = {
    "created": pgettext_lazy("instrument version", "created"),
    "edited": _("edited"),
    "published": _("published"),
    "retired": _("retired"),
}


@dataclass
class VersionSummary:
    version: InstrumentVersion
    changed_at: datetime | None = None
    changed_by: object = None  # a User, or the username the audit event kept
    change: str = ""

    @property
    def change_label(self) -> str:
        return str(CHANGES.get(self.change, ""))


@dataclass
class InstrumentSummary:
    instrument: Instrument
    drafts: list[VersionSummary] = field(default_factory=list)
    published: list[VersionSummary] = field(default_factory=list)
    retired: list[VersionSummary] = field(default_factory=list)
    retired_count: int = 0

    @property
    def more_retired(self) -> int:
        return self.retired_count - len(self.retired)

    @property
    def last_change(self) -> VersionSummary | None:
        rows = (*self.drafts, *self.published, *self.retired)
        latest = max(rows, key=lambda v: v.changed_at or _NEVER, default=None)
        return latest if latest is not None and latest.changed_at is not None else None


@dataclass
class Library:
    instruments: list[InstrumentSummary]
    complete: bool = True  # False: more versions than VERSIONS_READ

    @property
    def drafts(self) -> list[VersionSummary]:
        """Every draft, the most recently changed first: the work in progress."""
        drafts = [d for entry in self.instruments for d in entry.drafts]
        return sorted(drafts, key=lambda d: d.changed_at or _NEVER, reverse=True)


_NEVER = datetime.min.replace(tzinfo=UTC)


def _last_change(version: InstrumentVersion, event: AuditEvent | None) -> tuple:
    """(when, who, what) of the latest change the row or the audit trail knows."""
    known: list[tuple[datetime | None, object, str]] = [
        (version.created_at, version.created_by, "created"),
        (version.published_at, version.published_by, "published"),
        (version.retired_at, version.retired_by, "retired"),
    ]
    if event is not None:
        # Publishing and retiring are audited as updates that name the new status.
        status = event.detail.get("status") if isinstance(event.detail, dict) else None
        if status in (PUBLISHED, RETIRED):
            what = status
        else:
            what = "created" if event.action == AuditEvent.Action.CREATED else "edited"
        known.append((event.at, event.user or event.username, what))
    dated = [k for k in known if k[0] is not None]
    return max(dated, key=lambda k: k[0] or _NEVER) if dated else (None, None, "")


def summary() -> Library:
    """Every instrument with its versions (drafts, published, retired: newest first)."""
    latest_event = (
        AuditEvent.objects.filter(
            object_type=VERSION_TYPE,
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
            action__in=[AuditEvent.Action.CREATED, AuditEvent.Action.UPDATED],
        )
        .order_by("-at", "-pk")
        .values("pk")[:1]
    )
    versions = list(
        InstrumentVersion.objects.select_related("instrument", "created_by", "published_by", "retired_by")
        .only(
            "instrument",
            "created_by",
            "published_by",
            "retired_by",
            "instrument__slug",
            "instrument__name",
            "instrument__tier",
            "number",
            "status",
            "change_note",
            "created_at",
            "published_at",
            "retired_at",
            "created_by__username",
            "created_by__first_name",
            "created_by__last_name",
            "published_by__username",
            "published_by__first_name",
            "published_by__last_name",
            "retired_by__username",
            "retired_by__first_name",
            "retired_by__last_name",
        )
        .annotate(last_event=Subquery(latest_event))
        .order_by("instrument__tier", "instrument__slug", "-number")[: VERSIONS_READ + 1]
    )
    complete = len(versions) <= VERSIONS_READ
    versions = versions[:VERSIONS_READ]
    events = AuditEvent.objects.select_related("user").in_bulk(
        [v.last_event for v in versions if v.last_event is not None]
    )
    instruments = Instrument.objects.order_by("tier", "slug")
    by_instrument = {instrument.pk: InstrumentSummary(instrument) for instrument in instruments}
    for version in versions:
        entry = by_instrument.setdefault(version.instrument_id, InstrumentSummary(version.instrument))
        when, who, what = _last_change(version, events.get(version.last_event))
        row = VersionSummary(version, when, who, what)
        if version.status == DRAFT:
            entry.drafts.append(row)
        elif version.status == PUBLISHED:
            entry.published.append(row)
        elif version.status == RETIRED:
            entry.retired_count += 1
            if len(entry.retired) < RETIRED_SHOWN:
                entry.retired.append(row)
    return Library(list(by_instrument.values()), complete)
