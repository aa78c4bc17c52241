"""The pages of one instrument version besides its change form: new draft, publish, retire,
compare and export.

versions.py wires them into the admin site (``InstrumentVersionAdmin.get_urls``, behind the admin
site's login) and passes its ``model_admin`` for the page context. Each page checks its
own permission; every change goes through indicators/lifecycle.py, which audits it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import audit

from .. import lifecycle
from ..comparison import compare
from ..exports import export_json
from ..models import DRAFT, InstrumentVersion


def new_draft_view(request, object_id, *, model_admin):
    version = _version(request, object_id, "add_instrumentversion")
    if request.method == "POST":
        draft = lifecycle.new_draft_from(
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
    return _render(
        model_admin,
        request,
        "new_draft.html",
        version,
        next_number=next_number,
        title=_("New draft from %(version)s") % {"version": version},
    )


def publish_view(request, object_id, *, model_admin):
    version = _version(request, object_id, "publish_instrumentversion")
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
            lifecycle.publish(version, request.user, request=request)
        except lifecycle.PublishRefused as exc:
            refused = exc
        else:
            messages.success(
                request,
                _("%(version)s is published. It will never change; screenings now use it.")
                % {"version": version.instrument.slug + f" v{version.number}"},
            )
            return redirect("admin:indicators_instrumentversion_change", version.pk)
    _content, errors, failures = lifecycle.check_publishable(version)
    if refused is not None:
        errors, failures = refused.errors, refused.vignette_failures
    previous = version.previous()
    comparison = compare(previous, version) if previous else None
    return _render(
        model_admin,
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


def retire_view(request, object_id, *, model_admin):
    version = _version(request, object_id, "publish_instrumentversion")
    if version.status != "published":
        messages.error(request, _("Only a published version can be retired."))
        return redirect("admin:indicators_instrumentversion_change", version.pk)
    if request.method == "POST":
        lifecycle.retire(version, request.user, request=request)
        messages.success(
            request,
            _("%(slug)s v%(number)s is retired.")
            % {"slug": version.instrument.slug, "number": version.number},
        )
        return redirect("admin:indicators_instrumentversion_change", version.pk)
    return _render(
        model_admin, request, "retire.html", version, title=_("Retire %(version)s") % {"version": version}
    )


def compare_view(request, object_id, *, model_admin):
    version = _version(request, object_id, "view_instrumentversion")
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
    comparison = compare(old, version)
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
    return _render(
        model_admin,
        request,
        "compare.html",
        version,
        old=old,
        comparison=comparison,
        groups=groups,
        others=others,
        title=_("Compare %(new)s with %(old)s") % {"new": version, "old": old},
    )


def export_view(request, object_id, *, model_admin):
    version = _version(request, object_id, "export_instrumentversion")
    text = export_json(version)
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


# --------------------------------------------------------------------------- helpers


def _version(request, object_id, permission: str) -> InstrumentVersion:
    if not request.user.has_perm(f"indicators.{permission}"):
        raise PermissionDenied
    return get_object_or_404(InstrumentVersion.objects.select_related("instrument"), pk=object_id)


def _render(model_admin, request, template, version, status=200, **context):
    return TemplateResponse(
        request,
        f"admin/indicators/instrumentversion/{template}",
        status=status,
        context={
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "original": version,
            "version": version,
            "title": context.pop("title"),
            "change_url": reverse(
                "admin:indicators_instrumentversion_change",
                args=[version.pk],
                current_app=model_admin.admin_site.name,
            ),
            **context,
        },
    )
