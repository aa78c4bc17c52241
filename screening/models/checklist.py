"""The guidance checklist of a screening: its actions, tracked until done or not applicable, and
the closures a reopen undid (kept as made)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.append_only import AppendOnly, RecordIsFinal

from .screenings import Screening


class GuidanceActionQuerySet(models.QuerySet):
    def most_pressing_first(self):
        """Immediate actions first (they are for now), then by deadline, soonest first, then
        urgent before routine; within that, the order of the screenings and their checklists."""
        rank = models.Case(
            *(
                models.When(priority=p, then=models.Value(i))
                for i, p in enumerate(GuidanceAction.Priority.values)
            ),
            default=models.Value(99),
            output_field=models.IntegerField(),
        )
        return self.annotate(priority_rank=rank).order_by(
            models.Case(
                models.When(priority=GuidanceAction.Priority.IMMEDIATE, then=models.Value(0)),
                default=models.Value(1),
                output_field=models.IntegerField(),
            ),
            models.F("due_at").asc(nulls_last=True),
            "priority_rank",
            "screening__submitted_at",
            "position",
            "pk",
        )


class GuidanceAction(models.Model):
    """One step of a screening's guidance checklist, tracked until done or not applicable."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")
        NOT_APPLICABLE = "not_applicable", _("not applicable")

    class Priority(models.TextChoices):
        IMMEDIATE = "immediate", _("immediate")
        URGENT = "urgent", _("urgent")
        ROUTINE = "routine", _("routine")

    screening = models.ForeignKey(
        Screening, on_delete=models.PROTECT, related_name="actions", verbose_name=_("screening")
    )
    position = models.PositiveIntegerField(default=0)
    code = models.CharField(_("code"), max_length=80)
    title = models.CharField(_("action"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices)
    mandatory = models.BooleanField(_("mandatory"), default=False)
    contacts = models.JSONField(_("contacts"), default=list, blank=True)
    rules = models.JSONField(_("called for by rules"), default=list, blank=True)
    deadline_key = models.CharField(_("deadline"), max_length=60, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True, db_index=True)
    # A report the jurisdiction mandates (done only with its number), and a step that continues
    # the screening (closed as not applicable once questioning stops).
    mandated_report = models.BooleanField(_("mandated report"), default=False)
    continues_screening = models.BooleanField(_("continues the screening"), default=False)

    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    reference = models.CharField(
        _("reference"), max_length=120, blank=True, help_text=_("For example a report or referral number.")
    )
    not_applicable_reason = models.TextField(_("why not applicable"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("closed by"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = GuidanceActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("guidance action")
        verbose_name_plural = _("guidance actions")
        ordering = ["screening", "position", "pk"]
        indexes = [
            # Open actions (the home pages): only those rows, however many are closed.
            models.Index(fields=["screening"], condition=models.Q(status="open"), name="action_open"),
            # Mandated reports done in a period (reporting/), a few rows of the checklists.
            models.Index(
                fields=["done_at"], condition=models.Q(mandated_report=True), name="action_mandated_done"
            ),
            # Open mandated reports by deadline (alerts/reminders.py, every 15 minutes; reporting's
            # "overdue now"): the few open reports, not every checklist row.
            models.Index(
                fields=["due_at"],
                condition=models.Q(mandated_report=True, status="open"),
                name="action_mandated_open_due",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["screening", "code"], name="guidance_action_once"),
            models.CheckConstraint(
                condition=(
                    models.Q(status="open", closed_at__isnull=True)
                    | models.Q(status="done", closed_at__isnull=False, done_at__isnull=False)
                    | models.Q(status="not_applicable", closed_at__isnull=False)
                    & ~models.Q(not_applicable_reason="")
                ),
                name="guidance_action_closed_properly",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_at is not None and self.due_at < timezone.now()

    @property
    def earlier(self) -> list["ActionClosure"]:
        """Each closure later undone by a reopen, oldest first (prefetch "closures" for a list)."""
        return list(self.closures.all())

    @property
    def needs_reference(self) -> bool:
        """A mandated report is done only with its number."""
        return self.mandated_report


class ClosureIsFinal(RecordIsFinal):
    """An earlier closure of a checklist action was asked to change or to go."""


class ActionClosure(AppendOnly):
    """A closure of a checklist action that a reopen undid: what was recorded, who reopened it
    and why. It stays in view with the action (page and printout), kept as made.

    The people are kept as they were named then (shown), beside the account (for queries); an
    entry moved from the former JSON column has the name only when no single account bore it.
    """

    class Status(models.TextChoices):
        DONE = "done", _("done")
        NOT_APPLICABLE = "not_applicable", _("not applicable")

    action = models.ForeignKey(
        GuidanceAction, on_delete=models.PROTECT, related_name="closures", verbose_name=_("action")
    )
    status = models.CharField(_("status"), max_length=15, choices=Status.choices)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=120, blank=True)
    reason = models.TextField(_("why not applicable"), blank=True)
    closed_at = models.DateTimeField(_("closed at"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("closed by"),
    )
    # A full name is first (150) + " " + last (150) characters.
    closed_by_name = models.CharField(_("closed by (as named then)"), max_length=301, blank=True)
    reopened_at = models.DateTimeField(_("reopened at"))
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("reopened by"),
    )
    reopened_by_name = models.CharField(_("reopened by (as named then)"), max_length=301, blank=True)
    why = models.TextField(_("why it was reopened"))

    refused = ClosureIsFinal
    changed_message = _("An earlier closure of an action cannot be changed.")
    deleted_message = _("An earlier closure of an action cannot be deleted.")

    class Meta(AppendOnly.Meta):
        verbose_name = _("earlier closure of an action")
        verbose_name_plural = _("earlier closures of actions")
        ordering = ["reopened_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="done", done_at__isnull=False) | models.Q(status="not_applicable"),
                name="action_closure_status",
            ),
        ]

    def __str__(self):
        return f"{self.action_id}: {self.get_status_display()} ({self.closed_at:%Y-%m-%d})"


def one_per_task(actions) -> list:
    """The same action asked for by two screenings of a youth (Tier 1 and Tier 2 both ask for a
    report to law enforcement) is one task: keep the first of each, in the order given."""
    seen = set()
    out = []
    for action in actions:
        key = (action.screening.case_id, action.code)
        if key not in seen:
            seen.add(key)
            out.append(action)
    return out
