"""Pages of the screening workflow. Thin: lookups through the access helpers, writes in services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts import audit
from cases.access import can_edit_case, get_case_for_user
from indicators import engine

from . import presenters, review, services
from .access import can_screen, get_action_for_user, get_screening_for_user
from .forms import (
    AddendumForm,
    AnswersForm,
    CloseActionForm,
    DeterminationForm,
    ReopenActionForm,
    ResponseForm,
    SettingForm,
    StartForm,
)
from .presenters import answers_by_section as _answers_by_section


def _require_screener(user, case):
    if not can_screen(user, case):
        raise PermissionDenied


# --------------------------------------------------------------------------- start


def start(request, case_pk):
    case = get_case_for_user(request.user, case_pk)
    if not can_edit_case(request.user, case):
        raise PermissionDenied
    if case.status != case.Status.OPEN:
        messages.error(request, _("This case is closed; reopen it to screen the youth."))
        return redirect(case)
    try:
        jurisdiction = services.current_jurisdiction()
    except services.ScreeningError as error:
        return render(
            request, "screening/unavailable.html", {"case": case, "message": error.message}, status=503
        )
    # Only the instruments used with a youth of this age (an interview has a minimum age).
    age = services.youth_age(case)
    versions_by_context = {
        context: [v for v in jurisdiction.versions_for(context) if engine.offered_at_age(v.content, age)]
        for context, _label in StartForm.base_fields["context"].choices
    }
    initial = {}
    if request.method == "GET":
        initial = {key: request.GET[key] for key in ("context", "episode") if key in request.GET}
    form = StartForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        case=case,
        versions_by_context=versions_by_context,
    )
    if request.method == "POST" and form.is_valid():
        try:
            screening = services.start_screening(
                request=request,
                case=case,
                context=form.cleaned_data["context"],
                version=form.cleaned_data["version_obj"],
                episode=form.cleaned_data["episode"],
            )
        except services.ScreeningError as error:
            form.add_error(None, error.message)
        else:
            return redirect(screening)
    if request.method == "GET":
        audit.record(request, audit.Action.VIEWED, case=case, obj=case, detail={"page": "start screening"})
    return render(
        request,
        "screening/start.html",
        {
            "case": case,
            "form": form,
            "jurisdiction": jurisdiction,
            "versions_by_context": versions_by_context,
            "drafts": case.screenings.drafts().select_related("instrument_version__instrument", "created_by"),
        },
    )


# --------------------------------------------------------------------------- one screening


def detail(request, pk):
    screening = get_screening_for_user(request.user, pk)
    case = screening.case
    audit.record(request, audit.Action.VIEWED, case=case, obj=screening)
    if screening.is_draft:
        if screening.is_interview and not screening.setting_confirmed:
            return _setting_page(request, screening, SettingForm(case=case))
        return _form_page(request, screening, AnswersForm(screening=screening))
    return _result_page(request, screening)


def _setting_page(request, screening, form, status=200):
    return render(
        request,
        "screening/setting.html",
        {
            "screening": screening,
            "case": screening.case,
            "form": form,
            "can_screen": can_screen(request.user, screening.case),
        },
        status=status,
    )


def _form_page(request, screening, form, *, conflict=None, missing=None, status=200):
    return render(
        request,
        "screening/form.html",
        {
            "screening": screening,
            "case": screening.case,
            "form": form,
            "conflict": conflict,
            "missing": missing,
            "can_screen": can_screen(request.user, screening.case),
        },
        status=status,
    )


def _result_page(
    request, screening, *, determination_form=None, action_forms=None, response_form=None, status=200
):
    if screening.has_outcome:
        return _outcome_page(
            request,
            screening,
            determination_form=determination_form,
            action_forms=action_forms,
            response_form=response_form,
            status=status,
        )
    case = screening.case
    actions = list(screening.actions.select_related("closed_by"))
    action_forms = action_forms or {}
    for action in actions:
        action.form = action_forms.get(action.pk) or CloseActionForm(action=action)
        action.reopen_form = ReopenActionForm(action=action)
    addenda = presenters.addenda(screening)
    answers_by_section = _answers_by_section(screening, addenda)
    outcome = presenters.outcome(screening, addenda)
    return render(
        request,
        "screening/result.html",
        {
            "screening": screening,
            "case": case,
            "actions": actions,
            "addenda": addenda,
            "outcome": outcome,
            "answers_by_section": answers_by_section,
            "determination_form": determination_form or DeterminationForm(screening=screening),
            "can_screen": can_screen(request.user, case),
            "follow_ups": list(screening.follow_ups.select_related("instrument_version__instrument")),
            "follow_up_version": (
                services.follow_up_version(screening)
                if outcome and (outcome.tier2_recommended or outcome.level != "none")
                else None
            ),
            "contacts": _hotline_contacts(actions),
            "fired_rules": outcome.fired_rules if outcome else [],
            "history": review.history(screening),
            "response_form": response_form or ResponseForm(),
            "can_review": review.can_review(request.user, screening),
        },
        status=status,
    )


def _outcome_page(
    request, screening, *, determination_form=None, action_forms=None, response_form=None, status=200
):
    """One page per screening, whichever tier's address was opened: the outcome over its tiers."""
    root = screening.root
    case = root.case
    outcome = presenters.outcome_view(root)
    actions = presenters.checklist(root, outcome)
    action_forms = action_forms or {}
    for action in actions:
        action.form = action_forms.get(action.pk) or CloseActionForm(action=action)
        action.reopen_form = ReopenActionForm(action=action)
    allowed = can_screen(request.user, case)
    return render(
        request,
        "screening/outcome.html",
        {
            "screening": screening,
            "root": root,
            "case": case,
            "outcome": outcome,
            "actions": actions,
            "contacts": _hotline_contacts(actions),
            "determination_form": determination_form or DeterminationForm(screening=root),
            "can_screen": allowed,
            "drafts": list(root.follow_ups.drafts().select_related("instrument_version__instrument")),
            "follow_up_version": services.follow_up_version(root) if allowed else None,
            "history": review.history(root),
            "response_form": response_form or ResponseForm(),
            "can_review": review.can_review(request.user, root),
        },
        status=status,
    )


