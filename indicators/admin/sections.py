"""A draft's section in the admin site, with its items inline (item codes unique in the version)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext as _

from accounts.admin_tools import RefuseBadLookups

from .. import lifecycle
from ..models import DRAFT, InstrumentVersion, Item, Section
from .base import (
    DraftRowInlineMixin,
    NoBulkDeleteMixin,
    formset_changes,
    may_remove_from_draft,
    next_positions,
)
from .forms import ItemFormSet, json_overrides


class ItemInline(DraftRowInlineMixin, admin.StackedInline):
    model = Item
    formfield_overrides = json_overrides(rows=3)
    formset = ItemFormSet
    parent_is_section = True
    fields = (
        ("code", "kind", "trafficking_type", "scale", "position"),
        "text",
        "phrasing",
        "help",
        ("points", "tags"),
        ("ages", "fact"),
        ("prefill", "established_by"),
        "source",
    )
    extra = 0
    ordering = ("position", "id")


@admin.register(Section)
class SectionAdmin(RefuseBadLookups, NoBulkDeleteMixin, admin.ModelAdmin):
    list_display = ("code", "title", "version", "position")
    list_filter = ("version__status", "version__instrument")
    list_select_related = ("version__instrument",)
    search_fields = ("code", "title", "items__code", "items__text")
    inlines = [ItemInline]
    formfield_overrides = json_overrides(rows=2)
    fields = ("version", "position", "code", "title", "intro", "contexts", "ages")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        if obj.version.status != DRAFT:
            return self.fields
        return ("version",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "version":
            kwargs["queryset"] = InstrumentVersion.objects.drafts().select_related("instrument")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.version.status != DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.version.status != DRAFT:
            return False
        return may_remove_from_draft(request, "section")

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        next_positions(formset, "section")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        section = form.instance
        lifecycle.record_draft_change(
            section.version,
            request=request,
            summary=_("Section %(code)s of draft %(version)s edited in the admin site")
            % {"code": section.code, "version": section.version},
            detail={"section": section.code, "fields": form.changed_data, "rows": formset_changes(formsets)},
        )

    def delete_model(self, request, obj):
        version = obj.version
        super().delete_model(request, obj)
        lifecycle.record_draft_change(
            version,
            request=request,
            detail={"deleted_section": obj.code},
            summary=_("Section %(code)s deleted from draft %(version)s")
            % {"code": obj.code, "version": version},
        )
