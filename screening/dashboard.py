"""The caseworker's home page: what is open on the cases they see, oldest deadline first.

A fixed number of queries whatever the caseload (tests assert it)."""

from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from cases.access import cases_visible_to, supervised_team_ids
from cases.models import Case

from . import deadlines, presenters, review
from .models import GuidanceAction, ReviewDecision, ReviewStatus, Screening, one_per_task

MY_CASES_SHOWN = 50


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
    due: list
    drafts: list
    actions: list
    cases: list
    returned: list = field(default_factory=list)

    @property
    def case_ids(self) -> list[int]:
        return [summary.case.pk for summary in self.cases]

    @property
    def pressing_actions(self) -> list:
        """Required, immediate or urgent, or with a deadline: listed first on the home page."""
        return [a for a in self.actions if not _is_routine(a)]

    @property
    def routine_actions(self) -> list:
        return [a for a in self.actions if _is_routine(a)]

    @property
    def overdue_count(self) -> int:
        return sum(1 for d in self.due if d.overdue) + sum(1 for a in self.actions if a.is_overdue)


def for_user(user) -> Dashboard:
    visible = cases_visible_to(user)
    jurisdiction = deadlines.jurisdiction_profile()
    due = deadlines.due_for(visible, jurisdiction)
    drafts = list(
        Screening.objects.drafts()
        .filter(case__in=visible, case__status="open")
        .select_related("case", "instrument_version__instrument", "updated_by", "episode")
        .order_by("updated_at")
    )
    actions = list(
        GuidanceAction.objects.filter(
            status=GuidanceAction.Status.OPEN, screening__case__in=visible, screening__case__status="open"
        )
        .select_related("screening__case", "screening__instrument_version__instrument")
        .most_pressing_first()
    )
    latest = ReviewDecision.objects.filter(screening=OuterRef("pk")).order_by("-decided_at", "-pk")
    returned = presenters.summarise(
        presenters.with_tiers(
            Screening.objects.filter(case__in=visible, review_status=ReviewStatus.RETURNED)
            .select_related("case", "instrument_version__instrument")
            .annotate(
                return_comment=Subquery(latest.values("comment")[:1]),
                returned_at=Subquery(latest.values("decided_at")[:1]),
                returned_by_first=Subquery(latest.values("decided_by__first_name")[:1]),
                returned_by_last=Subquery(latest.values("decided_by__last_name")[:1]),
            )
            .order_by("returned_at")
        )
    )
    actions = one_per_task(actions)
    summaries: dict[int, CaseSummary] = {}

    def summary(case):
        return summaries.setdefault(case.pk, CaseSummary(case))

    for item in due:
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
    for case in visible.filter(status="open", assigned_caseworker=user).order_by("legal_name")[
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
    )
    _latest_screenings(cases)
    return Dashboard(due=due, drafts=drafts, actions=actions, cases=cases, returned=returned)


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
    queue: list
    overdue: list
    counts: dict

    @property
    def case_ids(self) -> list[int]:
        return sorted({s.case_id for s in self.queue} | {o.case.pk for o in self.overdue})


def for_supervisor(user) -> SupervisorBoard:
    """The review queue, the team's overdue items (oldest first) and counts by level."""
    team_cases = Case.objects.filter(team_id__in=supervised_team_ids(user))
    jurisdiction = deadlines.jurisdiction_profile()
    overdue = [
        OverdueItem(d.case, d.label, d.due_at, d.url)
        for d in deadlines.due_for(team_cases, jurisdiction)
        if d.overdue
    ]
    late_actions = (
        GuidanceAction.objects.filter(
            status=GuidanceAction.Status.OPEN,
            mandatory=True,
            due_at__lt=timezone.now(),
            screening__case__in=team_cases,
            screening__case__status="open",
        )
        .select_related("screening__case__assigned_caseworker")
        .order_by("due_at", "pk")
    )
    overdue += [
        OverdueItem(a.screening.case, a.title, a.due_at, f"{a.screening.get_absolute_url()}#action-{a.pk}")
        for a in one_per_task(late_actions)
    ]
    overdue.sort(key=lambda o: (o.due_at, o.case.pk))
    now = timezone.now()
    queue = presenters.summarise(presenters.with_tiers(review.queue_for(user)))
    for s in queue:
        s.waited = now - s.review_waiting_since
    return SupervisorBoard(queue=queue, overdue=overdue, counts=review.level_counts(user, now))
