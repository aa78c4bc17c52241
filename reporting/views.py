"""The agency's figures: the report page, its CSV, its JSON (for the data warehouse) and its PDF.

Who may see figures, and of which teams, is reporting/scope.py; the permission is
`reporting.view_figures` (rules.py). Anyone without it gets a 404, like a record out of scope.
Every view, export and print is an audit event (no case: figures name no youth).
"""

import json

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import audit
from screening import pdf

from . import exports, figures
from .forms import ReportForm


def _form(request) -> ReportForm:
    if not request.user.has_perm("reporting.view_figures"):
        raise Http404("No such page.")
    return ReportForm(request.GET, user=request.user)


def _detail(form: ReportForm, fmt: str) -> dict:
    return {"period": form.chosen_period.key, "scope": form.chosen_scope.key, "format": fmt}


def _no_store(response):
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, private=True)
    return response


@require_GET
def report(request):
    form = _form(request)
    if request.htmx and request.htmx.target == "team-matches":
        # "Find a team" as it is typed: only the teams found, no figures (nothing to audit).
        form.is_valid()
        response = render(request, "reporting/_team_matches.html", {"form": form})
        patch_vary_headers(response, ("HX-Request", "HX-Target"))
        return response
    if not form.is_valid():
        return render(request, "reporting/report.html", {"form": form, "section": "reports"}, status=400)
    result = figures.build(form.chosen_period, form.chosen_scope.team_ids)
    audit.record(
        request, audit.Action.VIEWED, summary=_("Agency figures viewed"), detail=_detail(form, "page")
    )
    context = {
        "form": form,
        "report": result,
        "scope": form.chosen_scope,
        "query": form.query(),
        "threshold": exports.threshold(),
        "section": "reports",
    }
    return render(request, "reporting/report.html", context)


def _refused(form: ReportForm) -> HttpResponse:
    problems = [str(e) for errors in form.errors.values() for e in errors]
    return HttpResponse("\n".join(problems), status=400, content_type="text/plain; charset=utf-8")


@require_GET
def report_csv(request):
    form = _form(request)
    if not form.is_valid():
        return _refused(form)
    result = figures.build(form.chosen_period, form.chosen_scope.team_ids)
    body = exports.as_csv(result, form.chosen_scope)
    audit.record(
        request,
        audit.Action.EXPORTED,
        summary=_("Agency figures exported (CSV)"),
        detail=_detail(form, "csv"),
    )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="figures-{form.chosen_period.key}.csv"'
    return _no_store(response)


@require_GET
def report_json(request):
    form = _form(request)
    if not form.is_valid():
        return _no_store(JsonResponse({"errors": json.loads(form.errors.as_json())}, status=400))
    result = figures.build(form.chosen_period, form.chosen_scope.team_ids)
    body = exports.as_json(result, form.chosen_scope)
    audit.record(
        request,
        audit.Action.EXPORTED,
        summary=_("Agency figures exported (JSON)"),
        detail=_detail(form, "json"),
    )
    return _no_store(JsonResponse(body, json_dumps_params={"ensure_ascii": False}))


@require_GET
def report_pdf(request):
    form = _form(request)
    if not form.is_valid():
        return _refused(form)
    result = figures.build(form.chosen_period, form.chosen_scope.team_ids)
    title = _("Agency figures: %(period)s") % {"period": form.chosen_period.label}
    context = {
        **pdf.print_context(
            request,
            title=title,
            running_title=title,
            confidential=_(
                "INTERNAL: the agency's figures, no youth named. A small count can still point to a "
                "youth; share it only inside the agency."
            ),
        ),
        "report": result,
        "printed_rows": exports.rows_for_print(result),
        "scope": form.chosen_scope,
        "threshold": exports.threshold(),
        "fewer_than": exports.fewer_than(),
    }
    document, pages = pdf.render_pdf("pdf/report.html", context, request)
    audit.record(
        request,
        audit.Action.PRINTED,
        summary=_("Agency figures printed (PDF)"),
        detail={**_detail(form, "pdf"), "pages": pages},
    )
    response = HttpResponse(document, content_type="application/pdf")
    name = f"figures-{form.chosen_period.key}-{timezone.localdate():%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return _no_store(response)
