"""Instruments in the admin site: slug, name, tier (fixed once it has versions) and purpose."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import audit
from accounts.admin_tools import RefuseBadLookups

from .. import lifecycle
from ..models import DRAFT, Instrument
from .base import NoBulkDeleteMixin


@admin.register(Instrument)
class InstrumentAdmin(RefuseBadLookups, NoBulkDeleteMixin, admin.ModelAdmin):
    list_display = ("name", "slug", "tier", "latest_published_version", "draft_count")
    search_fields = ("slug", "name")
    list_filter = ("tier",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _drafts=Count("versions", filter=Q(versions__status=DRAFT)),
                _latest=Max("versions__number", filter=Q(versions__status="published")),
            )
        )

    @admin.display(description=gettext_lazy("latest published version"))
    def latest_published_version(self, obj):
        return obj._latest or "—"

    @admin.display(description=gettext_lazy("drafts"))
    def draft_count(self, obj):
        return obj._drafts

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        if obj.versions.exists():
            return ("slug", "tier")  # a tier never changes once versions exist
        return ("slug",)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.versions.exists():
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        action = audit.Action.UPDATED if change else audit.Action.CREATED
        audit.record(
            request,
            action,
            obj=obj,
            summary=_("Instrument %(slug)s saved in the admin site") % {"slug": obj.slug},
            detail={"fields": form.changed_data},
        )
        if change:
            lifecycle.refresh_instrument_drafts(obj, request=request)

    def delete_model(self, request, obj):
        audit.record(
            request,
            audit.Action.DELETED,
            obj=obj,
            summary=_("Instrument %(slug)s deleted in the admin site") % {"slug": obj.slug},
        )
        super().delete_model(request, obj)
