"""The caseworker's home page: what is open on the cases they see, oldest deadline first.

A fixed number of queries whatever the caseload (tests assert it)."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Case as Choose
from django.db.models import F, IntegerField, Value, When

from cases.access import cases_visible_to
from indicators.models import Jurisdiction

from . import deadlines
from .models import GuidanceAction, Screening

PRIORITY_ORDER = Choose(
    When(priority=GuidanceAction.Priority.IMMEDIATE, then=Value(0)),
    When(priority=GuidanceAction.Priority.URGENT, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


MY_CASES_SHOWN = 50


@dataclass
class CaseSummary:
    case: object
    due: int = 0
    overdue: int = 0
    drafts: int = 0
    actions: int = 0
    items: list = field(default_factory=list)


@dataclass
class Dashboard:
    due: list
    drafts: list
    actions: list
    cases: list

    @property
    def case_ids(self) -> list[int]:
        return [summary.case.pk for summary in self.cases]

    @property
    def overdue_count(self) -> int:
        return sum(1 for d in self.due if d.overdue) + sum(1 for a in self.actions if a.is_overdue)


def for_user(user) -> Dashboard:
    visible = cases_visible_to(user)
    jurisdiction = Jurisdiction.objects.filter(slug=settings.SCREENING_JURISDICTION).first()
    due = deadlines.due_for(visible, jurisdiction)
    drafts = list(
        Screening.objects.drafts()
        .filter(case__in=visible)
        .select_related("case", "instrument_version__instrument", "updated_by", "episode")
        .order_by("updated_at")
    )
    actions = list(
        GuidanceAction.objects.filter(
            status=GuidanceAction.Status.OPEN, screening__case__in=visible, screening__case__status="open"
        )
        .select_related("screening__case", "screening__instrument_version__instrument")
        .annotate(priority_rank=PRIORITY_ORDER)
        .order_by(F("due_at").asc(nulls_last=True), "priority_rank", "screening__submitted_at", "position")
    )
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
    for action in actions:
        summary(action.screening.case).actions += 1
    # My own open cases appear even with nothing open, so the caseload is one click away.
    for case in visible.filter(status="open", assigned_caseworker=user).order_by("legal_name")[
        :MY_CASES_SHOWN
    ]:
        summary(case)
    cases = sorted(
        summaries.values(),
        key=lambda s: (-s.overdue, -(s.due + s.drafts + s.actions > 0), s.case.display_name.lower()),
    )
    return Dashboard(due=due, drafts=drafts, actions=actions, cases=cases)
