"""The result of a submitted screening and what the caseworker records on it: the result (or,
since instruments v2, outcome) page, the determination, the follow-up interview, an addendum."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts import audit

from .. import presenters, review, services
from ..access import get_screening_for_user
from ..checklist_forms import CloseActionForm, ReopenActionForm
from ..forms import AddendumForm, DeterminationForm, ResponseForm
from ..interview_mode import tier_in_interview_mode


def result_page(
    request, screening, *, determination_form=None, action_forms=None, response_form=None, status=200
):
    """The page of a submitted screening; after a refused POST (the determination, an action of
    the checklist, a response to a review) with that form shown again as it was sent."""
    if request.method == "POST":  # shown again after refused input (detail() audits the first)
        audit.shown(request, case=screening.case, obj=screening, page="result")
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
    actions = list(screening.actions.select_related("closed_by").prefetch_related("closures"))
    presenters.in_reader_language(actions)
    action_forms = action_forms or {}
    for action in actions:
        action.form = action_forms.get(action.pk) or CloseActionForm(action=action)
        action.reopen_form = ReopenActionForm(action=action)
    addenda = presenters.addenda(screening)
    answers_by_section = presenters.answers_by_section(screening, addenda)
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
    allowed = request.user.has_perm("screening.screen_case", case)
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
            "drafts": list(root.follow_ups.drafts().select_related("instrument_version__instrument")),
            "follow_up_version": services.follow_up_version(root) if allowed else None,
            "history": review.history(root),
            "response_form": response_form or ResponseForm(),
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
def determination(request, pk):
    screening = get_screening_for_user(request.user, pk)
    if (interview := tier_in_interview_mode(request, screening)) is not None:
        return redirect(interview)  # the youth may see the screen: nothing of the outcome
    if screening.has_outcome:
        screening = screening.root  # the determination is of the screening's outcome
    if not request.user.has_perm("screening.screen_case", screening.case):
        raise PermissionDenied
    if screening.is_draft:
        messages.error(request, _("Submit the screening before recording your determination."))
        return redirect(screening)
    form = DeterminationForm(request.POST, screening=screening)
    if not form.is_valid():
        return result_page(request, screening, determination_form=form, status=400)
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
    if (interview := tier_in_interview_mode(request, screening)) is not None:
        return redirect(interview)  # the youth may see the screen: nothing of the outcome
    if not request.user.has_perm("screening.screen_case", screening.case):
        raise PermissionDenied
    try:
        follow = services.start_follow_up(request=request, screening=screening)
    except services.ScreeningError as error:
        messages.error(request, error.message)
        return redirect(screening)
    return redirect(follow)


def addendum(request, pk):
    screening = get_screening_for_user(request.user, pk)
    if (interview := tier_in_interview_mode(request, screening)) is not None:
        return redirect(interview)  # the youth may see the screen: nothing of the outcome
    if not request.user.has_perm("screening.screen_case", screening.case):
        raise PermissionDenied
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
    audit.shown(request, case=screening.case, obj=screening, page="addendum")
    return render(
        request, "screening/addendum.html", {"screening": screening, "case": screening.case, "form": form}
    )
