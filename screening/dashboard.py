"""The caseworker's home page: what is open on the cases they see, oldest deadline first; and the
supervisor's: the review queue and what is overdue on their teams.

"Due and overdue" is what must be done by a deadline: the deadlines the software keeps
(screening/deadlines.py) and the required reports of the guidance (a mandatory guidance action with
a deadline: law enforcement or NCMEC within 24 hours, HHS...), merged, soonest deadline first.

A fixed number of queries whatever the caseload (tests assert it)."""

from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from cases.access import cases_visible_to, supervised_team_ids
from cases.models import Case
from cases.paging import SECTION_COUNT_CAP, Tally, tally

from . import deadlines, presenters, review
from .models import GuidanceAction, ReviewDecision, ReviewStatus, Screening, one_per_task

MY_CASES_SHOWN = 25
# Each list of the home pages shows this many rows, with its count and a link to all of them
# (a page of about a hundred rows at most, whatever the caseload).
SHOWN = 20


# What a list of actions never reads of their screenings (the answers, the stored result).
SCREENING_JSON = ("answers", "notes", "prefilled", "established", "result", "outcome")


def _is_routine(action) -> bool:
    return action.priority == GuidanceAction.Priority.ROUTINE and not action.mandatory and not action.due_at


@dataclass
class CaseSummary:
    case: object
    due: int = 0
    overdue: int = 0
    drafts: int = 0
    actions: int = 0
    returned: int = 0
    items: list = field(default_factory=list)
    latest: object = None  # the case's latest submitted screening, with its outcome summary


@dataclass
class Dashboard:
    """The caseworker's home. Each list is its first SHOWN rows; the counts are of all of them
    (up to a cap), so a caseload of any size gives a page of the same size."""

    due: list
    drafts: list
    actions: list
    cases: list
    returned: list = field(default_factory=list)
    due_count: Tally = Tally(0)
    overdue_due_count: Tally = Tally(0)
    drafts_count: Tally = Tally(0)
    actions_count: Tally = Tally(0)
    overdue_actions_count: Tally = Tally(0)
    returned_count: Tally = Tally(0)

    @property
    def case_ids(self) -> list[int]:
        """Every case the page names: in its lists and in "My cases" (for the audit)."""
        ids = {summary.case.pk for summary in self.cases}
        ids.update(item.case.pk for item in self.due)
        ids.update(draft.case_id for draft in self.drafts)
        ids.update(screening.case_id for screening in self.returned)
        ids.update(action.screening.case_id for action in self.actions)
        return sorted(ids)

    @property
    def pressing_actions(self) -> list:
        """Required, immediate or urgent, or with a deadline: listed first on the home page."""
        return [a for a in self.actions if not _is_routine(a)]

    @property
    def routine_actions(self) -> list:
        return [a for a in self.actions if _is_routine(a)]

    @property
    def overdue_count(self) -> Tally:
        """Overdue deadlines and overdue required reports (the "Due and overdue" list)."""
        return self.overdue_due_count

    @property
    def more_due(self) -> bool:
        return self.due_count.number > len(self.due)

    @property
    def more_actions(self) -> bool:
        return self.actions_count.number > len(self.actions)

    @property
    def more_drafts(self) -> bool:
        return self.drafts_count.number > len(self.drafts)

    @property
    def more_returned(self) -> bool:
        return self.returned_count.number > len(self.returned)


def open_on(cases):
    """The open cases among these (a subquery)."""
    return cases.filter(status=Case.Status.OPEN)


def drafts_on(cases):
    """Drafts on these cases' open cases, the oldest saved first (name them: name_instruments)."""
    return presenters.without_content(
        Screening.objects.drafts()
        .filter(case__in=open_on(cases))
        .select_related("case", "instrument_version__instrument", "updated_by", "episode")
        .order_by("updated_at", "pk")
    )


def open_actions_of(cases):
    """The open actions on these cases' open cases, unordered (to count)."""
    return GuidanceAction.objects.filter(
        status=GuidanceAction.Status.OPEN, screening__case__in=open_on(cases)
    )


def open_actions_on(cases):
    return (
        open_actions_of(cases)
        .select_related("screening__case", "screening__instrument_version__instrument")
        .defer("screening__instrument_version__content", *(f"screening__{name}" for name in SCREENING_JSON))
        .most_pressing_first()
    )


def returned_on(cases):
    latest = ReviewDecision.objects.filter(screening=OuterRef("pk")).order_by("-decided_at", "-pk")
    return (
        Screening.objects.filter(case__in=cases, review_status=ReviewStatus.RETURNED)
        .select_related("case")
        .annotate(
            return_comment=Subquery(latest.values("comment")[:1]),
            returned_at=Subquery(latest.values("decided_at")[:1]),
            returned_by_first=Subquery(latest.values("decided_by__first_name")[:1]),
            returned_by_last=Subquery(latest.values("decided_by__last_name")[:1]),
        )
        .order_by("returned_at", "pk")
    )