def _hotline_contacts(actions):
    """Phone numbers of the checklist, once each, for the box beside the result."""
    seen, out = set(), []
    for action in actions:
        for contact in action.contacts:
            key = (contact.get("name"), contact.get("phone"), contact.get("text"))
            if (contact.get("phone") or contact.get("text")) and key not in seen:
                seen.add(key)
                out.append(contact)
    return out


@require_POST
def setting(request, pk):
    screening = get_screening_for_user(request.user, pk)
    _require_screener(request.user, screening.case)
    form = SettingForm(request.POST, case=screening.case)
    if not screening.is_draft:
        return redirect(screening)
    if not form.is_valid():
        return _setting_page(request, screening, form, status=400)
    services.confirm_setting(
        request=request,
        screening=screening,
        private=True,
        confidentiality=True,
        purpose=True,
        interpreter=form.cleaned_data["interpreter"],
    )
    return redirect(screening)


def _wants_json(request) -> bool:
    return request.headers.get("X-Autosave") == "1"


@require_POST
def save(request, pk):
    """ "Save draft" and the autosave (JSON when the request says X-Autosave)."""
    screening = get_screening_for_user(request.user, pk)
    _require_screener(request.user, screening.case)
    if not screening.is_draft:
        message = _("This screening was submitted; it can no longer be changed.")
        if _wants_json(request):
            return JsonResponse(
                {"ok": False, "submitted": True, "message": message, "url": screening.get_absolute_url()},
                status=409,
            )
        messages.info(request, message)
        return redirect(screening)
    form = AnswersForm(request.POST, screening=screening)
    if not form.is_valid():
        if _wants_json(request):
            return JsonResponse(
                {
                    "ok": False,
                    "message": _("Some answers could not be saved: %(errors)s")
                    % {"errors": form.error_summary()},
                },
                status=400,
            )
        return _form_page(request, screening, form, status=400)
    try:
        saved = services.save_draft(
            request=request,
            screening=screening,
            answers=form.answers(),
            notes=form.notes(),
            version=form.cleaned_data["version"],
        )
    except services.DraftConflict as conflict:
        return _conflict_response(request, screening, form, conflict)
    except services.ScreeningError as error:
        return _refused(request, screening, error)
    if _wants_json(request):
        return JsonResponse(
            {
                "ok": True,
                "version": saved.version,
                "saved_at": timezone.localtime(saved.updated_at).strftime("%H:%M:%S"),
            }
        )
    messages.success(request, _("Draft saved."))
    return redirect(saved)


def _conflict_response(request, screening, form, conflict):
    html = render_to_string("screening/_conflict.html", {"conflict": conflict}, request=request)
    if _wants_json(request):
        return JsonResponse(
            {"ok": False, "conflict": True, "version": conflict.current.version, "html": html}, status=409
        )
    # Keep the person's answers in the form; saving again (with the new version) replaces the saved ones.
    data = request.POST.copy()
    data["version"] = str(conflict.current.version)
    return _form_page(
        request,
        conflict.current,
        AnswersForm(data, screening=conflict.current),
        conflict=conflict,
        status=409,
    )


def _refused(request, screening, error):
    if _wants_json(request):
        return JsonResponse({"ok": False, "message": error.message}, status=409)
    messages.error(request, error.message)
    return redirect(screening)


