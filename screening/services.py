"""Writes of the screening workflow. Each is one transaction and leaves an audit event."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts import audit
from accounts.versioning import Difference, VersionConflict, check_version
from cases.models import MissingEpisode, age_on
from indicators import engine
from indicators.models import InstrumentVersion, Jurisdiction

from .models import ActionClosure, Addendum, GuidanceAction, ReviewStatus, Screening

# Supervisors review every screening with these levels (PRODUCT.md, "Supervisor review").
REVIEWED_LEVELS = ("possible", "clear")


class ScreeningError(Exception):
    """A request the workflow refuses, with a message for the person."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# Someone (or another tab) saved this draft after this copy was loaded (the name the views catch).
DraftConflict = VersionConflict


class ActionChanged(VersionConflict, ScreeningError):
    """A checklist page loaded before its action last changed: a conflict, refused with a message
    like any other request the workflow refuses."""

    default_message = _lazy("This action changed since you opened the page; reload and try again.")


class Incomplete(Exception):
    """Items not answered yet; `unknown` and `declined` count as answered."""

    def __init__(self, missing: list[dict]):
        super().__init__("screening incomplete")
        self.missing = missing


# --------------------------------------------------------------------------- instruments


def current_jurisdiction() -> Jurisdiction:
    """The agency's jurisdiction profile (settings.SCREENING_JURISDICTION)."""
    try:
        return Jurisdiction.objects.get(slug=settings.SCREENING_JURISDICTION)
    except Jurisdiction.DoesNotExist:
        raise ScreeningError(
            _(
                'The jurisdiction profile "%(slug)s" is not loaded, so no screening can start. '
                "An administrator loads it with “manage.py load_instruments”."
            )
            % {"slug": settings.SCREENING_JURISDICTION}
        ) from None


def versions_for(context: str) -> list[InstrumentVersion]:
    """The latest published version of each instrument the jurisdiction uses in `context`."""
    return current_jurisdiction().versions_for(context)


def deadline_due(screening: Screening, deadline_key: str, *, jurisdiction: Jurisdiction, at):
    """When an action with this deadline is due: hours after the youth went missing for the
    missing-report deadlines (when the screening follows an episode), otherwise after the
    screening was submitted."""
    if deadline_key not in engine.DEADLINE_KEYS:
        return None
    start = at
    if deadline_key.startswith("report_missing") and screening.episode_id:
        start = screening.episode.went_missing_at
    return start + timedelta(hours=jurisdiction.deadline_hours(deadline_key))


# --------------------------------------------------------------------------- drafts


def not_offered_message(version: InstrumentVersion, case, age: int) -> str:
    """Why an instrument is not used with this youth (its ``ages``), and what to do instead."""
    ages = version.content.get("ages") or {}
    low, high = ages.get("min"), ages.get("max")
    name = case.display_name
    if version.instrument.tier >= 2 and low is not None and age < low:
        return _(
            "The in-depth interview is for youth aged %(min)s and older; %(name)s is %(age)s. Do not "
            "interview %(name)s about this: refer for a forensic interview at a Child Advocacy Center."
        ) % {"min": low, "name": name, "age": age}
    return _("%(instrument)s is used with youth aged %(min)s to %(max)s; %(name)s is %(age)s.") % {
        "instrument": version.instrument.name,
        "min": low if low is not None else 0,
        "max": high if high is not None else engine.MAX_AGE,
        "name": name,
        "age": age,
    }


def youth_age(case) -> int:
    """The youth's age on the screening date (today, in the agency's time zone)."""
    return age_on(case.date_of_birth, timezone.localdate())


def record_facts(case) -> tuple[dict, dict]:
    """What the youth's record says that items may be filled in from (engine.RECORD_FACTS), and,
    for each fact, where it comes from in words."""
    episodes = list(case.episodes.order_by("went_missing_at", "pk"))
    located = [e for e in episodes if e.recovery_location_type]
    labels = dict(MissingEpisode.RecoveryLocation.choices)
    record = {
        "missing_episodes": len(episodes),
        "recovery_locations": [e.recovery_location_type for e in located],
    }
    why = {
        "missing_episodes": _("%(count)s missing-from-care episodes on the record")
        % {"count": len(episodes)},
        "recovery_locations": "; ".join(
            _("recovered %(when)s: %(where)s")
            % {
                "when": timezone.localtime(e.returned_at).strftime("%Y-%m-%d") if e.returned_at else "—",
                "where": labels.get(e.recovery_location_type, e.recovery_location_type),
            }
            for e in located
        ),
    }
    return record, why


