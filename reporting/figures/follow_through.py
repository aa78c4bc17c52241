"""Figures about follow-through: mandated reports overdue and closed late, and how long flagged
screenings wait for a supervisor's first decision."""

from django.utils.translation import gettext as _

from screening.models import GuidanceAction, ReviewStatus, Screening

from .base import HOURS, Cell, Figure, Row, Window, counts, hours, median


def mandated_reports(w: Window, t: dict) -> Figure:
    # Open and past due now: read now, through an index (due_at), never every report ever made.
    overdue_now = (
        GuidanceAction.objects.filter(mandated_report=True, due_at__isnull=False)
        .filter(status=GuidanceAction.Status.OPEN, due_at__lt=w.now)
        .filter(w.teams("screening__case__"))
        .count()
    )
    c = {"overdue_now": overdue_now, "done_late": t["done_late"], "done_in_time": t["done_in_time"]}
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


def review_turnaround(w: Window, t: dict) -> Figure:
    c = {"decided": t["decided"], "median": median(t["waits"])}
    # The case's team kept on the screening (Screening.case_team_id): one range of an index.
    waiting = Screening.objects.filter(review_status=ReviewStatus.PENDING)
    if w.team_ids is not None:
        waiting = waiting.filter(case_team_id__in=w.team_ids)
    waiting = waiting.count()
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
