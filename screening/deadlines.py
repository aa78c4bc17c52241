"""Deadlines the software keeps (hours from the jurisdiction profile, never constants):

- a screening after a youth's return from a missing-from-care episode, until a screening
  is submitted after the return;
- a screening after a case opened with a known runaway history, until one is submitted;
- reports of a missing youth to law enforcement and to NCMEC, until they are recorded.

What is due is read from indexed facts kept on the case (`Case.return_screening_due_since`,
`Case.opening_screening_due_since`: `refresh` recomputes them after every save of a case, an
episode or a submitted screening) and from partial indexes of the unreported episodes, so the
cost follows the number of items due, not the size of the caseload. A fixed number of queries
for any number of cases, and pages of them (oldest deadline first) for the lists.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Case as Choose
from django.db.models import (
    CharField,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import SCREENING_DUE, Case, MissingEpisode
from cases.paging import SECTION_COUNT_CAP, Tally, tally
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


def opening_start(opened_on: date) -> datetime:
    """The clock of a screening at case opening starts at the start of the day it opened."""
    return timezone.make_aware(datetime.combine(opened_on, time.min))


# -- the facts kept on the case


def refresh(case_ids=None, *, models=None, due_at=True) -> None:
    """Recompute the deadline facts of these cases (all when None) from their episodes and
    submitted screenings, then their deadline. `models`: (Case, MissingEpisode, Screening) of a
    migration."""
    case_model, episode_model, screening_model = models or (Case, MissingEpisode, Screening)
    cases = case_model.objects.all() if case_ids is None else case_model.objects.filter(pk__in=case_ids)
    # A return is screened by any screening submitted after it (one covers every return before it).
    screened_since = screening_model.objects.filter(
        case_id=OuterRef("case_id"), status="submitted", submitted_at__gte=OuterRef("returned_at")
    )
    oldest_unscreened_return = (
        episode_model.objects.filter(case_id=OuterRef("pk"), returned_at__isnull=False)
        .filter(~Exists(screened_since))
        .order_by("returned_at")
        .values("returned_at")[:1]
    )
    returned = episode_model.objects.filter(case_id=OuterRef("pk"), returned_at__isnull=False)
    cases.filter(Exists(returned) | Q(return_screening_due_since__isnull=False)).update(
        return_screening_due_since=Subquery(oldest_unscreened_return)
    )
    ever_screened = screening_model.objects.filter(case_id=OuterRef("pk"), status="submitted")
    cases.filter(opening_screening_due_since__isnull=False).filter(
        Q(known_runaway_history=False) | Exists(ever_screened)
    ).update(opening_screening_due_since=None)
    # The start of the opening day is a local date made a moment: set in Python, a date at a time.
    by_day: dict = {}
    for pk, opened_on, kept in (
        cases.filter(known_runaway_history=True)
        .filter(~Exists(ever_screened))
        .values_list("pk", "opened_on", "opening_screening_due_since")
        .iterator(chunk_size=5000)
    ):
        start = opening_start(opened_on)
        if kept != start:
            by_day.setdefault(start, []).append(pk)
    for start, pks in by_day.items():
        for at in range(0, len(pks), 5000):
            case_model.objects.filter(pk__in=pks[at : at + 5000]).update(opening_screening_due_since=start)
    if due_at:
        refresh_due_at(cases, case_model=case_model)


def refresh_due_at(cases=None, *, case_model=None, jurisdiction_model=None) -> None:
    """Set `screening_due_at` from the facts and the jurisdiction's hours (one UPDATE): after
    `refresh`, after a bulk insert that set the facts itself, and when the hours change."""
    case_model = case_model or Case
    jurisdiction_model = jurisdiction_model or Jurisdiction
    cases = case_model.objects.all() if cases is None else cases
    # Only the two hours, by name: a migration passes its historical model, which has neither the
    # model's properties nor the columns added after it (screening 0012).
    hours = (
        jurisdiction_model.objects.filter(slug=settings.SCREENING_JURISDICTION)
        .values("screening_after_return_from_missing", "screening_after_opening_with_runaway_history")
        .first()
    )
    stale = cases.filter(
        Q(return_screening_due_since__isnull=False)
        | Q(opening_screening_due_since__isnull=False)
        | Q(screening_due_at__isnull=False)
    )
    if hours is None:
        stale.update(screening_due_at=None)
        return
    after_return = _after("return_screening_due_since", hours["screening_after_return_from_missing"])
    at_opening = _after("opening_screening_due_since", hours["screening_after_opening_with_runaway_history"])
    # The earlier deadline, or the only one (SQLite's MIN() of a NULL is NULL: hence Coalesce).
    stale.update(
        screening_due_at=Least(Coalesce(after_return, at_opening), Coalesce(at_opening, after_return))
    )


# What a save can change of the facts. The shortcuts skip only saves that cannot: a new case with
# no runaway history (no episode, no screening yet), a new episode with no return (reports are
# read from the episodes themselves), a save of named fields the facts do not depend on.
CASE_FIELDS = {"status", "opened_on", "known_runaway_history"}
EPISODE_FIELDS = {"returned_at", "case"}
SCREENING_FIELDS = {"status", "submitted_at", "case"}


def _touches(update_fields, fields: set) -> bool:
    return update_fields is None or bool(fields & set(update_fields))


def _case_saved(sender, instance, raw=False, created=False, update_fields=None, **kwargs):
    if raw or (created and not instance.known_runaway_history):
        return
    if _touches(update_fields, CASE_FIELDS):
        refresh([instance.pk])


def _episode_saved(sender, instance, raw=False, created=False, update_fields=None, **kwargs):
    if raw or (created and instance.returned_at is None):
        return
    if _touches(update_fields, EPISODE_FIELDS):
        refresh([instance.case_id])


def _screening_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    submitted = instance.status == Screening.Status.SUBMITTED
    if not raw and submitted and _touches(update_fields, SCREENING_FIELDS):
        refresh([instance.case_id])


def _jurisdiction_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.slug == settings.SCREENING_JURISDICTION:
        refresh_due_at()


def keep_facts() -> None:
    """Keep the deadline facts after every save, whichever form, service or command saves
    (bulk inserts, which send no signal, call `refresh` themselves), and the deadlines when the
    jurisdiction's hours change. From the app's ready()."""
    post_save.connect(_jurisdiction_saved, sender=Jurisdiction, dispatch_uid="deadlines_jurisdiction")
    post_save.connect(_case_saved, sender=Case, dispatch_uid="deadlines_case")
    post_save.connect(_episode_saved, sender=MissingEpisode, dispatch_uid="deadlines_episode")
    post_save.connect(_screening_saved, sender=Screening, dispatch_uid="deadlines_screening")


# -- what is due


def _after(field: str, hours: int):
    return ExpressionWrapper(F(field) + timedelta(hours=hours), output_field=DateTimeField())


def _branches(cases, hours: dict, *, overdue_before: datetime | None = None) -> list:
    """The three kinds of due item, each as a queryset ordered by its deadline, read from an
    index in that order (so the first rows cost the same whatever the number due): a screening
    per case (whichever reason), the report to law enforcement and the report to NCMEC per
    episode. Rows: (kind, case id, episode id, due at, since)."""
    screening_due = (
        cases.filter(SCREENING_DUE)
        .annotate(
            d_kind=Choose(
                When(return_screening_due_since__isnull=False, then=Value(SCREENING_AFTER_RETURN)),
                default=Value(SCREENING_AT_OPENING),
                output_field=CharField(),
            ),
            d_episode=Value(None, output_field=IntegerField()),
            d_since=Least(
                Coalesce("return_screening_due_since", "opening_screening_due_since"),
                Coalesce("opening_screening_due_since", "return_screening_due_since"),
            ),
        )
        .order_by("screening_due_at", "pk")
    )
    if overdue_before is not None:
        screening_due = screening_due.filter(screening_due_at__lt=overdue_before)
    branches = [screening_due.values_list("d_kind", "pk", "d_episode", "screening_due_at", "d_since")]
    open_cases = cases.filter(status=Case.Status.OPEN)
    for kind, (key, reported_field) in MISSING_REPORTS.items():
        hours_to_report = timedelta(hours=hours[key])
        episodes = MissingEpisode.objects.filter(
            case__in=open_cases, **{f"{reported_field}__isnull": True}
        ).order_by("went_missing_at", "pk")
        if overdue_before is not None:
            episodes = episodes.filter(went_missing_at__lt=overdue_before - hours_to_report)
        branches.append(
            episodes.annotate(
                d_kind=Value(kind, output_field=CharField()),
                d_due=_after("went_missing_at", hours[key]),
            ).values_list("d_kind", "case_id", "pk", "d_due", "went_missing_at")
        )
    return branches


def due_for(
    cases, jurisdiction: Jurisdiction | None, *, offset: int = 0, limit: int | None = None, overdue_only=False
) -> list[Due]:
    """What is due or overdue on these (open) cases, oldest deadline first: all of it, or the
    rows `offset` to `offset + limit`. `cases` is a queryset already scoped to what the person
    may see. A fixed number of queries; each reads at most `offset + limit` rows."""
    if jurisdiction is None:
        return []
    branches = _branches(
        cases, jurisdiction.deadlines_hours, overdue_before=timezone.now() if overdue_only else None
    )
    wanted = None if limit is None else offset + limit
    rows = [row for branch in branches for row in (branch if wanted is None else branch[:wanted])]
    return _items(sorted(rows, key=_row_order)[offset:wanted])


@dataclass(frozen=True)
class DueList:
    """The first items due, and how many are due and overdue in all (up to a cap)."""

    items: list
    count: Tally
    overdue: Tally


def first_due(cases, jurisdiction: Jurisdiction | None, limit: int) -> DueList:
    """The first `limit` items due on these cases, with the counts: read from the rows fetched
    when every kind has fewer (the usual caseload: no count query), counted up to a cap otherwise."""
    if jurisdiction is None:
        return DueList([], Tally(0), Tally(0))
    fetched = [list(branch[: limit + 1]) for branch in _branches(cases, jurisdiction.deadlines_hours)]
    rows = sorted((row for rows in fetched for row in rows), key=_row_order)
    if all(len(rows_of_kind) <= limit for rows_of_kind in fetched):
        now = timezone.now()
        count, overdue = Tally(len(rows)), Tally(sum(1 for row in rows if row[3] < now))
    else:
        count = due_tally(cases, jurisdiction)
        overdue = due_tally(cases, jurisdiction, overdue_only=True)
    return DueList(_items(rows[:limit]), count, overdue)


def _row_order(row) -> tuple:
    return (row[3], row[1], row[0])


def _items(rows: list) -> list[Due]:
    """The rows of `_branches` as Due items, with their cases and episodes (two queries)."""
    if not rows:
        return []
    case_ids = {row[1] for row in rows}
    found = Case.objects.select_related("team", "assigned_caseworker").in_bulk(case_ids)
    returning = {row[1] for row in rows if row[0] == SCREENING_AFTER_RETURN}
    episode_ids = {row[2] for row in rows if row[2] is not None}
    # The return a due screening follows: the oldest one not screened (the case's fact).
    episodes = {
        e.pk: e
        for e in MissingEpisode.objects.filter(
            Q(pk__in=episode_ids)
            | Q(case_id__in=returning, returned_at=F("case__return_screening_due_since"))
        )
    }
    by_return = {(e.case_id, e.returned_at): e for e in sorted(episodes.values(), key=lambda e: -e.pk)}
    items = []
    for kind, case_id, episode_id, due_at, since in rows:
        case = found[case_id]
        if kind == SCREENING_AFTER_RETURN:
            episode = by_return.get((case_id, case.return_screening_due_since))
        else:
            episode = episodes.get(episode_id)
        items.append(Due(kind, case, due_at, since, episode))
    return items


def due_tally(
    cases, jurisdiction: Jurisdiction | None, *, overdue_only=False, cap=SECTION_COUNT_CAP
) -> Tally:
    """How many items are due (or overdue) on these cases, counted up to `cap` (each kind)."""
    if jurisdiction is None:
        return Tally(0)
    branches = _branches(
        cases, jurisdiction.deadlines_hours, overdue_before=timezone.now() if overdue_only else None
    )
    counts = [tally(branch, cap) for branch in branches]
    number = sum(c.number for c in counts)
    return Tally(min(number, cap), any(c.capped for c in counts) or number > cap)
