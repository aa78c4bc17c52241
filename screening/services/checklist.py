"""The guidance checklist: opening a result's actions, closing and reopening them, and the steps
a later tier, a stop or the youth's record already did."""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts import audit
from accounts.models import User
from accounts.requests import AuthenticatedRequest
from accounts.versioning import check_version
from indicators import engine

from ..models import ActionClosure, GuidanceAction, Screening
from .errors import ActionChanged, ScreeningError
from .jurisdiction import deadline_due


def _protocol(root: Screening) -> QuerySet[GuidanceAction]:
    """The actions of a screening's every tier."""
    return GuidanceAction.objects.filter(Q(screening=root) | Q(screening__follows=root))


def open_actions(
    root: Screening, tier: Screening, outcome: engine.Outcome, user: User, now: datetime
) -> list[GuidanceAction]:
    """Open the outcome's actions that are not on the checklist yet, on the tier just submitted or
    corrected. An action already open on the case is not opened again, nor one this screening
    already had (a report made once is made); a step that continues the screening is per tier."""
    open_on_case = set(
        GuidanceAction.objects.filter(
            screening__case_id=root.case_id, status=GuidanceAction.Status.OPEN
        ).values_list("code", flat=True)
    )
    had = set(_protocol(root).values_list("code", flat=True))
    on_tier = set(tier.actions.values_list("code", flat=True))
    wanted = [
        a
        for a in outcome.actions
        if a.code not in open_on_case
        and a.code not in on_tier
        and (a.continues_screening or a.code not in had)
    ]
    if not wanted:
        return []
    first = (tier.actions.aggregate(last=Max("position"))["last"] or -1) + 1
    return add_actions(tier, wanted, user, now, first_position=first)


def done_by_this_tier(tier: Screening, user: User, now: datetime) -> list[int]:
    """Submitting an interview does the screening's open steps it answers: "Complete the Tier 2
    interview" (the action named after its instrument) and, after an interview that was not
    completed, "Offer the interview again" (its instrument's not-completed steps)."""
    if tier.is_root:
        return []
    again = (tier.content.get("not_completed") or {}).get("guidance", ())
    actions = list(
        _protocol(tier.root)
        .select_for_update()
        .filter(status=GuidanceAction.Status.OPEN)
        .exclude(screening=tier)
        .filter(Q(code=tier.instrument.slug) | Q(code__in=again, continues_screening=True))
    )
    for action in actions:
        done_by_follow_up(action, tier, user, now)
    return [a.pk for a in actions]


def close_after_stop(root: Screening, outcome: engine.Outcome, user: User, now: datetime) -> list[int]:
    """Once questioning stops, nothing on the youth's checklists asks for more questions: open steps
    that continue a screening are closed as not applicable, saying why."""
    if not outcome.stop:
        return []
    actions = list(
        GuidanceAction.objects.select_for_update().filter(
            screening__case_id=root.case_id, status=GuidanceAction.Status.OPEN, continues_screening=True
        )
    )
    reason = _(
        "Questioning stopped on the screening of %(date)s (a disclosure, or an exchange already known): "
        "no more screening questions; follow that screening's checklist."
    ) % {"date": date_format(timezone.localtime(root.created_at), "SHORT_DATE_FORMAT")}
    for action in actions:
        action.status = GuidanceAction.Status.NOT_APPLICABLE
        action.not_applicable_reason = reason
        action.closed_at, action.closed_by = now, user
        action.version += 1
        action.save()
    return [a.pk for a in actions]


def action_row(
    screening: Screening, action: engine.GuidanceAction, position: int, *, jurisdiction, at: datetime
):
    """One guidance action of a result as an (unsaved) checklist row, due by its jurisdiction
    deadline from `at`."""
    return GuidanceAction(
        screening=screening,
        position=position,
        code=action.code,
        title=action.title,
        description=action.description,
        priority=action.priority,
        mandatory=action.mandatory,
        contacts=[c.to_dict() for c in action.contacts],
        rules=list(action.rules),
        deadline_key=action.deadline or "",
        due_at=deadline_due(screening, action.deadline or "", jurisdiction=jurisdiction, at=at),
        mandated_report=action.mandated_report,
        continues_screening=action.continues_screening,
    )


def add_actions(
    screening: Screening,
    guidance: Iterable[engine.GuidanceAction],
    user: User,
    now: datetime,
    *,
    first_position: int = 0,
) -> list[GuidanceAction]:
    """The checklist rows of a result's guidance, each due by its jurisdiction deadline from `now`."""
    jurisdiction = screening.jurisdiction
    rows = []
    for position, action in enumerate(guidance, start=first_position):
        row = action_row(screening, action, position, jurisdiction=jurisdiction, at=now)
        _prefill_from_episode(row, screening, user, now)
        rows.append(row)
    return GuidanceAction.objects.bulk_create(rows)


