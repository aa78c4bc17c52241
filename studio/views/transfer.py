"""Compare two versions, export a version's fixture file, import one (issue 18: the instrument
tasks that were the Django admin's)."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from accounts import audit
from indicators.comparison import compare as compare_versions
from indicators.exports import export_json

from .. import transfer as service
from ..access import get_version_for_user, require_studio


@require_safe
def compare(request, pk):
    version = get_version_for_user(request.user, pk)
    others = list(
        version.instrument.versions.exclude(pk=version.pk)
        .only("pk", "number", "status", "instrument_id")
        .order_by("-number")
    )
    other_id = request.GET.get("with")
    old = None
    problem = ""
    if other_id:
        old = next((o for o in others if str(o.pk) == other_id), None)
        if old is None:
            problem = _("Choose one of this instrument's other versions.")
    else:
        old = next((o for o in others if o.number < version.number), others[0] if others else None)
    comparison = None
    if old is not None:
        old.instrument = version.instrument
        comparison = compare_versions(old, version)
        audit.record(
            request,
            audit.Action.VIEWED,
            obj=version,
            summary=_("Compared in the studio with version %(number)s") % {"number": old.number},
            detail={"event": "compared", "with": old.number},
        )
    groups = []
    if comparison is not None:
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
                _("Guidance actions"),
                comparison.guidance_added,
                comparison.guidance_removed,
                comparison.guidance_changed,
            ),
        ]
    return render(
        request,
        "studio/compare.html",
        {
            "version": version,
            "old": old,
            "others": others,
            "comparison": comparison,
            "groups": groups,
            "problem": problem,
        },
        status=400 if problem else 200,
    )


@require_safe
def export(request, pk):
    version = get_version_for_user(request.user, pk)
    response = HttpResponse(export_json(version), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{version.export_filename}"'
    audit.record(
        request,
        audit.Action.EXPORTED,
        obj=version,
        summary=_("Exported from the studio as %(file)s") % {"file": version.export_filename},
        detail={"event": "exported", "file": version.export_filename, "checksum": version.checksum},
    )
    return response


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fixture file (JSON)"),
        error_messages={
            "required": gettext_lazy("Choose a version's fixture file (.json) to import."),
            "empty": gettext_lazy("The file is empty."),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def import_file(request):
    require_studio(request.user)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    context = {"form": form, "imported": None, "max_mb": service.MAX_BYTES // (1024 * 1024)}
    if request.method != "POST":
        return render(request, "studio/import.html", context)
    if not form.is_valid():
        return render(request, "studio/import.html", context, status=400)
    upload = form.cleaned_data["file"]
    if upload.size > service.MAX_BYTES:
        raw = b"x" * (service.MAX_BYTES + 1)  # refused by size, without reading it all
    else:
        raw = upload.read()
    imported = service.import_file(upload.name[:200], raw, request=request)
    if imported.version is None:
        audit.record(
            request,
            audit.Action.VIEWED,
            summary=_("File refused by the studio's import: %(file)s") % {"file": imported.name},
            detail={"event": "import_refused", "file": imported.name, "problems": len(imported.problems)},
        )
        context["imported"] = imported
        return render(request, "studio/import.html", context, status=400)
    messages.success(
        request,
        _("%(file)s imported: %(slug)s version %(number)s (%(status)s).")
        % {
            "file": imported.name,
            "slug": imported.version.instrument.slug,
            "number": imported.version.number,
            "status": imported.version.get_status_display(),
        },
    )
    return redirect("studio:version", pk=imported.version.pk)
