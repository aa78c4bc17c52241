"""The screening's outcome over its tiers, its review by the supervisors, and the caseworker's
own determination of its level."""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from accounts.requests import AuthenticatedRequest
from indicators import engine
from indicators.levels import Level

from ..models import ReviewStatus, Screening
from .errors import ScreeningError
from .starting import follow_up_version

# Supervisors review every screening with these levels (PRODUCT.md, "Supervisor review").
REVIEWED_LEVELS = (Level.POSSIBLE, Level.CLEAR)


def locked_root(screening: Screening) -> Screening:
    """The screening a tier belongs to, locked for the update that follows (itself for a root)."""
    if screening.is_root:
        return screening
    return (
        Screening.objects.select_for_update(of=("self",))
        .select_related("case", "jurisdiction", "instrument_version__instrument")
        .get(pk=screening.follows_id)
    )


def _next_tier(root: Screening, tiers: list[Screening]) -> dict[str, Any] | None:
    """The content of the interview that would follow, for its ages (None once one was submitted)."""
    if len(tiers) > 1 or root.tier >= 2:
        return None
    draft = root.follow_ups.drafts().select_related("instrument_version").first()
    version = draft.instrument_version if draft else follow_up_version(root)
    return version.content if version else None


def compute_outcome(root: Screening) -> engine.Outcome:
    """The screening's outcome over its submitted tiers, each as corrected, under its jurisdiction."""
    tiers = root.tiers()
    scored = []
    for tier in tiers:
        result = tier.current_result()
        if result is None:  # a draft: only submitted tiers count (a caller's mistake, not input)
            raise ValueError(f"screening {tier.pk} is not submitted: it has no result to count")
        scored.append(engine.Tier(tier.content, result))
    return engine.outcome(
        scored,
        age=root.youth_age,
        profile=root.jurisdiction.profile(),
        next_tier=_next_tier(root, tiers),
    )


def refresh_outcome(root: Screening, *, upgrade: bool) -> engine.Outcome | None:
    """Keep the screening's outcome (and its level) on its first tier.

    A screening submitted before instruments v2 keeps reading as it did (``upgrade=False``: only
    its level as corrected is kept); submitting an interview (``upgrade=True``) gives it an outcome.
    """
    if root.outcome is None and not upgrade:
        root.outcome_level = root.effective_level
        root.save(update_fields=["outcome_level", "updated_at"])
        return None
    return keep_outcome(root)


def keep_outcome(root: Screening) -> engine.Outcome:
    """Compute the screening's outcome and keep it (and its level) on its first tier."""
    outcome = compute_outcome(root)
    root.outcome, root.outcome_level = outcome.to_dict(), outcome.level
    root.save(update_fields=["outcome", "outcome_level", "updated_at"])
    return outcome


def send_to_review(root: Screening, level: str, now: datetime, *, again: bool) -> bool:
    """Possible or clear concern waits for the supervisors of the case's team. ``again``: new
    information (an interview, a correction that raised the level, a lower determination) sends
    it back even after an approval: the plan approved was for what was known then."""
    if level not in REVIEWED_LEVELS or root.review_status == ReviewStatus.PENDING:
        return False
    if root.review_status and not again:
        return False
    root.review_status = ReviewStatus.PENDING
    root.review_waiting_since = now
    root.save(update_fields=["review_status", "review_waiting_since", "updated_at"])
    return True


@transaction.atomic
def record_determination(
    *, request: AuthenticatedRequest, screening: Screening, determination: str, level: str, reason: str
) -> Screening:
    """The caseworker's own determination of the screening's level, beside the computed one. A
    lower level needs a reason and always goes to the supervisors, who see both levels."""
    root = screening.root
    current = Screening.objects.select_for_update(of=("self",)).select_related("case").get(pk=root.pk)
    if current.is_draft:
        raise ScreeningError(_("Submit the screening before recording your determination."))
    if current.determination:
        raise ScreeningError(
            _("Your determination is already recorded. To add to it or correct it, add an addendum.")
        )
    current.determination = determination
    # "Agree" is with the level that counts now: the outcome (after a correction, the corrected one).
    agreed = current.effective_level
    current.determined_level = agreed if determination == Screening.Determination.AGREE else level
    current.determination_reason = reason
    determined_at = current.determined_at = timezone.now()
    current.determined_by = request.user
    current.save()
    lower = engine.level_rank(current.determined_level) < engine.level_rank(agreed or Level.NONE)
    to_review = False
    if lower:
        to_review = send_to_review(current, agreed, determined_at, again=True)
    elif current.determined_level in REVIEWED_LEVELS:
        to_review = send_to_review(current, current.determined_level, determined_at, again=False)
    audit.record(
        request,
        audit.Action.UPDATED,
        case=current.case,
        obj=current,
        summary=_("Caseworker's determination recorded"),
        detail={
            "determination": determination,
            "level": current.determined_level,
            "computed": agreed,
            "lower": lower,
            "sent_to_review": to_review,
        },
    )
    return current
