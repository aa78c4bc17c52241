"""The supervisors' review of a flagged screening: decisions and the caseworker's responses, kept
as made (never edited or deleted)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.append_only import AppendOnly, RecordIsFinal

from .screenings import Screening


class ReviewRecordIsFinal(RecordIsFinal):
    """A review decision or response was asked to change or to go."""


class KeptAsMade(AppendOnly):
    """Review decisions and responses: written once, never edited or deleted (append_only.py)."""

    refused = ReviewRecordIsFinal
    changed_message = _("Review decisions and responses cannot be changed.")
    deleted_message = _("Review decisions and responses cannot be deleted.")

    class Meta(AppendOnly.Meta):
        abstract = True


class ReviewDecision(KeptAsMade):
    """A supervisor's decision on a flagged screening. Kept forever: never edited or deleted."""

    class Decision(models.TextChoices):
        APPROVE = "approve", _("Approve the plan")
        RETURN = "return", _("Return for more information")

    screening = models.ForeignKey(
        Screening, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("screening")
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    comment = models.TextField(_("comment"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )

    class Meta(KeptAsMade.Meta):
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        ordering = ["decided_at", "pk"]
        # The review turnaround of a period (reporting/): the decisions made in it.
        indexes = [models.Index(fields=["decided_at"], name="review_decided_at")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decision="return", comment=""), name="review_return_has_comment"
            ),
        ]

    def __str__(self):
        return f"{self.get_decision_display()} ({self.decided_at:%Y-%m-%d})"


class ReviewResponse(KeptAsMade):
    """The caseworker's answer to a returned screening; it goes back to the queue."""

    screening = models.ForeignKey(
        Screening, on_delete=models.PROTECT, related_name="review_responses", verbose_name=_("screening")
    )
    comment = models.TextField(_("response"))
    created_at = models.DateTimeField(_("responded at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("responded by")
    )

    class Meta(KeptAsMade.Meta):
        verbose_name = _("response to a review")
        verbose_name_plural = _("responses to reviews")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{_('Response')} {self.created_at:%Y-%m-%d}"
