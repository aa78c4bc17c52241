"""Notifications (in-app, and e-mailed at once or in a daily digest) and each person's choice.

A notification names what it is about by plain ids and a link path, never by a youth's name or
case number: its words are made when shown (alerts/wording.py), in the reader's language.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from screening import deadlines


class Notification(models.Model):
    class Kind(models.TextChoices):
        OUTCOME = "outcome", _("screening outcome")
        DUE_SOON = "due_soon", _("due soon")
        OVERDUE = "overdue", _("overdue")
        # A request to publish an instrument version (studio/signals.py): no case, no youth.
        PUBLICATION = "publication", _("instrument publication")

    # What it is about: a screening (its outcome), a mandated report of a checklist, a screening
    # due on a case, a report of a missing episode (screening/deadlines.py's kinds), a request to
    # publish an instrument version.
    class Subject(models.TextChoices):
        SCREENING = "screening", _("screening")
        MANDATED_REPORT = "mandated_report", _("mandated report")
        # The kinds of what is due, as screening/deadlines.py names them (reminders store its kind).
        SCREENING_AFTER_RETURN = deadlines.SCREENING_AFTER_RETURN, _("screening after a return")
        SCREENING_AT_OPENING = deadlines.SCREENING_AT_OPENING, _("screening at opening")
        REPORT_LAW_ENFORCEMENT = deadlines.REPORT_LAW_ENFORCEMENT, _("report to law enforcement")
        REPORT_NCMEC = deadlines.REPORT_NCMEC, _("report to NCMEC")
        # A publication request (its id), and what happened to it.
        PUBLICATION_REQUESTED = "publication_requested", _("publication requested")
        PUBLICATION_APPROVED = "publication_approved", _("publication approved")
        PUBLICATION_SENT_BACK = "publication_sent_back", _("publication sent back")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    subject = models.CharField(_("about"), max_length=30, choices=Subject.choices)
    # The object (screening, guidance action, case or episode, by `subject`) and its case, as ids.
    object_id = models.BigIntegerField(_("object"))
    case_id = models.BigIntegerField(_("case"), null=True, blank=True)
    # What makes this notification another one: a new deadline, a new outcome.
    occasion = models.CharField(_("occasion"), max_length=64)
    link = models.CharField(_("link"), max_length=300)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    level = models.CharField(_("level"), max_length=10, blank=True)
    identifies = models.CharField(_("identifies"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # E-mailed on its own or in a digest; null: not e-mailed yet.
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    in_digest = models.BooleanField(_("sent in a digest"), default=False)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A reminder is made once, however often and however concurrently the command runs.
            models.UniqueConstraint(
                fields=["recipient", "kind", "subject", "object_id", "occasion"], name="notification_once"
            ),
        ]
        indexes = [
            # A person's list, newest first; and their unread count (the nav link on every page).
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_list"),
            models.Index(
                fields=["recipient"], condition=models.Q(read_at__isnull=True), name="notification_unread"
            ),
            # What is still to e-mail: only those rows.
            models.Index(
                fields=["recipient"], condition=models.Q(emailed_at__isnull=True), name="notification_unsent"
            ),
        ]

    def __str__(self):
        return f"{self.recipient_id} {self.kind} {self.subject} {self.object_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class AlertPreference(models.Model):
    """How a person gets their notifications by e-mail. No row: immediate (made on first use)."""

    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", _("Immediately: one e-mail for each notification")
        DIGEST = "digest", _("Once a day: a digest of the day's notifications")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="alert_preference",
        verbose_name=_("person"),
    )
    delivery = models.CharField(
        _("e-mail"), max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )
    last_digest_on = models.DateField(_("last digest sent on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("alert preference")
        verbose_name_plural = _("alert preferences")

    def __str__(self):
        return f"{self.user_id}: {self.delivery}"
