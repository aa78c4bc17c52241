"""Answering a screening: saving the draft form, the interview setting, and submitting it."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from accounts.requests import AuthenticatedRequest
from accounts.versioning import Difference, check_version
from indicators import engine

from .. import signals
from ..models import Screening
from .checklist import close_after_stop, done_by_this_tier, open_actions
from .errors import Incomplete, ScreeningError
from .outcome import keep_outcome, locked_root, send_to_review


def _differences(screening: Screening, answers: dict[str, str], notes: dict[str, str]) -> list[Difference]:
    """Items whose saved answer or note differs from the proposed ones, in instrument order."""
    labels = {
        opt_scale: {o["value"]: o["label"] for o in scale.get("options", [])}
        for opt_scale, scale in screening.content.get("answer_scales", {}).items()
    }
    out = []
    for item in screening.asked_items():
        code = item["code"]
        scale = labels.get(item.get("scale"), {})
        saved_a, yours_a = screening.answers.get(code) or "", answers.get(code) or ""
        saved_n, yours_n = screening.notes.get(code) or "", notes.get(code) or ""
        if saved_a != yours_a:
            out.append(
                Difference(
                    code,
                    item["text"],
                    str(scale.get(saved_a, "—")) if saved_a else "—",
                    str(scale.get(yours_a, "—")) if yours_a else "—",
                )
            )
        if saved_n != yours_n:
            out.append(
                Difference(code, _("Note: %(item)s") % {"item": item["text"]}, saved_n or "—", yours_n or "—")
            )
    return out


def _locked_draft(pk: int) -> Screening:
    screening = (
        Screening.objects.select_for_update(of=("self",))
        .select_related("instrument_version__instrument", "case", "episode")
        .get(pk=pk)
    )
    if not screening.is_draft:
        raise ScreeningError(
            _(
                "This screening has been submitted and can no longer be changed. "
                "Add an addendum to correct it."
            )
        )
    return screening


@transaction.atomic
def save_draft(
    *,
    request: AuthenticatedRequest,
    screening: Screening,
    answers: dict[str, str],
    notes: dict[str, str],
    version: int,
) -> Screening:
    """Save the whole form of a draft. A save based on an older copy raises DraftConflict
    (unless it changes nothing), so two tabs or two people never silently overwrite."""
    current = _locked_draft(screening.pk)
    if current.is_interview and not current.setting_confirmed:
        raise ScreeningError(_("Confirm the interview setting before the first question."))
    # Established items are not asked: their recorded answers stay whatever the form sends.
    answers = {code: value for code, value in answers.items() if value and code not in current.established}
    answers.update({code: e["answer"] for code, e in current.established.items()})
    notes = {code: text for code, text in notes.items() if text}
    if answers == current.answers and notes == current.notes:
        return current
    # A stale copy that agrees with what was saved (on the items asked) goes through.
    check_version(
        current,
        version,
        differences=lambda: _differences(current, answers, notes),
        refuse_when_nothing_differs=False,
    )
    current.answers, current.notes = answers, notes
    current.version += 1
    current.updated_by = request.user
    current.save(update_fields=["answers", "notes", "version", "updated_by", "updated_at"])
    audit.record(
        request,
        audit.Action.UPDATED,
        case=current.case,
        obj=current,
        summary=_("Screening draft saved"),
        detail={"answered": current.answered_count(), "version": current.version},
    )
    return current


@transaction.atomic
def confirm_setting(
    *,
    request: AuthenticatedRequest,
    screening: Screening,
    private: bool,
    confidentiality: bool,
    purpose: bool,
    interpreter: str,
) -> Screening:
    """Record the setting checklist that comes before the first interview question."""
    current = _locked_draft(screening.pk)
    current.setting_private = private
    current.setting_confidentiality = confidentiality
    current.setting_purpose = purpose
    current.setting_interpreter = interpreter
    current.setting_confirmed_at = timezone.now()
    current.updated_by = request.user
    current.save()
    audit.record(
        request,
        audit.Action.UPDATED,
        case=current.case,
        obj=current,
        summary=_("Interview setting confirmed"),
        detail={"interpreter": interpreter},
    )
    return current


def missing_items(screening: Screening, answers: dict[str, str]) -> list[dict[str, Any]]:
    """The items asked and not answered yet."""
    return [item for item in screening.asked_items() if not answers.get(item["code"])]


def score_answers(screening: Screening, answers: dict[str, str]) -> engine.ScoreResult:
    """Score a tier's answers with its pinned version, at the youth's age on the screening date."""
    return engine.score(
        screening.content,
        answers,
        items_presented=screening.presented_codes(),
        age=screening.youth_age,
        established=list(screening.established),
    )


@transaction.atomic
def submit(*, request: AuthenticatedRequest, screening: Screening, version: int) -> Screening:
    """Score the saved answers with the pinned version, keep the result and its reasons, compute
    the screening's outcome over its tiers, and open the checklist. Raises Incomplete while items
    are unanswered, unless questioning stopped (the rest is recorded as not asked)."""
    current = _locked_draft(screening.pk)
    check_version(current, version)
    if current.is_interview and not current.setting_confirmed:
        raise ScreeningError(_("Confirm the interview setting before submitting."))
    result = score_answers(current, current.answers)
    missing = missing_items(current, current.answers)
    if missing and "stop_disclosure" not in result.flags:
        raise Incomplete(missing)

    now = timezone.now()
    current.status = Screening.Status.SUBMITTED
    current.submitted_at = now
    current.submitted_by = request.user
    current.level = result.level
    current.points = float(result.points)
    current.result = result.to_dict()
    current.version += 1
    current.updated_by = request.user
    current.save()

    root = locked_root(current)
    outcome = keep_outcome(root)
    to_review = send_to_review(root, outcome.level, now, again=not current.is_root)
    follow_through = done_by_this_tier(current, request.user, now)
    actions = open_actions(root, current, outcome, request.user, now)
    stopped = close_after_stop(root, outcome, request.user, now)

    audit.record(
        request,
        audit.Action.UPDATED,
        case=current.case,
        obj=current,
        summary=_("Screening submitted"),
        detail={
            "level": current.level,
            "outcome": outcome.level,
            "not_completed": outcome.not_completed,
            "identified": outcome.identified,
            "rules": [r["id"] for r in current.result["fired_rules"]],
            "actions": len(actions),
            "not_asked": [i["code"] for i in missing],
            "closed_parent_action": follow_through[0] if follow_through else None,
            "done_by_this_tier": follow_through,
            "closed_after_stop": stopped,
            "sent_to_review": to_review,
        },
    )
    signals.send_outcome_recorded(root.pk)
    return current