def _prefill_from_episode(row: GuidanceAction, screening: Screening, user: User, now: datetime) -> None:
    """A missing-report action is already done when the episode records the report."""
    episode = screening.episode
    if episode is None:
        return
    done = {
        "report_missing_to_law_enforcement": (
            episode.reported_to_law_enforcement_at,
            episode.law_enforcement_report_number,
        ),
        "report_missing_to_ncmec": (episode.reported_to_ncmec_at, episode.ncmec_case_number),
    }.get(row.deadline_key)
    if done and done[0]:
        row.status = GuidanceAction.Status.DONE
        row.done_at, row.reference = done[0], done[1][:120]
        row.closed_at, row.closed_by = now, user


def done_by_follow_up(action: GuidanceAction, follow_up: Screening, user: User, now: datetime) -> None:
    """The action is done by submitting the follow-up screening, which is its reference."""
    action.status = GuidanceAction.Status.DONE
    action.done_at, action.closed_at, action.closed_by = follow_up.submitted_at, now, user
    action.reference = _("Screening %(pk)s") % {"pk": follow_up.pk}
    action.version += 1
    action.save()


def mark_done_by_follow_ups(
    screening: Screening, actions: list[GuidanceAction], user: User, now: datetime
) -> None:
    """An action a correction adds may already be done: "Complete the Tier 2 interview" when
    the Tier 2 interview that follows this screening was submitted."""
    follow_ups = {
        f.instrument.slug: f
        for f in screening.follow_ups.submitted().select_related("instrument_version__instrument")
    }
    for action in actions:
        follow = follow_ups.get(action.code)
        if follow is not None and action.is_open:
            done_by_follow_up(action, follow, user, now)


@transaction.atomic
def close_action(
    *,
    request: AuthenticatedRequest,
    action: GuidanceAction,
    status: str,
    done_at: datetime | None = None,
    reference: str = "",
    reason: str = "",
    version: int,
) -> GuidanceAction:
    """Mark an open action done (with its reference) or not applicable (with the reason)."""
    current = (
        GuidanceAction.objects.select_for_update(of=("self",))
        .select_related("screening__case")
        .get(pk=action.pk)
    )
    if not current.is_open:
        raise ScreeningError(
            _("This action was already closed by %(who)s at %(when)s.")
            % {
                "who": current.closed_by,
                "when": date_format(timezone.localtime(current.closed_at), "SHORT_DATETIME_FORMAT"),
            }
        )
    check_version(current, version, conflict=ActionChanged)
    now = timezone.now()
    current.status = status
    current.closed_at, current.closed_by = now, request.user
    if status == GuidanceAction.Status.DONE:
        current.done_at = done_at or now
        current.reference = reference
    else:
        current.not_applicable_reason = reason
    current.version += 1
    current.save()
    # The same action asked for by another screening of this youth (Tier 1 and Tier 2 both ask
    # for a report to law enforcement) is one task: closing it closes them all.
    same = list(
        GuidanceAction.objects.select_for_update()
        .filter(
            screening__case_id=current.screening.case_id, code=current.code, status=GuidanceAction.Status.OPEN
        )
        .exclude(pk=current.pk)
    )
    for other in same:
        other.status, other.closed_at, other.closed_by = current.status, now, request.user
        other.done_at, other.reference = current.done_at, current.reference
        other.not_applicable_reason = current.not_applicable_reason
        other.version += 1
        other.save()
    audit.record(
        request,
        audit.Action.UPDATED,
        case=current.screening.case,
        obj=current,
        summary=_("Guidance action closed"),
        detail={
            "code": current.code,
            "status": status,
            "reference": reference,
            "also_closed": [other.pk for other in same],
        },
    )
    return current


@transaction.atomic
def reopen_action(
    *, request: AuthenticatedRequest, action: GuidanceAction, reason: str, version: int
) -> GuidanceAction:
    """Undo a closure made by mistake; the audit keeps both, and why."""
    current = (
        GuidanceAction.objects.select_for_update(of=("self",))
        .select_related("screening__case")
        .get(pk=action.pk)
    )
    if current.is_open:
        return current
    check_version(current, version, conflict=ActionChanged)
    previous = {
        "status": current.status,
        "reference": current.reference,
        "reason": current.not_applicable_reason,
        "closed_by": current.closed_by_id,
    }
    # What was recorded stays in view with the action, not only in the audit.
    ActionClosure.objects.create(
        action=current,
        status=current.status,
        done_at=current.done_at,
        reference=current.reference,
        reason=current.not_applicable_reason,
        closed_at=current.closed_at,
        closed_by=current.closed_by,
        closed_by_name=str(current.closed_by) if current.closed_by else "",
        reopened_at=timezone.now(),
        reopened_by=request.user,
        reopened_by_name=str(request.user),
        why=reason,
    )
    current.status = GuidanceAction.Status.OPEN
    current.done_at = current.closed_at = current.closed_by = None
    current.reference = current.not_applicable_reason = ""
    current.version += 1
    current.save()
    audit.record(
        request,
        audit.Action.UPDATED,
        case=current.screening.case,
        obj=current,
        summary=_("Guidance action reopened"),
        detail={"code": current.code, "was": previous, "why": reason},
    )
    return current
