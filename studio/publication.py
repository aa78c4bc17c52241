"""Publishing a draft from the studio (issue 18, items 5-6): its impact on the screenings of the
last months, a request a second instrument administrator approves or sends back (four-eyes, the
setting STUDIO_PUBLICATION_NEEDS_APPROVAL), or, with the setting off, publication at once; and
retiring a published version.

Each write is one transaction that locks the request and the version (two approvers cannot both
act), goes through indicators/lifecycle.py to publish or retire, and leaves an audit event on the
version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from accounts.requests import AuthenticatedRequest
from indicators import lifecycle
from indicators.checksum import content_checksum
from indicators.content import export_content
from indicators.exports import current_content
from indicators.models import DRAFT, InstrumentVersion
from screening.models import Screening

from . import signals
from .impact import Impact, impact
from .models import PublicationRequest

# The columns the impact reads: never a name, a case or a note.
IMPACT_COLUMNS = ("context", "youth_age", "answers", "established", "level", "result")


class PublicationError(Exception):
    """A step refused (own request, stale draft, missing justification ...). Nothing was changed."""


def needs_approval() -> bool:
    return bool(settings.STUDIO_PUBLICATION_NEEDS_APPROVAL)


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (the month's last day when shorter)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    month += 1
    for day in range(moment.day, 27, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return moment.replace(year=year, month=month, day=min(moment.day, 28))


@dataclass
class ImpactReport:
    """The impact with the period it covers and how the screenings were chosen."""

    counts: Impact
    since: datetime
    until: datetime
    months: int
    limit: int

    @property
    def limit_reached(self) -> bool:
        return self.counts.rescored + self.counts.not_scored >= self.limit

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.counts.to_dict(),
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "months": self.months,
        }


def impact_of(version: InstrumentVersion, *, now: datetime | None = None) -> ImpactReport:
    """Re-score, in memory, the screenings of the version's instrument (any other version)
    submitted in the last STUDIO_IMPACT_MONTHS months, the most recent first, at most
    STUDIO_IMPACT_MAX_SCREENINGS: one query, read in chunks."""
    until = now or timezone.now()
    months = settings.STUDIO_IMPACT_MONTHS
    since = months_before(until, months)
    limit = settings.STUDIO_IMPACT_MAX_SCREENINGS
    rows = (
        Screening.objects.filter(
            status=Screening.Status.SUBMITTED,
            submitted_at__gte=since,
            submitted_at__lte=until,
            instrument_version__instrument_id=version.instrument_id,
        )
        .exclude(instrument_version_id=version.pk)
        .order_by("-submitted_at", "-pk")
        .values(*IMPACT_COLUMNS)[:limit]
    )
    counts = impact(current_content(version), rows.iterator(chunk_size=500))
    return ImpactReport(counts, since, until, months, limit)


def draft_checksum(version: InstrumentVersion) -> str:
    """The checksum of the draft as its rows stand now (whatever its stored checksum says)."""
    return content_checksum(export_content(version))


def pending_requests(limit: int = 20):
    """The requests waiting for approval, oldest first (a few)."""
    return (
        PublicationRequest.objects.filter(status=PublicationRequest.Status.REQUESTED)
        .select_related("version__instrument", "requested_by")
        .order_by("requested_at", "pk")[:limit]
    )


def open_request(version: InstrumentVersion) -> PublicationRequest | None:
    return (
        PublicationRequest.objects.filter(version=version, status=PublicationRequest.Status.REQUESTED)
        .select_related("requested_by")
        .first()
    )


# --------------------------------------------------------------------------- writes


def _locked_draft(version: InstrumentVersion) -> InstrumentVersion:
    locked = InstrumentVersion.objects.select_for_update().select_related("instrument").get(pk=version.pk)
    if locked.status != DRAFT:
        raise PublicationError(
            _("Only a draft can be published; %(version)s is %(status)s.")
            % {"version": locked, "status": locked.get_status_display()}
        )
    return locked


def _check(version: InstrumentVersion, report: ImpactReport, justification: str) -> None:
    if report.counts.lowers and not justification.strip():
        raise PublicationError(
            _(
                "This draft lowers the outcome of some screenings: write why it should be "
                "published anyway (the justification)."
            )
        )
    _content, errors, failures = lifecycle.check_publishable(version)
    if errors or failures:
        raise lifecycle.PublishRefused(errors, failures)


def _keep_change_note(version: InstrumentVersion, change_note: str) -> None:
    note = change_note.strip() or None
    if note != version.change_note:
        version.change_note = note
        version.save(update_fields=["change_note"])
        lifecycle.refresh_draft(version)


def _impact_words(report: ImpactReport) -> dict[str, Any]:
    return {"impact": report.to_dict()}


@transaction.atomic
def request_publication(
    *,
    request: AuthenticatedRequest,
    version: InstrumentVersion,
    change_note: str,
    justification: str,
    report: ImpactReport,
) -> PublicationRequest:
    """Ask a second instrument administrator to publish the draft, as it is now."""
    draft = _locked_draft(version)
    if PublicationRequest.objects.filter(version=draft, status=PublicationRequest.Status.REQUESTED).exists():
        raise PublicationError(_("This draft already waits for approval."))
    _check(draft, report, justification)
    _keep_change_note(draft, change_note)
    asked = PublicationRequest.objects.create(
        version=draft,
        requested_by=request.user,
        change_note=change_note.strip(),
        justification=justification.strip(),
        impact=report.to_dict(),
        checksum=draft_checksum(draft),
    )
    audit.record(
        request,
        audit.Action.CREATED,
        obj=draft,
        summary=_("Publication requested"),
        detail={
            "event": "publication_requested",
            "request": asked.pk,
            "checksum": asked.checksum,
            "justification": asked.justification,
            **_impact_words(report),
        },
    )
    signals.send_publication_changed(asked.pk, signals.REQUESTED)
    return asked


def _locked_request(pk: int, version: InstrumentVersion) -> PublicationRequest:
    try:
        asked = PublicationRequest.objects.select_for_update().get(pk=pk, version=version)
    except PublicationRequest.DoesNotExist:
        raise PublicationError(_("This request no longer exists: read the page again.")) from None
    if not asked.is_open:
        raise PublicationError(
            _("This request was already decided (%(status)s).") % {"status": asked.get_status_display()}
        )
    return asked


def _decide(request: AuthenticatedRequest, asked: PublicationRequest, status: str, comment: str = "") -> None:
    asked.status = status
    asked.decided_by = request.user
    asked.decided_at = timezone.now()
    asked.comment = comment.strip()
    asked.save(update_fields=["status", "decided_by", "decided_at", "comment"])


@transaction.atomic
def approve(
    *, request: AuthenticatedRequest, version: InstrumentVersion, request_pk: int
) -> InstrumentVersion:
    """Publish the draft on its request: never by the person who asked, never a draft changed
    since it was asked (its checksum differs)."""
    asked = _locked_request(request_pk, version)
    if not request.user.has_perm("studio.decide_publication", asked):
        raise PublicationError(
            _("You asked for this publication: another instrument administrator approves it.")
        )
    draft = _locked_draft(version)
    if draft_checksum(draft) != asked.checksum:
        raise PublicationError(
            _(
                "The draft was changed after publication was requested: it cannot be approved on "
                "this request. Send it back, and the author asks again."
            )
        )
    published = lifecycle.publish(draft, request.user, request=request)
    _decide(request, asked, PublicationRequest.Status.APPROVED)
    audit.record(
        request,
        audit.Action.UPDATED,
        obj=published,
        summary=_("Publication approved"),
        detail={
            "event": "publication_approved",
            "request": asked.pk,
            "requested_by": asked.requested_by_id,
            "checksum": asked.checksum,
        },
    )
    signals.send_publication_changed(asked.pk, signals.APPROVED)
    return published


@transaction.atomic
def send_back(
    *, request: AuthenticatedRequest, version: InstrumentVersion, request_pk: int, comment: str
) -> None:
    """Refuse the request, with a comment for its author; the draft stays a draft."""
    if not comment.strip():
        raise PublicationError(_("Write a comment: it tells the author what to change."))
    asked = _locked_request(request_pk, version)
    if not request.user.has_perm("studio.decide_publication", asked):
        raise PublicationError(_("You asked for this publication: withdraw it instead."))
    _decide(request, asked, PublicationRequest.Status.REFUSED, comment)
    audit.record(
        request,
        audit.Action.UPDATED,
        obj=version,
        summary=_("Publication sent back"),
        detail={"event": "publication_sent_back", "request": asked.pk, "comment": asked.comment},
    )
    signals.send_publication_changed(asked.pk, signals.SENT_BACK)


@transaction.atomic
def withdraw(*, request: AuthenticatedRequest, version: InstrumentVersion, request_pk: int) -> None:
    """The author takes their request back."""
    asked = _locked_request(request_pk, version)
    if asked.requested_by_id != request.user.pk:
        raise PublicationError(_("Only the person who asked may withdraw this request."))
    _decide(request, asked, PublicationRequest.Status.WITHDRAWN)
    audit.record(
        request,
        audit.Action.UPDATED,
        obj=version,
        summary=_("Publication request withdrawn"),
        detail={"event": "publication_withdrawn", "request": asked.pk},
    )


@transaction.atomic
def publish_now(
    *,
    request: AuthenticatedRequest,
    version: InstrumentVersion,
    change_note: str,
    justification: str,
    report: ImpactReport,
) -> InstrumentVersion:
    """Publish at once (STUDIO_PUBLICATION_NEEDS_APPROVAL off)."""
    if needs_approval():
        raise PublicationError(_("A second instrument administrator must approve this publication."))
    draft = _locked_draft(version)
    _check(draft, report, justification)
    _keep_change_note(draft, change_note)
    published = lifecycle.publish(draft, request.user, request=request)
    audit.record(
        request,
        audit.Action.UPDATED,
        obj=published,
        summary=_("Published from the studio without a second approval"),
        detail={
            "event": "published_at_once",
            "justification": justification.strip(),
            **_impact_words(report),
        },
    )
    return published


def retire(*, request: AuthenticatedRequest, version: InstrumentVersion) -> InstrumentVersion:
    """Published -> retired (lifecycle.retire locks, checks and audits); LifecycleError otherwise."""
    return lifecycle.retire(version, request.user, request=request)