@dataclass(frozen=True)
class ReportDue:
    """A required action of the guidance with its deadline (an open mandatory action with a due
    date: a mandated report, or an interview to offer again), listed beside the deadlines the
    software keeps, as deadlines.Due is."""

    action: GuidanceAction

    @property
    def is_screening(self) -> bool:
        """Its next step is a screening (the interview offered again), not recording a report."""
        return self.action.continues_screening

    @property
    def case(self):
        return self.action.screening.case

    @property
    def due_at(self):
        return self.action.due_at

    @property
    def label(self) -> str:
        return self.action.title

    @property
    def overdue(self) -> bool:
        return self.action.is_overdue

    @property
    def url(self) -> str:
        return f"{self.action.screening.get_absolute_url()}#action-{self.action.pk}"


def required_reports_of(cases):
    """Open required actions with a deadline on these cases' open cases, unordered (to count)."""
    return GuidanceAction.objects.filter(
        status=GuidanceAction.Status.OPEN,
        mandatory=True,
        due_at__isnull=False,
        screening__case__in=open_on(cases),
    )


def required_reports_on(cases):
    """The same, soonest deadline first, with their cases (never their screenings' JSON)."""
    return (
        required_reports_of(cases)
        .select_related("screening__case")
        .defer(*(f"screening__{name}" for name in SCREENING_JSON), "contacts", "rules")
        .order_by("due_at", "pk")
    )


def _plus(a: Tally, b: Tally) -> Tally:
    return Tally(a.number + b.number, a.capped or b.capped)


def _due_order(item) -> tuple:
    return (item.due_at, item.case.pk)


def first_due(cases, jurisdiction, limit: int = SHOWN) -> deadlines.DueList:
    """The first `limit` items due on these cases, deadlines and required reports merged, soonest
    first, with the counts of all (and of those overdue): from the rows read when every kind fits,
    counted up to a cap otherwise."""
    due = deadlines.first_due(cases, jurisdiction, limit)
    # Two screenings may ask for the same report (one_per_task): read a few more to fill the list.
    fetched = list(required_reports_on(cases)[: limit * 2 + 1])
    actions = one_per_task(fetched[: limit * 2])
    presenters.in_reader_language(actions)
    reports = [ReportDue(action) for action in actions]
    if len(fetched) <= limit * 2:
        count = Tally(len(reports))
        overdue = Tally(sum(1 for report in reports if report.overdue))
    else:
        count = tally(required_reports_of(cases))
        overdue = tally(required_reports_of(cases).filter(due_at__lt=timezone.now()))
    items = sorted([*due.items, *reports], key=_due_order)[:limit]
    return deadlines.DueList(items, _plus(due.count, count), _plus(due.overdue, overdue))


def due_for(cases, jurisdiction, *, offset: int = 0, limit: int = SHOWN) -> list:
    """Rows `offset` to `offset + limit` of everything due on these cases (deadlines and required
    reports), soonest first: the list behind "See all"."""
    wanted = offset + limit
    items = list(deadlines.due_for(cases, jurisdiction, limit=wanted))
    actions = one_per_task(required_reports_on(cases)[: wanted * 2])
    presenters.in_reader_language(actions)
    items += [ReportDue(action) for action in actions]
    items.sort(key=_due_order)
    return items[offset:wanted]


def due_tally(cases, jurisdiction, *, cap: int = SECTION_COUNT_CAP) -> Tally:
    due = deadlines.due_tally(cases, jurisdiction, cap=cap)
    reports = tally(required_reports_of(cases), cap)
    total = _plus(due, reports)
    return Tally(min(total.number, cap), total.capped or total.number > cap)


def _listed(queryset, counted, shown=SHOWN) -> tuple[list, Tally]:
    """The first `shown` rows and how many there are: the rows read tell when they are all
    (no count query for an ordinary caseload), a capped count otherwise."""
    rows = list(queryset[: shown + 1])
    if len(rows) <= shown:
        return rows, Tally(len(rows))
    return rows[:shown], tally(counted)


def for_user(user) -> Dashboard:
    visible = cases_visible_to(user)
    due = first_due(visible, deadlines.jurisdiction_profile(), SHOWN)
    drafts, drafts_count = _listed(drafts_on(visible), drafts_on(visible))
    presenters.name_instruments(drafts)
    # Two screenings may ask for the same task (one_per_task): read a few more to fill the list.
    fetched = list(open_actions_on(visible)[: SHOWN * 2 + 1])
    actions = one_per_task(fetched[: SHOWN * 2])
    if len(fetched) <= SHOWN * 2:
        actions_count = Tally(len(actions))
        overdue_actions_count = Tally(sum(1 for a in actions if a.is_overdue))
    else:
        actions_count = tally(open_actions_of(visible))
        overdue_actions_count = tally(open_actions_of(visible).filter(due_at__lt=timezone.now()))
    actions = actions[:SHOWN]
    presenters.in_reader_language(actions)
    returned, returned_count = _listed(
        presenters.with_tiers(returned_on(visible)),
        Screening.objects.filter(case__in=visible, review_status=ReviewStatus.RETURNED),
    )
    returned = presenters.summarise(returned)
    summaries: dict[int, CaseSummary] = {}

    def summary(case):
        return summaries.setdefault(case.pk, CaseSummary(case))

    for item in due.items:
        s = summary(item.case)
        if item.overdue:
            s.overdue += 1
        else:
            s.due += 1
    for draft in drafts:
        summary(draft.case).drafts += 1
    for screening in returned:
        summary(screening.case).returned += 1
    for action in actions:
        summary(action.screening.case).actions += 1
    # My own open cases appear even with nothing open, so the caseload is one click away.
    for case in visible.filter(status="open", assigned_caseworker=user).order_by("legal_name", "pk")[
        :MY_CASES_SHOWN
    ]:
        summary(case)
    cases = sorted(
        summaries.values(),
        key=lambda s: (
            -s.overdue,
            -(s.due + s.drafts + s.actions + s.returned > 0),
            s.case.display_name.lower(),
        ),
    )[:MY_CASES_SHOWN]  # the case list has them all
    _latest_screenings(cases)
    return Dashboard(
        due=due.items,
        drafts=drafts,
        actions=actions,
        cases=cases,
        returned=returned,
        due_count=due.count,
        overdue_due_count=due.overdue,
        drafts_count=drafts_count,
        actions_count=actions_count,
        overdue_actions_count=overdue_actions_count,
        returned_count=returned_count,
    )


