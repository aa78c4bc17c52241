"""Jurisdictions in the admin site: deadlines, legal definitions, mandated reports, instruments.

Not versioned: a change applies to outcomes computed from then on (checked against the schema
before it is saved, see forms.JurisdictionForm).
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import audit
from accounts.admin_tools import RefuseBadLookups

from ..engine import DEADLINE_KEYS
from ..models import Jurisdiction, JurisdictionInstrument
from .base import NoBulkDeleteMixin, formset_changes, may_remove_from_draft
from .forms import JurisdictionForm, json_overrides


class JurisdictionInstrumentInline(admin.TabularInline):
    model = JurisdictionInstrument
    fields = ("context", "position", "instrument")
    extra = 0
    ordering = ("context", "position", "id")

    def has_delete_permission(self, request, obj=None):
        return may_remove_from_draft(request, "jurisdiction")


@admin.register(Jurisdiction)
class JurisdictionAdmin(RefuseBadLookups, NoBulkDeleteMixin, admin.ModelAdmin):
    list_display = (
        "name",
        "slug",
        "screening_after_return_from_missing",
        "report_missing_to_law_enforcement",
        "report_trafficking_to_law_enforcement",
        "oldest_age_served",
    )
    search_fields = ("slug", "name")
    inlines = [JurisdictionInstrumentInline]
    form = JurisdictionForm
    formfield_overrides = json_overrides(rows=4)
    fieldsets = (
        (None, {"fields": ("slug", "name", "description", "oldest_age_served", "source")}),
        (gettext_lazy("Deadlines (hours)"), {"fields": DEADLINE_KEYS}),
        (gettext_lazy("What the law says"), {"fields": ("legal_definitions", "mandated_reports")}),
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "mandated_reports" and field is not None:
            field.widget.attrs["rows"] = 20  # a list of reports with their conditions
        return field

    def get_readonly_fields(self, request, obj=None):
        return ("slug",) if obj is not None else ()

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        action = audit.Action.UPDATED if change else audit.Action.CREATED
        audit.record(
            request,
            action,
            obj=form.instance,
            summary=_("Jurisdiction %(slug)s saved in the admin site") % {"slug": form.instance.slug},
            detail={
                "fields": form.changed_data,
                "rows": formset_changes(formsets),
                "deadlines_hours": form.instance.deadlines_hours,
            },
        )

    def delete_model(self, request, obj):
        audit.record(
            request,
            audit.Action.DELETED,
            obj=obj,
            summary=_("Jurisdiction %(slug)s deleted in the admin site") % {"slug": obj.slug},
        )
        super().delete_model(request, obj)