@transaction.atomic
def start_screening(
    *, request, case, context: str, version: InstrumentVersion, episode=None, follows: Screening | None = None
) -> Screening:
    """Start a screening (or the interview that follows one) with a published version.

    Don't ask twice: a first tier is filled in from what the record shows (where the youth was
    recovered, how many times they went missing), editable; an interview records the items the
    tier it follows established, and does not ask them."""
    if version.status != "published":
        raise ScreeningError(_("Only a published instrument version can be used for a screening."))
    age = youth_age(case)
    if not engine.offered_at_age(version.content, age):
        raise ScreeningError(not_offered_message(version, case, age))
    screening = Screening(
        case=case,
        context=context,
        episode=episode,
        instrument_version=version,
        jurisdiction=current_jurisdiction(),
        follows=follows,
        youth_age=age,
        created_by=request.user,
        updated_by=request.user,
    )
    presented = screening.presented_codes()
    if follows is not None:
        screening.established = engine.established(
            version.content,
            earlier_instrument=follows.instrument.slug,
            earlier_answers=follows.current_answers(),
            items_presented=presented,
        )
        screening.answers = {code: e["answer"] for code, e in screening.established.items()}
    else:
        record, why = record_facts(case)
        filled = engine.prefill(version.content, record, items_presented=presented)
        items = {item["code"]: item for item in screening.presented_items()}
        screening.prefilled = {
            code: {"answer": answer, "from": why[items[code]["prefill"]["from"]]}
            for code, answer in filled.items()
        }
        screening.answers = dict(filled)
    screening.save()
    audit.record(
        request,
        audit.Action.CREATED,
        case=case,
        obj=screening,
        summary=_("Screening started"),
        detail={
            "instrument": version.instrument.slug,
            "version": version.number,
            "context": context,
            "follows": follows.pk if follows else None,
            "age": age,
            "prefilled": sorted(screening.prefilled),
            "established": sorted(screening.established),
        },
    )
    return screening


def _differences(screening: Screening, answers: dict, notes: dict) -> list[Difference]:
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
def save_draft(*, request, screening: Screening, answers: dict, notes: dict, version: int) -> Screening:
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
    *, request, screening: Screening, private: bool, confidentiality: bool, purpose: bool, interpreter: str
) -> Screening:
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


# --------------------------------------------------------------------------- submission


def missing_items(screening: Screening, answers: dict) -> list[dict]:
    return [item for item in screening.asked_items() if not answers.get(item["code"])]


def score_answers(screening: Screening, answers: dict) -> engine.ScoreResult:
    """Score a tier's answers with its pinned version, at the youth's age on the screening date."""
    return engine.score(
        screening.content,
        answers,
        items_presented=screening.presented_codes(),
        age=screening.youth_age,
        established=list(screening.established),
    )


@transaction.atomic
def submit(*, request, screening: Screening, version: int) -> Screening:
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

    root = _locked_root(current)
    outcome = refresh_outcome(root, upgrade=True)
    to_review = _to_review(root, outcome.level, now, again=not current.is_root)
    follow_through = _done_by_this_tier(current, request.user, now)
    actions = _open_actions(root, current, outcome, request.user, now)
    stopped = _close_after_stop(root, outcome, request.user, now)

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
    return current


# --------------------------------------------------------------------------- the outcome


def _locked_root(screening: Screening) -> Screening:
    if screening.is_root:
        return screening
    return (
        Screening.objects.select_for_update(of=("self",))
        .select_related("case", "jurisdiction", "instrument_version__instrument")
        .get(pk=screening.follows_id)
    )


def _next_tier(root: Screening, tiers: list[Screening]):
    """The content of the interview that would follow, for its ages (None once one was submitted)."""
    if len(tiers) > 1 or root.tier >= 2:
        return None
    draft = root.follow_ups.drafts().select_related("instrument_version").first()
    version = draft.instrument_version if draft else follow_up_version(root)
    return version.content if version else None


def compute_outcome(root: Screening) -> engine.Outcome:
    """The screening's outcome over its submitted tiers, each as corrected, under its jurisdiction."""
    tiers = root.tiers()
    return engine.outcome(
        [engine.Tier(t.content, t.current_result()) for t in tiers],
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
    outcome = compute_outcome(root)
    root.outcome, root.outcome_level = outcome.to_dict(), outcome.level
    root.save(update_fields=["outcome", "outcome_level", "updated_at"])
    return outcome


def _to_review(root: Screening, level: str, now, *, again: bool) -> bool:
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


def _protocol(root: Screening):
    return GuidanceAction.objects.filter(Q(screening=root) | Q(screening__follows=root))


def _open_actions(root: Screening, tier: Screening, outcome: engine.Outcome, user, now) -> list:
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
    return _add_actions(tier, wanted, user, now, first_position=first)


def _done_by_this_tier(tier: Screening, user, now) -> list[int]:
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
        _done_by_follow_up(action, tier, user, now)
    return [a.pk for a in actions]


def _close_after_stop(root: Screening, outcome: engine.Outcome, user, now) -> list[int]:
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
    ) % {"date": timezone.localtime(root.created_at).strftime("%Y-%m-%d")}
    for action in actions:
        action.status = GuidanceAction.Status.NOT_APPLICABLE
        action.not_applicable_reason = reason
        action.closed_at, action.closed_by = now, user
        action.version += 1
        action.save()
    return [a.pk for a in actions]


