"""Figures about follow-through: mandated reports overdue and closed late, and how long flagged
screenings wait for a supervisor's first decision."""

from django.db.models import (
    Count,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
)
from django.utils.translation import gettext as _

from screening.models import GuidanceAction, ReviewDecision, ReviewStatus, Screening

from .base import HOURS, Cell, Figure, MedianDuration, Row, Window, counts, hours, in_database, median_of


def mandated_reports(w: Window) -> Figure:
    done = Q(status=GuidanceAction.Status.DONE)
    # Only the rows a figure counts (open and past due now, or done in the period), each read
    # through an index (due_at; action_mandated_done), never every report ever made.
    actions = (
        GuidanceAction.objects.filter(mandated_report=True, due_at__isnull=False)
        .filter(Q(status=GuidanceAction.Status.OPEN, due_at__lt=w.now) | w.during("done_at"))
        .filter(w.teams("screening__case__"))
    )
    c = actions.aggregate(
        overdue_now=Count("pk", filter=Q(status=GuidanceAction.Status.OPEN, due_at__lt=w.now)),
        done_late=Count("pk", filter=done & w.during("done_at") & Q(done_at__gt=F("due_at"))),
        done_in_time=Count("pk", filter=done & w.during("done_at") & Q(done_at__lte=F("due_at"))),
    )
    return Figure(
        "mandated_reports",
        _("Mandated reports"),
        _(
            "Reports the jurisdiction mandates (law enforcement, hotline...) on the checklists of "
            "screenings of cases of the chosen teams, each report of each screening once. Overdue "
            "now: still open and past its deadline at this moment, whatever the period. Closed "
            "late: marked done in the period with a time it was done after its deadline; closed in "
            "time: done in the period by its deadline."
        ),
        [_("Reports")],
        [
            Row(_("Overdue now"), counts(c["overdue_now"])),
            Row(_("Closed late in the period"), counts(c["done_late"])),
            Row(_("Closed in time in the period"), counts(c["done_in_time"])),
        ],
    )


def _waited():
    return ExpressionWrapper(F("first_decided_at") - F("submitted_at"), output_field=DurationField())


def review_turnaround(w: Window) -> Figure:
    first_decision = ReviewDecision.objects.filter(screening=OuterRef("pk")).order_by("decided_at", "pk")
    decided = (
        Screening.objects.filter(w.teams("case__"))
        .filter(
            Exists(ReviewDecision.objects.filter(screening=OuterRef("pk")).filter(w.during("decided_at")))
        )
        .annotate(
            first_decided_at=Subquery(first_decision.values("decided_at")[:1], output_field=DateTimeField())
        )
        .filter(w.during("first_decided_at"))
    )
    aggregates: dict = {"decided": Count("pk")}
    if in_database():
        aggregates["median"] = MedianDuration(_waited())
    c = decided.aggregate(**aggregates)
    if not in_database():
        c["median"] = median_of(decided.annotate(waited=_waited()).values_list("waited", flat=True))
    waiting = Screening.objects.filter(review_status=ReviewStatus.PENDING).filter(w.teams("case__")).count()
    return Figure(
        "review_turnaround",
        _("Supervisor review turnaround"),
        _(
            "Screenings of cases of the chosen teams whose first review decision (approve or "
            "return) was made in the period; the median is of the hours from the screening's "
            "submission, when it started waiting for review, to that first decision. Waiting now: "
            "screenings waiting for a supervisor at this moment, whatever the period."
        ),
        [_("Screenings"), _("Median hours to first decision")],
        [
            Row(
                _("First decided in the period"),
                [Cell(c["decided"]), Cell(hours(c["median"]), HOURS)],
                base=c["decided"],
            ),
            Row(_("Waiting for review now"), [Cell(waiting), Cell(None, HOURS)]),
        ],
    )
