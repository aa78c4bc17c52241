"""A version's vignettes (issue 18, item 4): the list, one vignette, "Run all"; on a draft, add,
edit and delete, and "Save these answers as a vignette" from the try panel.

Reads and runs are audited as views of the version; every write goes through studio/vignettes.py
(the lifecycle refreshes the draft's content and records the change on the version).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import audit
from indicators import engine
from indicators.exports import current_content
from indicators.models import CONTEXT_CHOICES, DRAFT

from .. import trying
from .. import vignettes as service
from ..access import get_version_for_user
from ..vignette_forms import VignetteForm, proposed

READ_ONLY = "read_only"


def _vignette_or_404(version, vignette_id):
    found = service.find(version, vignette_id)
    if found is None:
        raise Http404
    return found


def _list(request, version, *, report=None, problem="", status=200):
    return render(
        request,
        "studio/vignettes/list.html",
        {
            "version": version,
            "vignettes": service.rows(version),
            "report": report,
            "problem": problem,
        },
        status=status,
    )


def _read_only(request, version):
    problem = _(
        "Version %(number)s is %(status)s: its vignettes never change. Make a new draft to change them."
    ) % {
        "number": version.number,
        "status": version.get_status_display(),
    }
    return _list(request, version, problem=problem, status=409)


def _form_page(request, version, form, *, vignette_id="", problem="", status=200):
    return render(
        request,
        "studio/vignettes/form.html",
        {"version": version, "form": form, "vignette_id": vignette_id, "problem": problem},
        status=status,
    )


@require_safe
def vignette_list(request, pk):
    version = get_version_for_user(request.user, pk)
    audit.record(request, audit.Action.VIEWED, obj=version, summary=_("Vignettes viewed in the studio"))
    return _list(request, version)


@require_POST
def vignettes_run(request, pk):
    version = get_version_for_user(request.user, pk)
    report = service.run_all(version)
    audit.record(
        request,
        audit.Action.VIEWED,
        obj=version,
        summary=_("Vignettes run: %(passed)s passed, %(failed)s failed")
        % {"passed": report.passed, "failed": report.failed},
        detail={
            "event": "vignettes_run",
            "passed": report.passed,
            "failed": report.failed,
            "failing": [r.id for r in report.runs if not r.passed],
        },
    )
    return _list(request, version, report=report)


@require_safe
def vignette(request, pk, vignette):
    version = get_version_for_user(request.user, pk)
    found = _vignette_or_404(version, vignette)
    form = VignetteForm(version=version, vignette=found)
    audit.record(
        request,
        audit.Action.VIEWED,
        obj=version,
        summary=_("Vignette %(id)s viewed in the studio") % {"id": vignette},
    )
    return render(
        request,
        "studio/vignettes/detail.html",
        {
            "version": version,
            "vignette": found,
            "form": form,
            "answers": _answers_in_words(form, found),
            "outcome_text": service.outcome_text(found),
            "context_label": dict(CONTEXT_CHOICES).get(found.get("context"), _("Every context")),
        },
    )


def _answers_in_words(form, found):
    """(section title, [(item label, answer label)]) of the vignette's answers."""
    answers = found.get("answers") or {}
    out = []
    for title, fields in form.answer_sections():
        rows = []
        for field in fields:
            code = field.name[2:]
            if code in answers:
                labels = dict(field.field.choices)
                rows.append(
                    (
                        field.label,
                        labels.get(answers[code], answers[code]),
                        code in (found.get("established") or ()),
                    )
                )
        if rows:
            out.append((title, rows))
    return out


