"""Addenda: later information and corrections of a submitted screening, kept beside the original."""

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from accounts.requests import AuthenticatedRequest
from indicators import engine
from indicators.levels import Level

from .. import signals
from ..models import Addendum, GuidanceAction, Screening
from .answering import score_answers
from .checklist import add_actions, close_after_stop, mark_done_by_follow_ups, open_actions
from .errors import ScreeningError
from .outcome import locked_root, refresh_outcome, send_to_review


@transaction.atomic
def add_addendum(
    *, request: AuthenticatedRequest, screening: Screening, body: str, corrections: dict[str, Any]
) -> Addendum:
    """Keep the original; a correction of answers is scored again with the pinned version, and the
    screening's outcome with it."""
    current = (
        Screening.objects.select_for_update(of=("self",))
        .select_related("case", "instrument_version")
        .get(pk=screening.pk)
    )
    if current.is_draft:
        raise ScreeningError(_("A draft is corrected by editing it; addenda are for submitted screenings."))
    # A correction changes the answer as it stands now (after any earlier correction).
    now_answers = current.current_answers()
    corrections = {
        code: value
        for code, value in corrections.items()
        if value and value != now_answers.get(code) and code not in current.established
    }
    addendum = Addendum(screening=current, body=body, corrections=corrections, created_by=request.user)
    root = locked_root(current)
    # The level that counts before: the screening's outcome (before instruments v2, this tier's).
    reviewed = root if root.outcome is not None else current
    level_before = reviewed.effective_level
    new_actions: list[GuidanceAction] = []
    to_review = False
    if corrections:
        latest = dict(now_answers)
        latest.update(corrections)
        result = score_answers(current, latest)
        addendum.level, addendum.result = result.level, result.to_dict()
        addendum.save()
        now = timezone.now()
        outcome = refresh_outcome(root, upgrade=False) if root.outcome is not None else None
        if outcome is not None:
            new_actions = open_actions(root, current, outcome, request.user, now)
            level_after = outcome.level
            close_after_stop(root, outcome, request.user, now)
        else:
            # Before instruments v2: what the corrected answers call for and the checklist does
            # not have yet is added to it.
            if not current.is_root:
                current.outcome_level = result.level
                current.save(update_fields=["outcome_level", "updated_at"])
            else:
                refresh_outcome(root, upgrade=False)
            existing = set(current.actions.values_list("code", flat=True))
            missing = [action for action in result.guidance if action.code not in existing]
            if missing:
                first = (current.actions.aggregate(last=Max("position"))["last"] or 0) + 1
                new_actions = add_actions(current, missing, request.user, now, first_position=first)
            level_after = result.level
        mark_done_by_follow_ups(current, new_actions, request.user, now)
        # A correction that raises the concern to Possible or Clear goes to the supervisor, even
        # after an approval: the plan they approved was for a lower level.
        if engine.level_rank(level_after) > engine.level_rank(level_before or Level.NONE):
            to_review = send_to_review(reviewed, level_after, now, again=True)
    else:
        addendum.save()
    # For the page that follows: what the addendum opened, and whether it went to review.
    addendum.new_actions, addendum.sent_to_review = new_actions, to_review
    audit.record(
        request,
        audit.Action.CREATED,
        case=current.case,
        obj=addendum,
        summary=_("Addendum added to a screening"),
        detail={
            "screening": current.pk,
            "corrections": corrections,
            "level": addendum.level,
            "new_actions": [a.code for a in new_actions],
            "sent_to_review": to_review,
        },
    )
    if corrections:
        signals.send_outcome_recorded(root.pk)
    return addendum
