"""Keep the stored months exact: a change to a record of a closed month marks that team's month
stale (reporting.aggregates.mark_stale), computed live until the next run of aggregate_figures.

Which dates place a record in a month (reporting/pieces.py), before and after the change:
- a screening: its submission; the months of the returns of its case up to its submission (it may
  be the first screening after them); its first review decision; the screening it follows;
- a missing episode: going missing and its return;
- a mandated report: the time it was done;
- a review decision: the decisions of its screening (the first may change);
- a case moved to another team: every month with a record of the case, for both teams; a case
  given another placement (its identifications show the placement now): every such month.
The work runs after the transaction commits. A change made with QuerySet.update() or bulk_create
sends no signal: the nightly run corrects it (docs/performance.md).
"""

from django.db import transaction
from django.db.models import Min
from django.db.models.signals import post_delete, post_init, post_save

from cases.models import Case, MissingEpisode
from screening.models import GuidanceAction, ReviewDecision, Screening

from .aggregates import mark_stale

# The fields whose value when loaded is kept on the instance, per model.
TRACKED = {
    Screening: ("submitted_at",),
    MissingEpisode: ("went_missing_at", "returned_at"),
    GuidanceAction: ("done_at",),
    Case: ("team_id", "placement_type"),
}
LOADED = "reporting_loaded"


def remember(sender, instance, **kwargs) -> None:
    # Read from __dict__: a deferred field is not loaded (no query here).
    setattr(instance, LOADED, {name: instance.__dict__.get(name) for name in TRACKED[sender]})


def loaded(instance, name: str):
    return getattr(instance, LOADED, {}).get(name)


def team_of_case(case_id) -> int | None:
    return Case.objects.filter(pk=case_id).values_list("team_id", flat=True).first()


def screening_changed(instance: Screening) -> None:
    submitted = [instance.submitted_at, loaded(instance, "submitted_at")]
    if not any(submitted):
        return  # a draft: no figure counts it
    moments = list(submitted)
    latest = max(m for m in submitted if m is not None)
    moments += MissingEpisode.objects.filter(case_id=instance.case_id, returned_at__lte=latest).values_list(
        "returned_at", flat=True
    )
    moments.append(
        ReviewDecision.objects.filter(screening_id=instance.pk).aggregate(m=Min("decided_at"))["m"]
    )
    if instance.follows_id:
        moments.append(
            Screening.objects.filter(pk=instance.follows_id).values_list("submitted_at", flat=True).first()
        )
    mark_stale(team_of_case(instance.case_id), moments)


def episode_changed(instance: MissingEpisode) -> None:
    moments = [instance.went_missing_at, instance.returned_at]
    moments += [loaded(instance, "went_missing_at"), loaded(instance, "returned_at")]
    mark_stale(team_of_case(instance.case_id), moments)


def action_changed(instance: GuidanceAction) -> None:
    if not instance.mandated_report:
        return
    moments = [instance.done_at, loaded(instance, "done_at")]
    if any(moments):
        case_id = Screening.objects.filter(pk=instance.screening_id).values_list("case_id", flat=True).first()
        mark_stale(team_of_case(case_id), moments)


def decision_changed(instance: ReviewDecision) -> None:
    moments = [instance.decided_at]
    moments += ReviewDecision.objects.filter(screening_id=instance.screening_id).values_list(
        "decided_at", flat=True
    )
    case_id = Screening.objects.filter(pk=instance.screening_id).values_list("case_id", flat=True).first()
    mark_stale(team_of_case(case_id), moments)


def case_moved(instance: Case) -> None:
    before = loaded(instance, "team_id")
    moved = before is not None and before != instance.team_id
    placed = loaded(instance, "placement_type") not in (None, instance.placement_type)
    if not (moved or placed):
        return
    moments = list(Screening.objects.filter(case_id=instance.pk).values_list("submitted_at", flat=True))
    for went, returned in MissingEpisode.objects.filter(case_id=instance.pk).values_list(
        "went_missing_at", "returned_at"
    ):
        moments += [went, returned]
    moments += GuidanceAction.objects.filter(
        screening__case_id=instance.pk, mandated_report=True
    ).values_list("done_at", flat=True)
    moments += ReviewDecision.objects.filter(screening__case_id=instance.pk).values_list(
        "decided_at", flat=True
    )
    for team_id in {before if moved else instance.team_id, instance.team_id}:
        mark_stale(team_id, moments)


HANDLERS = {
    Screening: screening_changed,
    MissingEpisode: episode_changed,
    GuidanceAction: action_changed,
    ReviewDecision: decision_changed,
    Case: case_moved,
}


def changed(sender, instance, **kwargs) -> None:
    handler = HANDLERS[sender]
    transaction.on_commit(lambda: handler(instance))


def connect() -> None:
    for model in HANDLERS:
        if model in TRACKED:
            post_init.connect(remember, sender=model, dispatch_uid=f"reporting-remember-{model.__name__}")
        post_save.connect(changed, sender=model, dispatch_uid=f"reporting-save-{model.__name__}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"reporting-delete-{model.__name__}")
