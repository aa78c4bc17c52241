"""Instrument versions in the admin site: a draft with its sections, rules and guidance inline.

A published or retired version is read-only. The version's own pages (new draft, publish, retire,
compare, export) are in views.py; their URLs are wired here.
"""

from __future__ import annotations

from functools import partial

from django.contrib import admin
from django.db.models import Max
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import audit
from accounts.admin_tools import RefuseBadLookups

from .. import lifecycle
from ..models import DRAFT, GuidanceAction, InstrumentVersion, Rule, Section
from . import views
from .base import (
    DraftRowInlineMixin,
    NoBulkDeleteMixin,
    formset_changes,
    may_remove_from_draft,
    next_positions,
    pretty_json,
)
from .forms import DEFAULT_SCALES, OptionalBooleanSelect, VersionAddForm, json_overrides


class SectionInline(DraftRowInlineMixin, admin.TabularInline):
    model = Section
    formfield_overrides = json_overrides(rows=2, cols=40)
    fields = ("position", "code", "title", "contexts", "ages", "item_count")
    readonly_fields = ("item_count",)
    extra = 0
    show_change_link = True
    ordering = ("position", "id")
    verbose_name_plural = gettext_lazy("sections (open a section to edit its items)")

    @admin.display(description=gettext_lazy("items"))
    def item_count(self, obj):
        return obj.items.count() if obj.pk else 0


class RuleInline(DraftRowInlineMixin, admin.StackedInline):
    model = Rule
    formfield_overrides = json_overrides(rows=8)
    fields = (
        ("rule_id", "level", "position"),
        "reason",
        "when",
        ("identifies", "trafficking_types"),
        ("flags", "guidance"),
    )
    extra = 0
    ordering = ("position", "id")
    classes = ("collapse",)


