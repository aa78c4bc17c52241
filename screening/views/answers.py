"""Starting a screening and answering it: the start page, a draft (the interview's setting
checklist first, then the questions), saving a draft (and the autosave), submitting it; and the
interview mode, for answering with the youth beside the screen.

The interview mode is kept in the caseworker's session, by screening id: it is how this person's
screen shows one screening, not a fact about the screening (a supervisor opening it elsewhere sees
it as usual), and it survives reloads, the autosave and a second tab of the same session. While it
is on, a draft shows one section at a time with no level, case details or navigation, and a
submitted screening shows a neutral "Thank you" page instead of its result, until the caseworker
leaves the mode deliberately (a confirmation step)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap, retarget, trigger_client_event

from accounts import audit
from cases.access import get_case_for_user
from indicators import engine

from .. import services
from ..access import get_screening_for_user
from ..forms import AnswersForm, SettingForm, StartForm
from ..interview_mode import in_interview_mode, set_interview_mode, tier_in_interview_mode
from .fragments import login_required_htmx
from .results import result_page


def start(request, case_pk):
    case = get_case_for_user(request.user, case_pk)
    # Not screen_case (change_case on an open case): a closed case is told so, not refused.
    if not request.user.has_perm("cases.change_case", case):
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
                language=form.cleaned_data.get("language") or None,
            )
        except services.ScreeningError as error:
            form.add_error(None, error.message)
        else:
            return redirect(screening)
    audit.shown(request, case=case, obj=case, page="start screening")
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


def detail(request, pk):
    screening = get_screening_for_user(request.user, pk)
    case = screening.case
    interview = in_interview_mode(request, screening)
    if not interview:
        # Another tier of this screening is on the youth's screen: that one, not this result.
        other = tier_in_interview_mode(request, screening)
        if other is not None:
            return redirect(other)
    shown = {"page": "interview mode"} if interview else None
    audit.record(request, audit.Action.VIEWED, case=case, obj=screening, detail=shown)
    if screening.is_draft:
        if screening.is_interview and not screening.setting_confirmed:
            return _setting_page(request, screening, SettingForm(case=case))
        return _form_page(request, screening, AnswersForm(screening=screening))
    if interview:
        # Submitted with the youth beside the screen: no level until the caseworker leaves the mode.
        return render(request, "screening/interview/thanks.html", {"screening": screening, "case": case})
    return result_page(request, screening)


def _setting_page(request, screening, form, status=200):
    if request.method == "POST":  # shown again after refused input (detail() audits the first)
        audit.shown(request, case=screening.case, obj=screening, page="interview setting")
    return render(
        request,
        "screening/setting.html",
        {
            "screening": screening,
            "case": screening.case,
            "form": form,
        },
        status=status,
    )


def _form_page(request, screening, form, *, conflict=None, missing=None, status=200):
    interview = in_interview_mode(request, screening)
    if request.method == "POST":  # shown again after refused input (detail() audits the first)
        page = "interview mode" if interview else "screening form"
        audit.shown(request, case=screening.case, obj=screening, page=page)
    context = {
        "screening": screening,
        "case": screening.case,
        "form": form,
        "conflict": conflict,
        "missing": missing,
    }
    if not interview:
        return render(request, "screening/form.html", context, status=status)
    # One section at a time: the one asked for (?section=), else the first item left to answer
    # after a refused submission, else the first.
    blocks = form.bound_sections()
    for block in blocks:  # the items' help, folded with the section's intro (for the caseworker)
        rows = [row for row in block["rows"] if "established" not in row and row["item"].get("help")]
        block["guidance"] = [(row["item"]["text"], row["item"]["help"]) for row in rows]
    codes = [block["section"]["code"] for block in blocks]
    current = request.GET.get("section") or request.POST.get("section")
    if missing:
        first = missing[0]["code"]
        current = next(
            (b["section"]["code"] for b in blocks for r in b["rows"] if r["item"]["code"] == first), ""
        )
    context["current_section"] = current if current in codes else (codes[0] if codes else "")
    return render(request, "screening/interview/form.html", context, status=status)


def _section_url(screening, code) -> str:
    """The draft's page at one section (interview mode), for a known section code; else the page."""
    url = screening.get_absolute_url()
    if code and code in {section["code"] for section in screening.sections()}:
        return f"{url}?{urlencode({'section': code})}"
    return url


