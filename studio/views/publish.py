"""Publishing from the studio (issue 18, items 5-6): the "Publish…" page of a draft (change note,
comparison, vignette run, impact), the request a second instrument administrator approves or
sends back, and the retirement of a published version. The writes are in studio/publication.py."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import audit
from indicators import lifecycle
from indicators.models import DRAFT, PUBLISHED

from .. import publication, publish_words
from ..access import get_version_for_user
from ..publish_forms import DecisionForm, PublishForm, RetireForm

TEMPLATES = "studio/publish/"


def _render(request, template, version, status=200, **context):
    return render(
        request,
        TEMPLATES + template,
        {"version": version, "needs_approval": publication.needs_approval(), **context},
        status=status,
    )


def _posted(request):
    """The posted data (an empty post is a bound, invalid form), or None for a read."""
    return request.POST if request.method == "POST" else None


def _form_problem(form) -> str:
    errors = " ".join(str(e) for field_errors in form.errors.values() for e in field_errors)
    return _("Nothing was done: %(errors)s") % {"errors": errors}


def _refused(exc: lifecycle.PublishRefused) -> str:
    return _("Publishing was refused; nothing was changed: %(problems)s") % {
        "problems": "; ".join(exc.messages)
    }


@require_http_methods(["GET", "HEAD", "POST"])
def publish(request, pk):
    version = get_version_for_user(request.user, pk)
    if version.status != DRAFT:
        status = 409 if request.method == "POST" else 200
        return _render(request, "not_draft.html", version, status=status)
    asked = publication.open_request(version)
    if asked is not None:
        return redirect("studio:publication", pk=version.pk)
    form = PublishForm(
        _posted(request), initial={"change_note": version.change_note or "", "confirm": "publish"}
    )
    problem, status = "", 200
    if request.method == "POST":
        if not form.is_valid():
            problem, status = _form_problem(form), 400
        else:
            facts = publish_words.facts(version)
            data = form.cleaned_data
            args = {
                "request": request,
                "version": version,
                "change_note": data["change_note"],
                "justification": data["justification"],
                "report": facts["report"],
            }
            try:
                if publication.needs_approval():
                    publication.request_publication(**args)
                    messages.success(
                        request, _("Publication requested: another instrument administrator approves it.")
                    )
                    return redirect("studio:publication", pk=version.pk)
                publication.publish_now(**args)
            except publication.PublicationError as exc:
                problem, status = str(exc), 400
            except lifecycle.PublishRefused as exc:
                problem, status = _refused(exc), 409
            else:
                messages.success(request, _("Published. It will never change; new screenings use it."))
                return redirect("studio:version", pk=version.pk)
            return _render(
                request, "publish.html", version, status=status, form=form, problem=problem, **facts
            )
    facts = publish_words.facts(version)
    audit.record(
        request,
        audit.Action.VIEWED,
        obj=version,
        summary=_("Publication page viewed in the studio"),
        detail={"rescored": facts["report"].counts.rescored, "changed": facts["report"].counts.changed},
    )
    return _render(request, "publish.html", version, status=status, form=form, problem=problem, **facts)


@require_http_methods(["GET", "HEAD", "POST"])
def publication_request(request, pk):
    """The draft's open request: read by both administrators; approved or sent back by the other,
    withdrawn by its author."""
    version = get_version_for_user(request.user, pk)
    asked = publication.open_request(version)
    if asked is None:
        return redirect("studio:publish" if version.status == DRAFT else "studio:version", pk=version.pk)
    form = DecisionForm(_posted(request), initial={"request": asked.pk})
    problem, status = "", 200
    if request.method == "POST":
        problem, status = _decide(request, version, form)
        if not problem:
            return redirect("studio:version", pk=version.pk)
    facts = publish_words.facts(version)
    if request.method != "POST":
        audit.record(
            request,
            audit.Action.VIEWED,
            obj=version,
            summary=_("Publication request read in the studio"),
            detail={"request": asked.pk},
        )
    return _render(
        request,
        "request.html",
        version,
        status=status,
        asked=asked,
        form=form,
        problem=problem,
        own=asked.requested_by_id == request.user.pk,
        stale=publication.draft_checksum(version) != asked.checksum,
        asked_impact=publish_words.impact_words(asked.impact, facts["reasons"]),
        **facts,
    )


def _decide(request, version, form: DecisionForm) -> tuple[str, int]:
    """('', 200) when done (with its message), else (the problem, the status)."""
    if not form.is_valid():
        return _form_problem(form), 400
    decision, pk = form.cleaned_data["decision"], form.cleaned_data["request"]
    if decision == DecisionForm.REFUSE and not form.cleaned_data["comment"].strip():
        form.add_error("comment", _("Write a comment: it tells the author what to change."))
        return _form_problem(form), 400
    try:
        if decision == DecisionForm.APPROVE:
            publication.approve(request=request, version=version, request_pk=pk)
            messages.success(
                request, _("Approved and published. It will never change; new screenings use it.")
            )
        elif decision == DecisionForm.REFUSE:
            publication.send_back(
                request=request, version=version, request_pk=pk, comment=form.cleaned_data["comment"]
            )
            messages.success(
                request, _("Sent back to its author with your comment. The draft stays a draft.")
            )
        else:
            publication.withdraw(request=request, version=version, request_pk=pk)
            messages.success(request, _("Your request is withdrawn. The draft stays a draft."))
    except publication.PublicationError as exc:
        return str(exc), 409
    except lifecycle.PublishRefused as exc:
        return _refused(exc), 409
    return "", 200


@require_http_methods(["GET", "HEAD", "POST"])
def retire(request, pk):
    version = get_version_for_user(request.user, pk)
    if version.status != PUBLISHED:
        return _render(
            request, "not_published.html", version, status=409 if request.method == "POST" else 200
        )
    form = RetireForm(_posted(request), initial={"confirm": "retire"})
    if request.method == "POST":
        if form.is_valid():
            try:
                publication.retire(request=request, version=version)
            except lifecycle.LifecycleError as exc:
                return _render(request, "retire.html", version, status=409, form=form, problem=str(exc))
            messages.success(request, _("Retired. New screenings no longer use it; old ones keep it."))
            return redirect("studio:version", pk=version.pk)
        return _render(request, "retire.html", version, status=400, form=form, problem=_form_problem(form))
    return _render(request, "retire.html", version, form=form, problem="")
