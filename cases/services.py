"""Writes to case records. Each is one transaction and leaves an audit event."""

from typing import Any, TypeVar

from django.db import transaction
from django.db.models import F, Field, Model

from accounts import audit
from accounts.requests import AuthenticatedRequest
from accounts.versioning import Difference, VersionConflict, check_version

from .forms import CaseForm, CaseNoteForm, MissingEpisodeForm, VersionedForm
from .models import Case, CaseNote, MissingEpisode

Versioned = TypeVar("Versioned", Case, MissingEpisode)

# Someone saved the record after this person opened it (the name the views catch).
EditConflict = VersionConflict


def _display(instance: Model, field_name: str) -> str:
    field = instance._meta.get_field(field_name)
    value = getattr(instance, field_name)
    if value in (None, ""):
        return "—"
    if isinstance(field, Field) and field.choices:
        return str(getattr(instance, f"get_{field_name}_display")())
    return str(value)


def _verbose_name(model: type[Model], field_name: str) -> str:
    field = model._meta.get_field(field_name)
    return str(field.verbose_name) if isinstance(field, Field) else field_name


def _save_versioned(
    form: VersionedForm, *, model: type[Versioned], pk: int
) -> tuple[Versioned, list[str], Versioned]:
    """Save a VersionedForm onto the row, or raise EditConflict if the row moved on.

    Returns the saved instance, the names of the fields that changed, and the row as it was.
    """
    current = model._default_manager.select_for_update().get(pk=pk)
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
                _verbose_name(model, name),
                _display(current, name),
                _display(proposed, name),
            )
            for name in changed
        ],
    )
    instance: Versioned = form.save(commit=False)
    instance.version = F("version") + 1
    instance.save()
    instance.refresh_from_db()
    return instance, changed, current


@transaction.atomic
def create_case(*, request: AuthenticatedRequest, form: CaseForm) -> Case:
    case = form.save(commit=False)
    case.assigned_caseworker = form.assigned_worker
    case.created_by = request.user
    case.save()
    audit.record(request, audit.Action.CREATED, case=case, obj=case)
    return case


@transaction.atomic
def update_case(*, request: AuthenticatedRequest, form: VersionedForm, case: Case) -> Case:
    updated, changed, before = _save_versioned(form, model=Case, pk=case.pk)
    detail: dict[str, Any] = {"fields": changed}
    if updated.assigned_caseworker_id != before.assigned_caseworker_id:
        detail["reassigned"] = {"from": before.assigned_caseworker_id, "to": updated.assigned_caseworker_id}
    audit.record(request, audit.Action.UPDATED, case=updated, obj=updated, detail=detail)
    return updated


@transaction.atomic
def add_episode(*, request: AuthenticatedRequest, form: MissingEpisodeForm, case: Case) -> MissingEpisode:
    episode = form.save(commit=False)
    episode.case = case
    episode.created_by = request.user
    episode.save()
    audit.record(request, audit.Action.CREATED, case=case, obj=episode)
    return episode


@transaction.atomic
def update_episode(
    *, request: AuthenticatedRequest, form: MissingEpisodeForm, episode: MissingEpisode
) -> MissingEpisode:
    updated, changed, _ = _save_versioned(form, model=MissingEpisode, pk=episode.pk)
    audit.record(request, audit.Action.UPDATED, case=updated.case_id, obj=updated, detail={"fields": changed})
    return updated


@transaction.atomic
def add_note(*, request: AuthenticatedRequest, form: CaseNoteForm, case: Case) -> CaseNote:
    note = form.save(commit=False)
    note.case = case
    note.author = request.user
    note.save()
    audit.record(request, audit.Action.CREATED, case=case, obj=note)
    return note