class GuidanceInline(DraftRowInlineMixin, admin.StackedInline):
    model = GuidanceAction
    formfield_overrides = json_overrides(rows=4)
    fields = (
        ("code", "priority", "deadline", "mandatory", "continues_screening", "position"),
        "title",
        "description",
        "applies_if",
        "contacts",
        "source",
    )
    extra = 0
    ordering = ("position", "id")
    classes = ("collapse",)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "continues_screening":
            kwargs["widget"] = OptionalBooleanSelect
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(InstrumentVersion)
class InstrumentVersionAdmin(RefuseBadLookups, NoBulkDeleteMixin, admin.ModelAdmin):
    list_display = ("instrument_slug", "number", "status", "published_at", "short_change_note")
    list_display_links = ("instrument_slug", "number")
    list_filter = ("status", "instrument")
    list_select_related = ("instrument",)
    search_fields = ("instrument__slug", "instrument__name", "change_note")
    inlines = [SectionInline, RuleInline, GuidanceInline]
    formfield_overrides = json_overrides(rows=16)
    change_form_template = "admin/indicators/instrumentversion/change_form.html"

    # -- columns

    @admin.display(description=gettext_lazy("change note"))
    def short_change_note(self, obj):
        note = obj.change_note or ""
        return note if len(note) <= 60 else note[:57] + "..."

    @admin.display(description=gettext_lazy("instrument"), ordering="instrument__slug")
    def instrument_slug(self, obj):
        return obj.instrument.slug

    @admin.display(description=gettext_lazy("ready to publish?"))
    def problems(self, obj):
        if obj is None or obj.pk is None or obj.status != DRAFT:
            return "—"
        _content, errors, failures = lifecycle.check_publishable(obj)
        if not errors and not failures:
            count = len(obj.vignettes or [])
            return _("Yes: the content is valid and its %(count)s vignette(s) score as expected.") % {
                "count": count
            }
        lines = [str(e) for e in errors] + [str(f) for f in failures]
        return format_html(
            "<p>{}</p><ul>{}</ul>",
            _("Not yet; publishing would be refused because of:"),
            format_html_join("", "<li>{}</li>", ((line,) for line in lines)),
        )

    # -- form

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = VersionAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    @admin.display(description=gettext_lazy("answer scales"))
    def answer_scales_json(self, obj):
        return pretty_json(obj.answer_scales)

    @admin.display(description=gettext_lazy("ages"))
    def ages_json(self, obj):
        return pretty_json(obj.ages)

    @admin.display(description=gettext_lazy("not completed when"))
    def not_completed_json(self, obj):
        return pretty_json(obj.not_completed)

    @admin.display(description=gettext_lazy("test vignettes"))
    def vignettes_table(self, obj):
        if not obj.vignettes:
            return "—"
        rows = (
            (
                v.get("id", ""),
                v.get("expected_level", ""),
                ", ".join(v.get("expected_flags") or []),
                v.get("description", ""),
            )
            for v in obj.vignettes
            if isinstance(v, dict)
        )
        return format_html(
            '<table class="indicators-vignettes"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th>'
            "</tr></thead><tbody>{}</tbody></table>",
            _("id"),
            _("expected level"),
            _("expected flags"),
            _("description"),
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )

    def get_fields(self, request, obj=None):
        if obj is None:
            return VersionAddForm.Meta.fields
        lifecycle = (
            "checksum",
            ("created_at", "created_by"),
            ("published_at", "published_by"),
            ("retired_at", "retired_by"),
        )
        if obj.status != DRAFT:
            return (
                "instrument",
                "number",
                "status",
                "format",
                "change_note",
                "ages_json",
                "not_completed_json",
                "answer_scales_json",
                "vignettes_table",
            ) + lifecycle
        return (
            "instrument",
            "number",
            "status",
            "problems",
            "format",
            "change_note",
            "ages",
            "not_completed",
            "answer_scales",
            "vignettes",
        ) + lifecycle

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        fixed = (
            "instrument",
            "number",
            "status",
            "problems",
            "checksum",
            "created_at",
            "created_by",
            "published_at",
            "published_by",
            "retired_at",
            "retired_by",
        )
        if obj.status != DRAFT:
            return fixed + (
                "format",
                "change_note",
                "ages_json",
                "not_completed_json",
                "answer_scales_json",
                "vignettes_table",
            )
        return fixed

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("answer_scales", DEFAULT_SCALES)
        return initial

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status != DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != DRAFT:
            return False
        return may_remove_from_draft(request, "instrumentversion")

    # -- saving (audited)

    def save_model(self, request, obj, form, change):
        if not change:
            number = obj.instrument.versions.aggregate(m=Max("number"))["m"] or 0
            obj.number = number + 1
            obj.status = DRAFT
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        next_positions(formset, "version")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        version = form.instance
        detail = {"fields": form.changed_data, "rows": formset_changes(formsets)}
        if change:
            lifecycle.record_draft_change(
                version,
                request=request,
                detail=detail,
                summary=_("Draft %(version)s edited in the admin site") % {"version": version},
            )
        else:
            lifecycle.refresh_draft(version)
            audit.record(
                request,
                audit.Action.CREATED,
                obj=version,
                summary=_("Draft %(version)s created in the admin site") % {"version": version},
                detail={"checksum": version.checksum, **detail},
            )

    def delete_model(self, request, obj):
        audit.record(
            request,
            audit.Action.DELETED,
            obj=obj,
            summary=_("Draft %(version)s deleted in the admin site") % {"version": obj},
            detail={"checksum": obj.checksum},
        )
        super().delete_model(request, obj)

    # -- the version's own pages

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"

        def page(view):
            # Behind the admin site's login check, with this ModelAdmin for the page context.
            return self.admin_site.admin_view(partial(view, model_admin=self))

        return [
            path("<int:object_id>/new-draft/", page(views.new_draft_view), name=f"{prefix}_new_draft"),
            path("<int:object_id>/publish/", page(views.publish_view), name=f"{prefix}_publish"),
            path("<int:object_id>/retire/", page(views.retire_view), name=f"{prefix}_retire"),
            path("<int:object_id>/compare/", page(views.compare_view), name=f"{prefix}_compare"),
            path("<int:object_id>/export/", page(views.export_view), name=f"{prefix}_export"),
        ] + super().get_urls()

    def _url(self, name, version):
        return reverse(
            f"admin:indicators_instrumentversion_{name}", args=[version.pk], current_app=self.admin_site.name
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        version = InstrumentVersion.objects.filter(pk=object_id).select_related("instrument").first()
        if version is not None:
            user = request.user
            extra_context["version_tools"] = [
                tool
                for tool in (
                    (
                        _("New draft from this version"),
                        self._url("new_draft", version),
                        user.has_perm("indicators.add_instrumentversion"),
                    ),
                    (
                        _("Publish"),
                        self._url("publish", version),
                        version.status == DRAFT and user.has_perm("indicators.publish_instrumentversion"),
                    ),
                    (
                        _("Retire"),
                        self._url("retire", version),
                        version.status == "published"
                        and user.has_perm("indicators.publish_instrumentversion"),
                    ),
                    (
                        _("Compare with the previous version"),
                        self._url("compare", version),
                        version.previous() is not None,
                    ),
                    (
                        _("Export"),
                        self._url("export", version),
                        user.has_perm("indicators.export_instrumentversion"),
                    ),
                )
                if tool[2]
            ]
            extra_context["frozen"] = version.status != DRAFT
        return super().change_view(request, object_id, form_url, extra_context)
