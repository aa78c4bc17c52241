"""Deadlines the software keeps (hours from the jurisdiction profile, never constants):

- a screening after a youth's return from a missing-from-care episode, until a screening
  is submitted after the return;
- a screening after a case opened with a known runaway history, until one is submitted;
- reports of a missing youth to law enforcement and to NCMEC, until they are recorded.

Computed for many cases at once in a fixed number of queries (no query per case).
"""

from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case, MissingEpisode
from indicators.models import Jurisdiction

from .models import Screening

SCREENING_AFTER_RETURN = "screening_after_return"
SCREENING_AT_OPENING = "screening_at_opening"
REPORT_LAW_ENFORCEMENT = "report_law_enforcement"
REPORT_NCMEC = "report_ncmec"

LABELS = {
    SCREENING_AFTER_RETURN: _("Screening due after a return from missing"),
    SCREENING_AT_OPENING: _("Screening due: case opened with a runaway history"),
    REPORT_LAW_ENFORCEMENT: _("Report the missing youth to law enforcement"),
    REPORT_NCMEC: _("Report the missing youth to NCMEC (1-800-THE-LOST)"),
}


@dataclass(frozen=True)
class Due:
    kind: str
    case: Case
    due_at: datetime
    since: datetime  # when the clock started
    episode: MissingEpisode | None = None

    @property
    def label(self) -> str:
        return str(LABELS[self.kind])

    @property
    def overdue(self) -> bool:
        return timezone.now() > self.due_at

    @property
    def is_screening(self) -> bool:
        return self.kind in (SCREENING_AFTER_RETURN, SCREENING_AT_OPENING)

    @property
    def url(self) -> str:
        if self.kind == SCREENING_AFTER_RETURN:
            return (
                reverse("screening:start", kwargs={"case_pk": self.case.pk})
                + f"?context=return_from_missing&episode={self.episode.pk}"
            )
        if self.kind == SCREENING_AT_OPENING:
            return reverse("screening:start", kwargs={"case_pk": self.case.pk})
        return reverse("cases:episode_edit", kwargs={"pk": self.case.pk, "episode_pk": self.episode.pk})


def jurisdiction_profile() -> Jurisdiction | None:
    """The agency's profile (settings.SCREENING_JURISDICTION); None until it is loaded."""
    return Jurisdiction.objects.filter(slug=settings.SCREENING_JURISDICTION).first()


def oldest_age_served() -> int | None:
    """The oldest age of a youth the agency serves (the profile's setting); None until loaded."""
    return (
        Jurisdiction.objects.filter(slug=settings.SCREENING_JURISDICTION)
        .values_list("oldest_age_served", flat=True)
        .first()
    )


# The two reports of a missing youth: the jurisdiction's deadline key and the episode's field.
MISSING_REPORTS = {
    REPORT_LAW_ENFORCEMENT: ("report_missing_to_law_enforcement", "reported_to_law_enforcement_at"),
    REPORT_NCMEC: ("report_missing_to_ncmec", "reported_to_ncmec_at"),
}


def report_due_at(episode: MissingEpisode, kind: str, hours: dict) -> datetime:
    return episode.went_missing_at + timedelta(hours=hours[MISSING_REPORTS[kind][0]])


@dataclass(frozen=True)
class ReportDeadline:
    """One report of a missing episode against the jurisdiction's deadline (due_at None: no profile)."""

    due_at: datetime | None
    reported_at: datetime | None

    @property
    def late(self) -> bool:
        return self.due_at is not None and (self.reported_at or timezone.now()) > self.due_at


def report_deadline(episode: MissingEpisode, kind: str, jurisdiction: Jurisdiction | None) -> ReportDeadline:
    reported_at = getattr(episode, MISSING_REPORTS[kind][1])
    due = report_due_at(episode, kind, jurisdiction.deadlines_hours) if jurisdiction else None
    return ReportDeadline(due, reported_at)


def _opening_start(case: Case) -> datetime:
    return timezone.make_aware(datetime.combine(case.opened_on, time.min))


def due_for(cases, jurisdiction: Jurisdiction | None) -> list[Due]:
    """Everything due or overdue on these (open) cases, oldest deadline first.

    `cases` is a queryset (already scoped to what the person may see). Three queries.
    """
    if jurisdiction is None:
        return []
    hours = jurisdiction.deadlines_hours
    open_cases = cases.filter(status=Case.Status.OPEN)
    screened_since_return = Screening.objects.filter(
        case_id=OuterRef("case_id"),
        status=Screening.Status.SUBMITTED,
        submitted_at__gte=OuterRef("returned_at"),
    )
    episodes = (
        MissingEpisode.objects.filter(case__in=open_cases)
        .filter(
            Q(returned_at__isnull=False)
            | Q(reported_to_law_enforcement_at__isnull=True)
            | Q(reported_to_ncmec_at__isnull=True)
        )
        .annotate(screened=Exists(screened_since_return))
        .select_related("case__assigned_caseworker", "case__team")
        .order_by("went_missing_at")
    )
    items: list[Due] = []
    screening_due_cases = set()
    for episode in episodes:
        case = episode.case
        for kind, (_key, reported_field) in MISSING_REPORTS.items():
            if getattr(episode, reported_field) is None:
                items.append(
                    Due(kind, case, report_due_at(episode, kind, hours), episode.went_missing_at, episode)
                )
        # One screening covers every return before it: show the oldest unscreened return once.
        if episode.returned_at and not episode.screened and case.pk not in screening_due_cases:
            screening_due_cases.add(case.pk)
            items.append(
                Due(
                    SCREENING_AFTER_RETURN,
                    case,
                    episode.returned_at + timedelta(hours=hours["screening_after_return_from_missing"]),
                    episode.returned_at,
                    episode,
                )
            )
    opening = (
        open_cases.filter(known_runaway_history=True)
        .annotate(last_screened=Max("screenings__submitted_at"))
        .filter(last_screened__isnull=True)
        .select_related("team", "assigned_caseworker")
    )
    for case in opening:
        start = _opening_start(case)
        items.append(
            Due(
                SCREENING_AT_OPENING,
                case,
                start + timedelta(hours=hours["screening_after_opening_with_runaway_history"]),
                start,
            )
        )
    # One screening covers every reason it is due: one entry per case, with the earliest
    # deadline, as a return-from-missing screening when there was a return (its questions
    # about the time away apply).
    per_case: dict[int, Due] = {}
    rest = []
    for item in items:
        if not item.is_screening:
            rest.append(item)
            continue
        kept = per_case.get(item.case.pk)
        if kept is None:
            per_case[item.case.pk] = item
            continue
        chosen = kept if kept.kind == SCREENING_AFTER_RETURN else item
        per_case[item.case.pk] = replace(
            chosen, due_at=min(kept.due_at, item.due_at), since=min(kept.since, item.since)
        )
    items = rest + list(per_case.values())
    items.sort(key=lambda d: (d.due_at, d.case.pk))
    return items
