"""What the instrument library's admin pages share: drafts are edited, frozen versions are not."""

from __future__ import annotations

import json

from django.db.models import Max
from django.utils.html import format_html

from ..models import DRAFT


def pretty_json(value) -> str:
    """A read-only JSON value, indented; a dash when there is none."""
    if value is None:
        return "—"
    return format_html(
        '<pre class="indicators-json">{}</pre>', json.dumps(value, ensure_ascii=False, indent=2)
    )


def formset_changes(formsets) -> list[str]:
    """What the inline formsets of one save added, changed and deleted (for the audit)."""
    out = []
    for formset in formsets:
        name = str(formset.model._meta.verbose_name)
        out += [f"added {name} {obj}" for obj in getattr(formset, "new_objects", [])]
        out += [
            f"changed {name} {obj} ({', '.join(fields)})"
            for obj, fields in getattr(formset, "changed_objects", [])
        ]
        out += [f"deleted {name} {obj}" for obj in getattr(formset, "deleted_objects", [])]
    return out


def next_positions(formset, parent_field: str) -> None:
    """New rows left at position 0 go after the existing ones (the form's order otherwise)."""
    for obj in getattr(formset, "new_objects", []):
        if obj.position == 0:
            siblings = formset.model.objects.filter(**{parent_field: getattr(obj, parent_field)}).exclude(
                pk=obj.pk
            )
            highest = siblings.aggregate(m=Max("position"))["m"]
            if highest is not None:
                obj.position = highest + 1
                obj.save(update_fields=["position"])


class NoBulkDeleteMixin:
    """No "delete selected" action: a published version and its rows must not go in bulk."""

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


def may_remove_from_draft(request, parent_model_name: str) -> bool:
    """Removing a row of a draft (or a draft itself) is part of changing it.

    Nobody holds a delete permission on the library; the change permission of the parent
    decides, and only while the version is a draft (the callers check that).
    """
    return request.user.has_perm(f"indicators.change_{parent_model_name}")


class DraftRowInlineMixin:
    """Inline rows of a version (or section): editable only while the version is a draft."""

    parent_is_section = False

    def _frozen(self, obj) -> bool:
        if obj is None:
            return False
        version = obj.version if self.parent_is_section else obj
        return version.status != DRAFT

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and may_remove_from_draft(request, self.parent_model._meta.model_name)
