"""The instrument library in the admin site, for instrument administrators.

Drafts are edited here (a version with its sections, rules and guidance; a section with its
items). A published or retired version is read-only, and so are its rows. A version's page
links to: new draft from this version, publish, retire, compare with the previous version and
export. Every change made here is audited (accounts.audit), besides the admin's own log.
"""

from __future__ import annotations

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Max, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import audit

from . import services
from .engine import CONTEXTS, DEADLINE_KEYS
from .models import (
    DRAFT,
    GuidanceAction,
    Instrument,
    InstrumentVersion,
    Item,
    Jurisdiction,
    JurisdictionInstrument,
    Rule,
    Section,
)
from .schema import JURISDICTION_FORMAT, validate_jurisdiction

# --------------------------------------------------------------------------- helpers


class PrettyJSONField(forms.JSONField):
    """JSON shown indented, so a rule's condition or a list of vignettes can be read and edited."""

    def prepare_value(self, value):
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        if value is None:
            return ""  # empty = absent from the content
        return json.dumps(value, ensure_ascii=False, indent=2, cls=self.encoder)


def _json_overrides(rows: int = 6, cols: int = 90, text_rows: int = 3):
    """Indented JSON editors, and text areas sized for a sentence or two rather than a page."""
    return {
        models.JSONField: {
            "form_class": PrettyJSONField,
            "widget": forms.Textarea(
                attrs={"rows": rows, "cols": cols, "class": "vLargeTextField", "spellcheck": "false"}
            ),
        },
        models.TextField: {
            "widget": forms.Textarea(attrs={"rows": text_rows, "cols": 90, "class": "vLargeTextField"})
        },
    }