@require_POST
def setting(request, pk):
    screening = get_screening_for_user(request.user, pk)
    if not request.user.has_perm("screening.screen_case", screening.case):
        raise PermissionDenied
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


@login_required_htmx(kept=True)
@require_POST
def save(request, pk):
    """ "Save draft" (a plain post: back to the form) and the autosave (htmx: a fragment, the
    status line or the conflict; the form's answers stay as they are in the page)."""
    screening = get_screening_for_user(request.user, pk)
    if not request.user.has_perm("screening.screen_case", screening.case):
        raise PermissionDenied
    if not screening.is_draft:
        message = _("This screening was submitted; it can no longer be changed.")
        if request.htmx:
            response = _autosave_status(request, message, url=screening.get_absolute_url(), status=409)
            return trigger_client_event(response, "autosave-submitted")
        messages.info(request, message)
        return redirect(screening)
    form = AnswersForm(request.POST, screening=screening)
    if not form.is_valid():
        if request.htmx:
            message = _("Some answers could not be saved: %(errors)s") % {"errors": form.error_summary()}
            return _autosave_status(request, message, status=400)
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
    if request.htmx:
        # The status line, and the version the next save is based on (out of band).
        return render(request, "screening/_autosave_saved.html", {"screening": saved, "form": form})
    section = request.POST.get("section")
    if section:  # "Previous/Next section" of the interview mode, without JavaScript: saved, and on
        return redirect(_section_url(saved, section))
    messages.success(request, _("Draft saved."))
    return redirect(saved)


def _autosave_status(request, message, *, url="", status):
    return render(request, "screening/_autosave_status.html", {"message": message, "url": url}, status=status)


def _conflict_response(request, screening, form, conflict):
    if request.htmx:
        # Shown above the form; the form keeps this person's answers and the version they were
        # based on, until they choose: keep theirs (saved over the new version) or load the saved.
        response = render(request, "screening/_autosave_conflict.html", {"conflict": conflict}, status=409)
        retarget(response, "#conflict-slot")
        reswap(response, "innerHTML")
        return trigger_client_event(response, "autosave-conflict")
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
    if request.htmx:
        return _autosave_status(request, error.message, status=409)
    messages.error(request, error.message)
    return redirect(screening)


@require_POST
def submit(request, pk):
    screening = get_screening_for_user(request.user, pk)
    if not request.user.has_perm("screening.screen_case", screening.case):
        raise PermissionDenied
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
def interview(request, pk):
    """Into interview mode: the draft as the youth may see it (the mode is this session's)."""
    screening = get_screening_for_user(request.user, pk)
    if not request.user.has_perm("screening.screen_case", screening.case):
        raise PermissionDenied
    refusal = None
    if not screening.is_draft:
        refusal = _("This screening has been submitted: interview mode is for answering a draft.")
    elif screening.is_interview and not screening.setting_confirmed:
        refusal = _("Confirm the interview setting first; then interview mode can be used.")
    if refusal:
        # A neutral page, not the result: the youth may be beside the screen already.
        context = {"screening": screening, "case": screening.case, "message": refusal}
        return render(request, "screening/interview/refused.html", context, status=409)
    if not in_interview_mode(request, screening):
        set_interview_mode(request, screening, True)
        audit.record(
            request,
            audit.Action.VIEWED,
            case=screening.case,
            obj=screening,
            summary=_("Interview mode entered"),
            detail={"interview_mode": "entered"},
        )
    return redirect(screening)


@require_http_methods(["GET", "POST"])
def interview_leave(request, pk):
    """Out of interview mode, in two steps: a page that asks to make sure the youth cannot see
    the screen, then a post of its confirmation. Then the screening shows as usual (its result)."""
    screening = get_screening_for_user(request.user, pk)
    if not in_interview_mode(request, screening):
        return redirect(screening)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        set_interview_mode(request, screening, False)
        audit.record(
            request,
            audit.Action.VIEWED,
            case=screening.case,
            obj=screening,
            summary=_("Interview mode left"),
            detail={"interview_mode": "left"},
        )
        messages.info(request, _("Interview mode is off."))
        return redirect(screening)
    audit.shown(request, case=screening.case, obj=screening, page="leave interview mode")
    return render(
        request,
        "screening/interview/leave.html",
        {"screening": screening, "case": screening.case},
        status=400 if request.method == "POST" else 200,
    )