def _add_actions(screening: Screening, guidance, user, now, *, first_position: int = 0) -> list:
    """The checklist rows of a result's guidance, each due by its jurisdiction deadline from `now`."""
    jurisdiction = screening.jurisdiction
    rows = []
    for position, action in enumerate(guidance, start=first_position):
        row = GuidanceAction(
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
            due_at=deadline_due(screening, action.deadline or "", jurisdiction=jurisdiction, at=now),
            mandated_report=action.mandated_report,
            continues_screening=action.continues_screening,
        )
        _prefill_from_episode(row, screening, user, now)
        rows.append(row)
    return GuidanceAction.objects.bulk_create(rows)


def _prefill_from_episode(row: GuidanceAction, screening: Screening, user, now) -> None:
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


def _done_by_follow_up(action: GuidanceAction, follow_up: Screening, user, now) -> None:
    """The action is done by submitting the follow-up screening, which is its reference."""
    action.status = GuidanceAction.Status.DONE
    action.done_at, action.closed_at, action.closed_by = follow_up.submitted_at, now, user
    action.reference = _("Screening %(pk)s") % {"pk": follow_up.pk}
    action.version += 1
    action.save()


def _mark_done_by_follow_ups(screening: Screening, actions: list, user, now) -> None:
    """An action a correction adds may already be done: "Complete the Tier 2 interview" when
    the Tier 2 interview that follows this screening was submitted."""
    follow_ups = {
        f.instrument.slug: f
        for f in screening.follow_ups.submitted().select_related("instrument_version__instrument")
    }
    for action in actions:
        follow = follow_ups.get(action.code)
        if follow is not None and action.is_open:
            _done_by_follow_up(action, follow, user, now)


@transaction.atomic
def record_determination(
    *, request, screening: Screening, determination: str, level: str, reason: str
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
    current.determined_at = timezone.now()
    current.determined_by = request.user
    current.save()
    lower = engine.level_rank(current.determined_level) < engine.level_rank(agreed or "none")
    to_review = False
    if lower:
        to_review = _to_review(current, agreed, current.determined_at, again=True)
    elif current.determined_level in REVIEWED_LEVELS:
        to_review = _to_review(current, current.determined_level, current.determined_at, again=False)
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


# --------------------------------------------------------------------------- follow-up


def follow_up_version(screening: Screening) -> InstrumentVersion | None:
    """The in-depth (Tier 2) instrument the jurisdiction uses after this screening's context."""
    for version in versions_for(screening.context):
        if version.instrument.tier > screening.tier:
            return version
    return None


@transaction.atomic
def start_follow_up(*, request, screening: Screening) -> Screening:
    """Start the Tier 2 interview, carrying the context (and episode) over; an existing
    follow-up draft is reused rather than duplicated. Never after a stop, and never with a
    child younger than the interview is for."""
    parent = (
        Screening.objects.select_for_update(of=("self",)).select_related("case").get(pk=screening.root.pk)
    )
    existing = parent.follow_ups.filter(status=Screening.Status.DRAFT).first()
    if existing is not None:
        return existing
    if parent.is_draft:
        raise ScreeningError(_("Submit this screening before starting the in-depth interview."))
    if parent.stopped_on_disclosure:
        raise ScreeningError(
            _("Questioning stopped on this screening: no interview follows. Follow the checklist.")
        )
    version = follow_up_version(parent)
    if version is None:
        raise ScreeningError(_("No published in-depth interview is configured for this context."))
    return start_screening(
        request=request,
        case=parent.case,
        context=parent.context,
        version=version,
        episode=parent.episode,
        follows=parent,
    )


# --------------------------------------------------------------------------- checklist


@transaction.atomic
def close_action(
    *,
    request,
    action: GuidanceAction,
    status: str,
    done_at=None,
    reference: str = "",
    reason: str = "",
    version: int,
) -> GuidanceAction:
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
                "when": timezone.localtime(current.closed_at).strftime("%Y-%m-%d %H:%M"),
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
def reopen_action(*, request, action: GuidanceAction, reason: str, version: int) -> GuidanceAction:
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


# --------------------------------------------------------------------------- addenda


@transaction.atomic
def add_addendum(*, request, screening: Screening, body: str, corrections: dict) -> Addendum:
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
    root = _locked_root(current)
    # The level that counts before: the screening's outcome (before instruments v2, this tier's).
    reviewed = root if root.outcome is not None else current
    level_before = reviewed.effective_level
    new_actions, to_review = [], False
    if corrections:
        latest = dict(now_answers)
        latest.update(corrections)
        result = score_answers(current, latest)
        addendum.level, addendum.result = result.level, result.to_dict()
        addendum.save()
        now = timezone.now()
        outcome = refresh_outcome(root, upgrade=False) if root.outcome is not None else None
        if outcome is not None:
            new_actions = _open_actions(root, current, outcome, request.user, now)
            level_after = outcome.level
            _close_after_stop(root, outcome, request.user, now)
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
                new_actions = _add_actions(current, missing, request.user, now, first_position=first)
            level_after = result.level
        _mark_done_by_follow_ups(current, new_actions, request.user, now)
        # A correction that raises the concern to Possible or Clear goes to the supervisor, even
        # after an approval: the plan they approved was for a lower level.
        if engine.level_rank(level_after) > engine.level_rank(level_before or "none"):
            to_review = _to_review(reviewed, level_after, now, again=True)
    else:
        addendum.save()
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
    return addendum