class OptionalBooleanSelect(forms.NullBooleanSelect):
    """Yes / No / not set: "not set" leaves the key out of the content (it reads as No)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (
            ("unknown", gettext_lazy("— (not set: no)")),
            ("true", gettext_lazy("Yes")),
            ("false", gettext_lazy("No")),
        )


def _pretty_json(value) -> str:
    if value is None:
        return "—"
    return format_html(
        '<pre class="indicators-json">{}</pre>', json.dumps(value, ensure_ascii=False, indent=2)
    )


def _formset_changes(formsets) -> list[str]:
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


def _next_positions(formset, parent_field: str) -> None:
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


def _may_remove_from_draft(request, parent_model_name: str) -> bool:
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
        return not self._frozen(obj) and _may_remove_from_draft(request, self.parent_model._meta.model_name)


# --------------------------------------------------------------------------- instruments


@admin.register(Instrument)
class InstrumentAdmin(NoBulkDeleteMixin, admin.ModelAdmin):
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
            services.refresh_instrument_drafts(obj, request=request)

    def delete_model(self, request, obj):
        audit.record(
            request,
            audit.Action.UPDATED,
            obj=obj,
            summary=_("Instrument %(slug)s deleted in the admin site") % {"slug": obj.slug},
        )
        super().delete_model(request, obj)


# --------------------------------------------------------------------------- versions


class SectionInline(DraftRowInlineMixin, admin.TabularInline):
    model = Section
    formfield_overrides = _json_overrides(rows=2, cols=40)
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
    formfield_overrides = _json_overrides(rows=8)
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
    formfield_overrides = _json_overrides(rows=4)
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


DEFAULT_SCALES = {
    "yes_no_unknown": {
        "description": "Unknown means not known yet; it is never treated as Yes or as No.",
        "options": [
            {"value": "yes", "label": "Yes"},
            {"value": "no", "label": "No"},
            {"value": "unknown", "label": "Unknown"},
        ],
    }
}


class VersionAddForm(forms.ModelForm):
    class Meta:
        model = InstrumentVersion
        fields = (
            "instrument",
            "format",
            "change_note",
            "ages",
            "not_completed",
            "answer_scales",
            "vignettes",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].required = False  # omitted: the model's default, format 1

    def clean_format(self):
        return self.cleaned_data.get("format") or InstrumentVersion._meta.get_field("format").default


@admin.register(InstrumentVersion)
class InstrumentVersionAdmin(NoBulkDeleteMixin, admin.ModelAdmin):
    list_display = ("instrument_slug", "number", "status", "published_at", "short_change_note")
    list_display_links = ("instrument_slug", "number")
    list_filter = ("status", "instrument")
    list_select_related = ("instrument",)
    search_fields = ("instrument__slug", "instrument__name", "change_note")
    inlines = [SectionInline, RuleInline, GuidanceInline]
    formfield_overrides = _json_overrides(rows=16)
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
        _content, errors, failures = services.check_publishable(obj)
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
        return _pretty_json(obj.answer_scales)

    @admin.display(description=gettext_lazy("ages"))
    def ages_json(self, obj):
        return _pretty_json(obj.ages)

    @admin.display(description=gettext_lazy("not completed when"))
    def not_completed_json(self, obj):
        return _pretty_json(obj.not_completed)

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
        return _may_remove_from_draft(request, "instrumentversion")

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
        _next_positions(formset, "version")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        version = form.instance
        detail = {"fields": form.changed_data, "rows": _formset_changes(formsets)}
        if change:
            services.record_draft_change(
                version,
                request=request,
                detail=detail,
                summary=_("Draft %(version)s edited in the admin site") % {"version": version},
            )
        else:
            services.refresh_draft(version)
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
            audit.Action.UPDATED,
            obj=obj,
            summary=_("Draft %(version)s deleted in the admin site") % {"version": obj},
            detail={"checksum": obj.checksum},
        )
        super().delete_model(request, obj)

    # -- the version's own pages

    def get_urls(self):
        wrap = self.admin_site.admin_view
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("<int:object_id>/new-draft/", wrap(self.new_draft_view), name=f"{prefix}_new_draft"),
            path("<int:object_id>/publish/", wrap(self.publish_view), name=f"{prefix}_publish"),
            path("<int:object_id>/retire/", wrap(self.retire_view), name=f"{prefix}_retire"),
            path("<int:object_id>/compare/", wrap(self.compare_view), name=f"{prefix}_compare"),
            path("<int:object_id>/export/", wrap(self.export_view), name=f"{prefix}_export"),
        ] + super().get_urls()

    def _url(self, name, version):
        return reverse(
            f"admin:indicators_instrumentversion_{name}", args=[version.pk], current_app=self.admin_site.name
        )

    def _version(self, request, object_id, permission: str) -> InstrumentVersion:
        if not request.user.has_perm(f"indicators.{permission}"):
            raise PermissionDenied
        return get_object_or_404(InstrumentVersion.objects.select_related("instrument"), pk=object_id)

    def _render(self, request, template, version, status=200, **context):
        return TemplateResponse(
            request,
            f"admin/indicators/instrumentversion/{template}",
            status=status,
            context={
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": version,
                "version": version,
                "title": context.pop("title"),
                "change_url": reverse(
                    "admin:indicators_instrumentversion_change",
                    args=[version.pk],
                    current_app=self.admin_site.name,
                ),
                **context,
            },
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

    def new_draft_view(self, request, object_id):
        version = self._version(request, object_id, "add_instrumentversion")
        if request.method == "POST":
            draft = services.new_draft_from(
                version,
                request.user,
                request=request,
                change_note=request.POST.get("change_note", "").strip(),
            )
            messages.success(
                request,
                _("Draft %(draft)s created from version %(number)s. Edit it, then publish it.")
                % {"draft": draft, "number": version.number},
            )
            return redirect("admin:indicators_instrumentversion_change", draft.pk)
        next_number = (version.instrument.versions.aggregate(m=Max("number"))["m"] or 0) + 1
        return self._render(
            request,
            "new_draft.html",
            version,
            next_number=next_number,
            title=_("New draft from %(version)s") % {"version": version},
        )

    def publish_view(self, request, object_id):
        version = self._version(request, object_id, "publish_instrumentversion")
        if version.status != DRAFT:
            messages.error(
                request,
                _("Only a draft can be published; %(version)s is %(status)s.")
                % {"version": version, "status": version.get_status_display()},
            )
            return redirect("admin:indicators_instrumentversion_change", version.pk)
        refused = None
        if request.method == "POST":
            try:
                services.publish(version, request.user, request=request)
            except services.PublishRefused as exc:
                refused = exc
            else:
                messages.success(
                    request,
                    _("%(version)s is published. It will never change; screenings now use it.")
                    % {"version": version.instrument.slug + f" v{version.number}"},
                )
                return redirect("admin:indicators_instrumentversion_change", version.pk)
        _content, errors, failures = services.check_publishable(version)
        if refused is not None:
            errors, failures = refused.errors, refused.vignette_failures
        previous = version.previous()
        comparison = services.compare(previous, version) if previous else None
        return self._render(
            request,
            "publish.html",
            version,
            errors=errors,
            failures=failures,
            refused=refused is not None,
            comparison=comparison,
            vignette_count=len(version.vignettes or []),
            title=_("Publish %(version)s") % {"version": version},
            status=409 if refused else 200,
        )

    def retire_view(self, request, object_id):
        version = self._version(request, object_id, "publish_instrumentversion")
        if version.status != "published":
            messages.error(request, _("Only a published version can be retired."))
            return redirect("admin:indicators_instrumentversion_change", version.pk)
        if request.method == "POST":
            services.retire(version, request.user, request=request)
            messages.success(
                request,
                _("%(slug)s v%(number)s is retired.")
                % {"slug": version.instrument.slug, "number": version.number},
            )
            return redirect("admin:indicators_instrumentversion_change", version.pk)
        return self._render(
            request, "retire.html", version, title=_("Retire %(version)s") % {"version": version}
        )

    def compare_view(self, request, object_id):
        version = self._version(request, object_id, "view_instrumentversion")
        other_id = request.GET.get("with")
        if other_id:
            if not other_id.isdigit():
                raise Http404
            old = get_object_or_404(InstrumentVersion, pk=int(other_id), instrument=version.instrument)
        else:
            old = version.previous()
            if old is None:
                messages.info(
                    request, _("%(version)s has no previous version to compare with.") % {"version": version}
                )
                return redirect("admin:indicators_instrumentversion_change", version.pk)
        comparison = services.compare(old, version)
        others = version.instrument.versions.exclude(pk=version.pk).order_by("-number")
        groups = [
            (_("Items"), comparison.items_added, comparison.items_removed, comparison.items_changed),
            (_("Rules"), comparison.rules_added, comparison.rules_removed, comparison.rules_changed),
            (
                _("Sections"),
                comparison.sections_added,
                comparison.sections_removed,
                comparison.sections_changed,
            ),
            (
                _("Guidance"),
                comparison.guidance_added,
                comparison.guidance_removed,
                comparison.guidance_changed,
            ),
        ]
        return self._render(
            request,
            "compare.html",
            version,
            old=old,
            comparison=comparison,
            groups=groups,
            others=others,
            title=_("Compare %(new)s with %(old)s") % {"new": version, "old": old},
        )

    def export_view(self, request, object_id):
        version = self._version(request, object_id, "export_instrumentversion")
        text = services.export_json(version)
        audit.record(
            request,
            audit.Action.EXPORTED,
            obj=version,
            summary=_("Exported %(file)s") % {"file": version.export_filename},
            detail={"checksum": version.checksum, "status": version.status},
        )
        response = HttpResponse(text, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{version.export_filename}"'
        return response


# --------------------------------------------------------------------------- sections and items


class ItemFormSet(forms.BaseInlineFormSet):
    """Item codes are unique in the whole version, not only in the section."""

    def clean(self):
        super().clean()
        section = self.instance
        if section is None or section.pk is None:
            return
        elsewhere = set(
            Item.objects.filter(version_id=section.version_id)
            .exclude(section=section)
            .values_list("code", flat=True)
        )
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            code = form.cleaned_data.get("code")
            if not code:
                continue
            if code in elsewhere or code in seen:
                form.add_error(
                    "code", _('Item code "%(code)s" is already used in this version.') % {"code": code}
                )
            seen.add(code)


class ItemInline(DraftRowInlineMixin, admin.StackedInline):
    model = Item
    formfield_overrides = _json_overrides(rows=3)
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
class SectionAdmin(NoBulkDeleteMixin, admin.ModelAdmin):
    list_display = ("code", "title", "version", "position")
    list_filter = ("version__status", "version__instrument")
    list_select_related = ("version__instrument",)
    search_fields = ("code", "title", "items__code", "items__text")
    inlines = [ItemInline]
    formfield_overrides = _json_overrides(rows=2)
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
        return _may_remove_from_draft(request, "section")

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        _next_positions(formset, "section")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        section = form.instance
        services.record_draft_change(
            section.version,
            request=request,
            summary=_("Section %(code)s of draft %(version)s edited in the admin site")
            % {"code": section.code, "version": section.version},
            detail={"section": section.code, "fields": form.changed_data, "rows": _formset_changes(formsets)},
        )

    def delete_model(self, request, obj):
        version = obj.version
        super().delete_model(request, obj)
        services.record_draft_change(
            version,
            request=request,
            detail={"deleted_section": obj.code},
            summary=_("Section %(code)s deleted from draft %(version)s")
            % {"code": obj.code, "version": version},
        )


# --------------------------------------------------------------------------- jurisdictions


class JurisdictionInstrumentInline(admin.TabularInline):
    model = JurisdictionInstrument
    fields = ("context", "position", "instrument")
    extra = 0
    ordering = ("context", "position", "id")

    def has_delete_permission(self, request, obj=None):
        return _may_remove_from_draft(request, "jurisdiction")


class JurisdictionForm(forms.ModelForm):
    """A jurisdiction takes effect at once (it is not versioned), so it is checked against the schema
    before it is saved: a malformed mandated report would otherwise reach every screening's outcome.
    Blank reports or definitions mean none (the columns hold an empty list / object, never null).
    """

    class Meta:
        model = Jurisdiction
        fields = ("legal_definitions", "mandated_reports")  # the admin adds its fieldsets' fields

    def clean_legal_definitions(self):
        value = self.cleaned_data.get("legal_definitions")
        return {} if value is None else value

    def clean_mandated_reports(self):
        value = self.cleaned_data.get("mandated_reports")
        return [] if value is None else value

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned  # the fields' own errors first
        value = lambda name: cleaned[name] if name in cleaned else getattr(self.instance, name)  # noqa: E731
        data = {
            "format": JURISDICTION_FORMAT,
            "slug": value("slug"),
            "name": value("name"),
            "deadlines_hours": {key: value(key) for key in DEADLINE_KEYS},
            "oldest_age_served": value("oldest_age_served"),
            "legal_definitions": value("legal_definitions"),
            "mandated_reports": value("mandated_reports"),
            # The inline below edits the contexts; errors about them are left out.
            "contexts": self.instance.contexts_map() if self.instance.pk else {c: [] for c in CONTEXTS},
        }
        for key in ("description", "source"):
            if value(key) is not None:
                data[key] = value(key)
        for error in validate_jurisdiction(data, value("slug") or "jurisdiction"):
            field = _jurisdiction_field(error.path)
            if field in self.fields:
                self.add_error(field, f"{error.path}: {error.message}")
            elif field is not None:
                self.add_error(None, f"{error.path}: {error.message}")
        return cleaned


def _jurisdiction_field(path: str) -> str | None:
    """The form field a schema error's JSON path is about (None: the contexts, checked elsewhere)."""
    parts = path.replace("[", ".").split(".")
    if len(parts) < 2:
        return ""  # the whole jurisdiction: a form-wide error
    if parts[1] == "contexts":
        return None
    if parts[1] == "deadlines_hours" and len(parts) > 2:
        return parts[2]
    return parts[1]


@admin.register(Jurisdiction)
class JurisdictionAdmin(NoBulkDeleteMixin, admin.ModelAdmin):
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
    formfield_overrides = _json_overrides(rows=4)
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
                "rows": _formset_changes(formsets),
                "deadlines_hours": form.instance.deadlines_hours,
            },
        )

    def delete_model(self, request, obj):
        audit.record(
            request,
            audit.Action.UPDATED,
            obj=obj,
            summary=_("Jurisdiction %(slug)s deleted in the admin site") % {"slug": obj.slug},
        )
        super().delete_model(request, obj)