def _latest_screenings(cases: list) -> None:
    """Each case's latest submitted screening and its outcome, in a fixed number of queries."""
    if not cases:
        return
    latest = (
        Screening.objects.screenings()
        .submitted()
        .filter(case_id=OuterRef("pk"))
        .order_by("-submitted_at", "-pk")
        .values("pk")[:1]
    )
    ids = dict(
        Case.objects.filter(pk__in=[s.case.pk for s in cases])
        .annotate(latest=Subquery(latest))
        .values_list("pk", "latest")
    )
    screenings = {
        s.case_id: s
        for s in presenters.summarise(presenters.with_tiers(Screening.objects.filter(pk__in=ids.values())))
    }
    for summary in cases:
        summary.latest = screenings.get(summary.case.pk)


@dataclass
class OverdueItem:
    case: object
    label: str
    due_at: object
    url: str


@dataclass
class SupervisorBoard:
    """The supervisor's home: the oldest SHOWN of the review queue and of what is overdue on
    their teams, with counts of all (up to a cap)."""

    queue: list
    overdue: list
    counts: dict
    queue_count: Tally = Tally(0)
    overdue_count: Tally = Tally(0)

    @property
    def case_ids(self) -> list[int]:
        return sorted({s.case_id for s in self.queue} | {o.case.pk for o in self.overdue})

    @property
    def more_queue(self) -> bool:
        return self.queue_count.number > len(self.queue)

    @property
    def more_overdue(self) -> bool:
        return self.overdue_count.number > len(self.overdue)


def late_actions_on(cases):
    """Required actions past their deadline on open cases, oldest deadline first."""
    return (
        GuidanceAction.objects.filter(
            status=GuidanceAction.Status.OPEN,
            mandatory=True,
            due_at__lt=timezone.now(),
            screening__case__in=open_on(cases),
        )
        .select_related("screening__case__assigned_caseworker")
        .defer(*(f"screening__{name}" for name in SCREENING_JSON), "contacts", "rules")
        .order_by("due_at", "pk")
    )


def team_overdue(cases, jurisdiction, *, offset=0, limit=SHOWN) -> list[OverdueItem]:
    """Overdue deadlines and late required actions on these cases, oldest first: rows
    `offset` to `offset + limit` of the two lists merged."""
    wanted = offset + limit
    items = [
        OverdueItem(d.case, d.label, d.due_at, d.url)
        for d in deadlines.due_for(cases, jurisdiction, limit=wanted, overdue_only=True)
    ]
    late = one_per_task(late_actions_on(cases)[: wanted * 2])
    presenters.in_reader_language(late)
    items += [
        OverdueItem(a.screening.case, a.title, a.due_at, f"{a.screening.get_absolute_url()}#action-{a.pk}")
        for a in late
    ]
    items.sort(key=lambda o: (o.due_at, o.case.pk))
    return items[offset:wanted]


def team_overdue_tally(cases, jurisdiction) -> Tally:
    due = deadlines.due_tally(cases, jurisdiction, overdue_only=True)
    late = tally(late_actions_on(cases))
    return Tally(due.number + late.number, due.capped or late.capped)


def team_cases(user):
    return Case.objects.filter(team_id__in=supervised_team_ids(user))


def for_supervisor(user) -> SupervisorBoard:
    """The review queue, the team's overdue items (oldest first) and counts by level."""
    cases = team_cases(user)
    jurisdiction = deadlines.jurisdiction_profile()
    now = timezone.now()
    queue, queue_count = _listed(presenters.with_tiers(review.queue_for(user)), review.waiting_for(user))
    queue = presenters.summarise(queue)
    for s in queue:
        s.waited = now - s.review_waiting_since
    return SupervisorBoard(
        queue=queue,
        overdue=team_overdue(cases, jurisdiction),
        counts=review.level_counts(user, now),
        queue_count=queue_count,
        overdue_count=team_overdue_tally(cases, jurisdiction),
    )
