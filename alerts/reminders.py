"""Reminders of what is due: to the assigned caseworker and the supervisors of the case's team,
once when an item becomes due in less than ALERTS_DUE_SOON_HOURS and once when it goes overdue.

What is due is read as the home pages read it (screening/deadlines.py: facts kept on the case and
partial indexes of the unreported episodes, oldest deadline first) and from the open mandated
reports of the checklists (indexed by deadline): the cost follows the number of items due soon
or overdue, never the size of the caseload. Each reminder is a row with a unique key (person,
kind, subject, object, deadline), inserted with ON CONFLICT DO NOTHING: a second run, or two at
once, makes nothing twice.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse

from cases.models import Case
from screening import deadlines
from screening.models import GuidanceAction
from screening.models.checklist import one_per_task

from .models import Notification
from .recipients import for_cases

Subject = Notification.Subject


@dataclass(frozen=True)
class Item:
    subject: str
    object_id: int
    case_id: int
    team_id: int | None
    caseworker_id: int | None
    due_at: datetime
    link: str


def horizon(now: datetime) -> datetime:
    return now + timedelta(hours=settings.ALERTS_DUE_SOON_HOURS)


def deadline_items(now: datetime) -> list[Item]:
    """Screenings and missing-youth reports due before the horizon. `deadlines.due_for` reads
    every item due in one pass (five queries, each from a partial index in deadline order): the
    items not yet due soon are the few of the next day or three; paging it would read the
    first pages again for each page."""
    until = horizon(now)
    items: list[Item] = []
    for due in deadlines.due_for(Case.objects.all(), deadlines.jurisdiction_profile()):
        if due.due_at >= until:
            break  # oldest deadline first: the rest are later still
        if due.episode is not None:  # a report of an episode, or the screening after its return
            link = due.url
        elif due.kind == deadlines.SCREENING_AT_OPENING:
            link = due.url
        else:  # the return's episode not found: the case page says what is due
            link = reverse("cases:detail", kwargs={"pk": due.case.pk})
        object_id = due.case.pk if due.is_screening else getattr(due.episode, "pk", due.case.pk)
        items.append(
            Item(
                due.kind,
                object_id,
                due.case.pk,
                due.case.team_id,
                due.case.assigned_caseworker_id,
                due.due_at,
                link,
            )
        )
    return items


def mandated_report_items(now: datetime) -> list[Item]:
    """Open mandated reports of the checklists due before the horizon, on open cases; the same
    report asked for by two tiers of a youth's screening is one task."""
    actions = (
        GuidanceAction.objects.filter(
            status=GuidanceAction.Status.OPEN,
            mandated_report=True,
            due_at__isnull=False,
            due_at__lt=horizon(now),
            screening__case__status=Case.Status.OPEN,
        )
        .select_related("screening__case")
        .order_by("due_at", "pk")
    )
    out = []
    for action in one_per_task(actions):
        case = action.screening.case
        link = reverse("screening:detail", kwargs={"pk": action.screening_id}) + f"#action-{action.pk}"
        out.append(
            Item(
                Subject.MANDATED_REPORT,
                action.pk,
                case.pk,
                case.team_id,
                case.assigned_caseworker_id,
                action.due_at,
                link,
            )
        )
    return out


def make_reminders(now: datetime) -> Counter:
    """Make the due-soon and overdue reminders of everything due before the horizon (each once).
    Returns {user id: reminders made by this run}."""
    items = deadline_items(now) + mandated_report_items(now)
    people = for_cases({(i.case_id, i.team_id, i.caseworker_id) for i in items})
    rows = []
    for item in items:
        kind = Notification.Kind.OVERDUE if now > item.due_at else Notification.Kind.DUE_SOON
        for user_id in sorted(people.get(item.case_id, ())):
            rows.append(
                Notification(
                    recipient_id=user_id,
                    kind=kind,
                    subject=item.subject,
                    object_id=item.object_id,
                    case_id=item.case_id,
                    occasion=item.due_at.isoformat(),
                    link=item.link,
                    due_at=item.due_at,
                )
            )
    if not rows:
        return Counter()
    key = ("recipient_id", "kind", "subject", "object_id", "occasion")
    existing = set(
        Notification.objects.filter(
            kind__in=(Notification.Kind.DUE_SOON, Notification.Kind.OVERDUE),
            object_id__in={row.object_id for row in rows},
        ).values_list(*key)
    )
    new = [row for row in rows if tuple(getattr(row, k) for k in key) not in existing]
    Notification.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
    return Counter(row.recipient_id for row in new)
