"""Writes to case records. Each is one transaction and leaves an audit event."""

from django.db import transaction
from django.db.models import F, Model

from accounts import audit
from accounts.versioning import Difference, VersionConflict, check_version

from .models import Case, CaseNote, MissingEpisode

# Someone saved the record after this person opened it (the name the views catch).
EditConflict = VersionConflict


def _display(instance: Model, field_name: str) -> str:
    field = instance._meta.get_field(field_name)
    value = getattr(instance, field_name)
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(getattr(instance, f"get_{field_name}_display")())
    return str(value)


def _save_versioned(form, *, model, pk: int) -> tuple[Model, list[str], Model]:
    """Save a VersionedForm onto the row, or raise EditConflict if the row moved on.

    Returns the saved instance, the names of the fields that changed, and the row as it was.
    """
    current = model.objects.select_for_update().get(pk=pk)
    proposed = form.instance
    changed = [
        name
        for name in form.fields
        if name != "version" and getattr(current, name) != getattr(proposed, name)
    ]
    check_version(
        current,
        form.cleaned_data.get("version"),
        differences=lambda: [
            Difference(
                name,
                str(model._meta.get_field(name).verbose_name),
                _display(current, name),
                _display(proposed, name),
            )
            for name in changed
        ],
    )
    instance = form.save(commit=False)
    instance.version = F("version") + 1
    instance.save()
    instance.refresh_from_db()
    return instance, changed, current


@transaction.atomic
def create_case(*, request, form) -> Case:
    case = form.save(commit=False)
    case.assigned_caseworker = form.assigned_worker
    case.created_by = request.user
    case.save()
    audit.record(request, audit.Action.CREATED, case=case, obj=case)
    return case


@transaction.atomic
def update_case(*, request, form, case: Case) -> Case:
    updated, changed, before = _save_versioned(form, model=Case, pk=case.pk)
    detail = {"fields": changed}
    if updated.assigned_caseworker_id != before.assigned_caseworker_id:
        detail["reassigned"] = {"from": before.assigned_caseworker_id, "to": updated.assigned_caseworker_id}
    audit.record(request, audit.Action.UPDATED, case=updated, obj=updated, detail=detail)
    return updated


@transaction.atomic
def add_episode(*, request, form, case: Case) -> MissingEpisode:
    episode = form.save(commit=False)
    episode.case = case
    episode.created_by = request.user
    episode.save()
    audit.record(request, audit.Action.CREATED, case=case, obj=episode)
    return episode


@transaction.atomic
def update_episode(*, request, form, episode: MissingEpisode) -> MissingEpisode:
    updated, changed, _ = _save_versioned(form, model=MissingEpisode, pk=episode.pk)
    audit.record(request, audit.Action.UPDATED, case=updated.case_id, obj=updated, detail={"fields": changed})
    return updated


@transaction.atomic
def add_note(*, request, form, case: Case) -> CaseNote:
    note = form.save(commit=False)
    note.case = case
    note.author = request.user
    note.save()
    audit.record(request, audit.Action.CREATED, case=case, obj=note)
    return note