@require_POST
def submit(request, pk):
    screening = get_screening_for_user(request.user, pk)
    _require_screener(request.user, screening.case)
    if not screening.is_draft:
        messages.info(request, _("This screening was already submitted."))
        return redirect(screening)
    form = AnswersForm(request.POST, screening=screening)
    if not form.is_valid():
        return _form_page(request, screening, form, status=400)
    try:
        saved = services.save_draft(
            request=request,
            screening=screening,
            answers=form.answers(),
            notes=form.notes(),
            version=form.cleaned_data["version"],
        )
        submitted = services.submit(request=request, screening=saved, version=saved.version)
    except services.DraftConflict as conflict:
        return _conflict_response(request, screening, form, conflict)
    except services.Incomplete as incomplete:
        saved.refresh_from_db()
        return _form_page(
            request, saved, AnswersForm(screening=saved), missing=incomplete.missing, status=400
        )
    except services.ScreeningError as error:
        return _refused(request, screening, error)
    messages.success(request, _("Screening submitted."))
    return redirect(submitted)


@require_POST
def determination(request, pk):
    screening = get_screening_for_user(request.user, pk)
    if screening.has_outcome:
        screening = screening.root  # the determination is of the screening's outcome
    _require_screener(request.user, screening.case)
    if screening.is_draft:
        messages.error(request, _("Submit the screening before recording your determination."))
        return redirect(screening)
    form = DeterminationForm(request.POST, screening=screening)
    if not form.is_valid():
        return _result_page(request, screening, determination_form=form, status=400)
    try:
        services.record_determination(
            request=request,
            screening=screening,
            determination=form.cleaned_data["determination"],
            level=form.cleaned_data.get("level") or "",
            reason=form.cleaned_data.get("reason", "").strip(),
        )
    except services.ScreeningError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your determination is recorded."))
    return redirect(screening)


@require_POST
def follow_up(request, pk):
    screening = get_screening_for_user(request.user, pk)
    _require_screener(request.user, screening.case)
    try:
        follow = services.start_follow_up(request=request, screening=screening)
    except services.ScreeningError as error:
        messages.error(request, error.message)
        return redirect(screening)
    return redirect(follow)


def addendum(request, pk):
    screening = get_screening_for_user(request.user, pk)
    _require_screener(request.user, screening.case)
    if screening.is_draft:
        messages.info(request, _("A draft is corrected by editing it."))
        return redirect(screening)
    form = AddendumForm(request.POST if request.method == "POST" else None, screening=screening)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.add_addendum(
                request=request,
                screening=screening,
                body=form.cleaned_data["body"].strip(),
                corrections=form.corrections(),
            )
        except services.ScreeningError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Addendum added. The original screening is kept as it was."))
            if added.new_actions:
                messages.warning(
                    request,
                    ngettext(
                        "The corrected answers call for %(count)d more action; it is on the checklist.",
                        "The corrected answers call for %(count)d more actions; they are on the checklist.",
                        len(added.new_actions),
                    )
                    % {"count": len(added.new_actions)},
                )
            if added.sent_to_review:
                messages.info(
                    request,
                    _("The correction raised the level: the screening goes to your supervisor for review."),
                )
            return redirect(screening)
    if request.method == "GET":
        audit.record(
            request, audit.Action.VIEWED, case=screening.case, obj=screening, detail={"page": "addendum"}
        )
    return render(
        request, "screening/addendum.html", {"screening": screening, "case": screening.case, "form": form}
    )


# --------------------------------------------------------------------------- checklist


@require_POST
def action_close(request, pk):
    action = get_action_for_user(request.user, pk)
    screening = get_screening_for_user(request.user, action.screening_id)
    _require_screener(request.user, screening.case)
    form = CloseActionForm(request.POST, action=action)
    if not form.is_valid():
        messages.error(
            request, _("The action “%(title)s” was not closed; see below.") % {"title": action.title}
        )
        return _result_page(request, screening, action_forms={action.pk: form}, status=400)
    try:
        services.close_action(
            request=request,
            action=action,
            status=form.cleaned_data["status"],
            done_at=form.cleaned_data.get("done_at"),
            reference=form.cleaned_data.get("reference", "").strip(),
            reason=form.cleaned_data.get("reason", "").strip(),
            version=form.cleaned_data["version"],
        )
    except services.ScreeningError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("“%(title)s” is closed.") % {"title": action.title})
    return redirect(_next_or(request, f"{screening.get_absolute_url()}#action-{action.pk}"))


@require_POST
def action_reopen(request, pk):
    action = get_action_for_user(request.user, pk)
    _require_screener(request.user, action.screening.case)
    form = ReopenActionForm(request.POST, action=action)
    if not form.is_valid():
        errors = "; ".join(" ".join(e) for e in form.errors.values())
        messages.error(
            request, _("“%(title)s” was not reopened: %(errors)s") % {"title": action.title, "errors": errors}
        )
    else:
        try:
            services.reopen_action(
                request=request,
                action=action,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except services.ScreeningError as error:
            messages.error(request, error.message)
        else:
            messages.info(request, _("“%(title)s” is open again.") % {"title": action.title})
    return redirect(f"{action.screening.get_absolute_url()}#action-{action.pk}")


def _next_or(request, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
