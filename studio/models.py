"""A request to publish a draft, approved by a second instrument administrator (four-eyes, issue
18 item 6). What was asked for is kept as it was asked: the change note, the justification, the
impact's counts and the draft's checksum; a draft changed afterwards cannot be approved on it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from indicators.models import InstrumentVersion


class PublicationRequest(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("waiting for approval")
        APPROVED = "approved", _("approved and published")
        WITHDRAWN = "withdrawn", _("withdrawn")
        REFUSED = "refused", _("sent back")

    # A draft deleted takes its requests with it (the audit trail keeps what happened); a
    # published version is never deleted.
    version = models.ForeignKey(
        InstrumentVersion,
        on_delete=models.CASCADE,
        related_name="publication_requests",
        verbose_name=_("instrument version"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    change_note = models.TextField(_("change note"), blank=True)
    justification = models.TextField(_("justification"), blank=True)
    impact = models.JSONField(_("impact when requested"), default=dict, blank=True)
    checksum = models.CharField(_("draft checksum when requested"), max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("publication request")
        verbose_name_plural = _("publication requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # One open request per draft: a second one waits until the first is decided.
            models.UniqueConstraint(
                fields=["version"], condition=models.Q(status="requested"), name="studio_one_open_request"
            ),
        ]
        indexes = [
            # The pending requests, oldest first (few rows of the table).
            models.Index(
                fields=["requested_at", "id"],
                condition=models.Q(status="requested"),
                name="studio_request_pending",
            ),
        ]

    def __str__(self):
        return f"{self.version} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.REQUESTED
