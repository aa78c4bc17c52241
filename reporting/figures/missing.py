"""Figures about missing-from-care episodes: reports to law enforcement and NCMEC within 24 hours
(42 U.S.C. 671(a)(35)(B)), and screenings after a return within the jurisdiction's deadline."""

from datetime import timedelta

from django.utils.translation import gettext as _

from screening import deadlines

from ..pieces import REPORTS, micros
from .base import HOURS, PERCENT, Cell, Figure, Row, Window, at_most, before, hours, median, share

# Federal law: within 24 hours. "Within" includes the 24th hour exactly; a minute more is late.
REPORT_WITHIN = timedelta(hours=24)


def missing_reports(w: Window, t: dict) -> Figure:
    deadline = w.now - REPORT_WITHIN  # an unreported episode that went missing before this is late
    limit = micros(REPORT_WITHIN)
    c: dict = {"episodes": t["episodes"]}
    for _field, key in REPORTS:
        took = sorted(t[f"{key}_took"])  # sorted once: the count and the median then sort in one pass
        c[f"{key}_on_time"] = at_most(took, limit)
        c[f"{key}_late"] = len(took) - c[f"{key}_on_time"]
        c[f"{key}_missed"] = before(t[f"{key}_unreported"], deadline)
        c[f"{key}_pending"] = len(t[f"{key}_unreported"]) - c[f"{key}_missed"]
        c[f"{key}_median"] = median(took)
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


def returns_screened(w: Window, t: dict) -> Figure:
    profile = deadlines.jurisdiction_profile()
    limit = (
        timedelta(hours=profile.deadlines_hours["screening_after_return_from_missing"]) if profile else None
    )
    took = sorted(t["return_took"])
    c: dict = {"returns": t["returns"], "median": median(took)}
    if limit is not None:
        c["in_time"] = at_most(took, micros(limit))
        c["late"] = len(took) - c["in_time"]
        c["missed"] = before(t["return_unscreened"], w.now - limit)
        c["pending"] = len(t["return_unscreened"]) - c["missed"]
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
