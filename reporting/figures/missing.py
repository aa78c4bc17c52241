"""Figures about missing-from-care episodes: reports to law enforcement and NCMEC within 24 hours
(42 U.S.C. 671(a)(35)(B)), and screenings after a return within the jurisdiction's deadline."""

from datetime import timedelta

from django.db.models import Count, DateTimeField, DurationField, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from cases.models import MissingEpisode
from screening import deadlines
from screening.models import Screening

from .base import (
    HOURS,
    PERCENT,
    Cell,
    Figure,
    MedianDuration,
    Row,
    Window,
    hours,
    in_database,
    median_of,
    share,
)

# Federal law: within 24 hours. "Within" includes the 24th hour exactly; a minute more is late.
REPORT_WITHIN = timedelta(hours=24)
REPORTS = (
    ("reported_to_law_enforcement_at", "police"),
    ("reported_to_ncmec_at", "ncmec"),
)


def _took(field: str):
    return ExpressionWrapper(F(field) - F("went_missing_at"), output_field=DurationField())


def missing_reports(w: Window) -> Figure:
    episodes = MissingEpisode.objects.filter(w.during("went_missing_at")).filter(w.teams("case__"))
    deadline = w.now - REPORT_WITHIN  # an unreported episode that went missing before this is late
    aggregates: dict = {"episodes": Count("pk")}
    for field, key in REPORTS:
        reported = Q(**{f"{field}__isnull": False})
        on_time = Q(**{f"{field}__lte": F("went_missing_at") + REPORT_WITHIN})
        aggregates[f"{key}_on_time"] = Count("pk", filter=reported & on_time)
        aggregates[f"{key}_late"] = Count("pk", filter=reported & ~on_time)
        unreported = Q(**{f"{field}__isnull": True})
        aggregates[f"{key}_missed"] = Count("pk", filter=unreported & Q(went_missing_at__lt=deadline))
        aggregates[f"{key}_pending"] = Count("pk", filter=unreported & Q(went_missing_at__gte=deadline))
        if in_database():
            aggregates[f"{key}_median"] = MedianDuration(_took(field), filter=reported)
    c = episodes.aggregate(**aggregates)
    if not in_database():
        for field, key in REPORTS:
            took = episodes.filter(**{f"{field}__isnull": False}).annotate(took=_took(field))
            c[f"{key}_median"] = median_of(took.values_list("took", flat=True))
    rows = []
    for (_field, key), label in zip(REPORTS, (_("Law enforcement"), _("NCMEC")), strict=True):
        due = c["episodes"] - c[f"{key}_pending"]
        rows.append(
            Row(
                label,
                [
                    Cell(c["episodes"]),
                    Cell(c[f"{key}_on_time"]),
                    Cell(c[f"{key}_late"]),
                    Cell(c[f"{key}_missed"]),
                    Cell(c[f"{key}_pending"]),
                    Cell(share(c[f"{key}_on_time"], due), PERCENT),
                    Cell(hours(c[f"{key}_median"]), HOURS),
                ],
                base=due,
            )
        )
    figure = Figure(
        "missing_reports",
        _("Missing-from-care episodes reported within 24 hours"),
        _(
            "Episodes of youth of the chosen teams who went missing in the period. Reported within "
            "24 hours: the report's recorded time is at most 24 hours after the youth went missing "
            "(24 hours and one minute is late). Not reported: no report recorded and more than 24 "
            "hours have passed (late). Not yet due: no report and less than 24 hours have passed. "
            "The share is of the episodes past their 24 hours or reported; the median is of the "
            "hours from going missing to the report, for episodes reported."
        ),
        [
            _("Episodes"),
            _("Reported within 24 h"),
            _("Reported late"),
            _("Not reported, past 24 h"),
            _("Not yet due"),
            _("Share within 24 h"),
            _("Median hours to report"),
        ],
        rows,
    )
    return figure


def _screen_took():
    return ExpressionWrapper(F("screened_at") - F("returned_at"), output_field=DurationField())


def returns_screened(w: Window) -> Figure:
    profile = deadlines.jurisdiction_profile()
    limit = (
        timedelta(hours=profile.deadlines_hours["screening_after_return_from_missing"]) if profile else None
    )
    # The first screening submitted at or after the return (any tier), as the deadlines module
    # counts a return screened.
    first = (
        Screening.objects.filter(
            case_id=OuterRef("case_id"),
            status=Screening.Status.SUBMITTED,
            submitted_at__gte=OuterRef("returned_at"),
        )
        .order_by("submitted_at")
        .values("submitted_at")[:1]
    )
    returns = (
        MissingEpisode.objects.filter(w.during("returned_at"))
        .filter(w.teams("case__"))
        .annotate(screened_at=Subquery(first, output_field=DateTimeField()))
    )
    aggregates: dict = {"returns": Count("pk")}
    screened = Q(screened_at__isnull=False)
    if limit is not None:
        in_time = Q(screened_at__lte=F("returned_at") + limit)
        aggregates["in_time"] = Count("pk", filter=screened & in_time)
        aggregates["late"] = Count("pk", filter=screened & ~in_time)
        aggregates["missed"] = Count("pk", filter=~screened & Q(returned_at__lt=w.now - limit))
        aggregates["pending"] = Count("pk", filter=~screened & Q(returned_at__gte=w.now - limit))
    if in_database():
        aggregates["median"] = MedianDuration(_screen_took(), filter=screened)
    c = returns.aggregate(**aggregates)
    if not in_database():
        c["median"] = median_of(
            returns.filter(screened).annotate(took=_screen_took()).values_list("took", flat=True)
        )
    if limit is None:
        c.update(in_time=None, late=None, missed=None, pending=0)
    due = c["returns"] - c["pending"]
    limit_hours = int(limit.total_seconds() // 3600) if limit else None
    return Figure(
        "returns_screened",
        _("Returns from missing screened in time"),
        _(
            "Returns from a missing-from-care episode in the period, of youth of the chosen teams. "
            "Screened in time: a screening (any tier) was submitted on the case within the "
            "jurisdiction's deadline after the return (%(hours)s hours; at the deadline exactly is "
            "in time). Not screened: none submitted and the deadline has passed. The share is of "
            "the returns past their deadline or screened; the median is of the hours from the "
            "return to the first screening submitted after it."
        )
        % {"hours": limit_hours if limit_hours is not None else _("no jurisdiction profile loaded")},
        [
            _("Returns"),
            _("Screened in time"),
            _("Screened late"),
            _("Not screened, past the deadline"),
            _("Not yet due"),
            _("Share in time"),
            _("Median hours to screen"),
        ],
        [
            Row(
                _("Returns from missing"),
                [
                    Cell(c["returns"]),
                    Cell(c["in_time"]),
                    Cell(c["late"]),
                    Cell(c["missed"]),
                    Cell(c["pending"]),
                    Cell(share(c["in_time"] or 0, due) if limit else None, PERCENT),
                    Cell(hours(c["median"]), HOURS),
                ],
                base=due,
            )
        ],
    )