@require_http_methods(["GET", "HEAD", "POST"])
def vignette_add(request, pk):
    version = get_version_for_user(request.user, pk)
    if version.status != DRAFT:
        return _read_only(request, version)
    form = VignetteForm(request.POST if request.method == "POST" else None, version=version)
    if request.method != "POST":
        return _form_page(request, version, form)
    if not form.is_valid():
        return _form_page(
            request, version, form, problem=_("Nothing was saved: correct what is marked."), status=400
        )
    new = form.to_vignette()
    try:
        service.add(version, new, request=request)
    except service.VignetteRefused as exc:
        return _form_page(
            request,
            version,
            form,
            problem=_("Nothing was saved: %(problems)s") % {"problems": "; ".join(exc.problems)},
            status=400,
        )
    messages.success(request, _("Vignette %(id)s added.") % {"id": new["id"]})
    return redirect("studio:vignette", pk=version.pk, vignette=new["id"])


@require_http_methods(["GET", "HEAD", "POST"])
def vignette_edit(request, pk, vignette):
    version = get_version_for_user(request.user, pk)
    found = _vignette_or_404(version, vignette)
    if version.status != DRAFT:
        return _read_only(request, version)
    form = VignetteForm(request.POST if request.method == "POST" else None, version=version, vignette=found)
    if request.method != "POST":
        return _form_page(request, version, form, vignette_id=vignette)
    if not form.is_valid():
        return _form_page(
            request,
            version,
            form,
            vignette_id=vignette,
            problem=_("Nothing was saved: correct what is marked."),
            status=400,
        )
    changed = form.to_vignette()
    try:
        service.edit(version, vignette, changed, request=request)
    except service.VignetteRefused as exc:
        return _form_page(
            request,
            version,
            form,
            vignette_id=vignette,
            problem=_("Nothing was saved: %(problems)s") % {"problems": "; ".join(exc.problems)},
            status=400,
        )
    messages.success(request, _("Vignette %(id)s saved.") % {"id": changed["id"]})
    return redirect("studio:vignette", pk=version.pk, vignette=changed["id"])


@require_POST
def vignette_delete(request, pk, vignette):
    version = get_version_for_user(request.user, pk)
    _vignette_or_404(version, vignette)
    if version.status != DRAFT:
        return _read_only(request, version)
    if request.POST.get("confirm") != "yes":
        return _list(request, version, problem=_("Nothing was deleted: confirm the deletion."), status=400)
    try:
        service.delete(version, vignette, request=request)
    except service.VignetteRefused as exc:
        return _list(request, version, problem="; ".join(exc.problems), status=409)
    messages.success(request, _("Vignette %(id)s deleted.") % {"id": vignette})
    return redirect("studio:vignettes", pk=version.pk)


@require_POST
def vignette_from_try(request, pk):
    """The try panel's answers, age, context and established items as a new vignette's form, the
    outcome the engine gives them proposed as the expected one. Writes nothing: the form posts to
    "add"."""
    version = get_version_for_user(request.user, pk)
    if version.status != DRAFT:
        return _read_only(request, version)
    chooser = trying.PreviewForm(request.POST, version=version)
    chosen = chooser.choice()
    if chosen is None:
        return _list(
            request, version, problem=_("Nothing to save: the answers tried are not valid."), status=400
        )
    screening = trying.preview_screening(version, **chosen)
    established = screening.established
    answers_form = trying.answers_form(screening, request.POST)
    if not answers_form.is_valid():
        return _list(
            request, version, problem=_("Nothing to save: the answers tried are not valid."), status=400
        )
    answers = {**answers_form.answers(), **{code: e["answer"] for code, e in established.items()}}
    if not answers:
        return _list(
            request, version, problem=_("Nothing to save: answer at least one item first."), status=400
        )
    try:
        vignette = proposed(
            version,
            current_content(version),
            answers=answers,
            age=chosen["age"],
            context=chosen["context"],
            established=sorted(established),
        )
    except (engine.AnswerError, engine.ContentError, ValueError):
        return _list(
            request, version, problem=_("Nothing to save: the answers tried are not valid."), status=400
        )
    form = VignetteForm(version=version, vignette=vignette)
    return _form_page(request, version, form)
