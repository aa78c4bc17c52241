"""The checklist of a screening: close an action (done, or not applicable) and reopen it.

A plain post goes back to the page (the form shown again on bad input); an htmx post gets the
action's card back (screening/_action.html), changed, refused with why, or as someone else left it.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import replace_url

from .. import services
from ..access import get_action_for_user, get_screening_for_user
from ..checklist_forms import CloseActionForm, ReopenActionForm
from ..models import GuidanceAction
from .fragments import login_required_htmx, page_path
from .results import result_page


@login_required_htmx(swap="afterbegin")
@require_POST
def action_close(request, pk):
    action = get_action_for_user(request.user, pk)
    screening = get_screening_for_user(request.user, action.screening_id)
    if not request.user.has_perm("screening.screen_case", screening.case):
        raise PermissionDenied
    form = CloseActionForm(request.POST, action=action)
    if not form.is_valid():
        message = _("The action “%(title)s” was not closed; see below.") % {"title": action.title}
        if request.htmx:
            return _card(request, action, close_form=form, alert=message, status=400)
        messages.error(request, message)
        return result_page(request, screening, action_forms={action.pk: form}, status=400)
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
        # Closed or changed by someone else meanwhile: the card as it is now, and why.
        if request.htmx:
            return _card(request, action, alert=error.message, status=409)
        messages.error(request, error.message)
    else:
        done = _("“%(title)s” is closed.") % {"title": action.title}
        if request.htmx:
            return _card(request, action, notice=done)
        messages.success(request, done)
    return redirect(_next_or(request, f"{screening.get_absolute_url()}#action-{action.pk}"))


@login_required_htmx(swap="afterbegin")
@require_POST
def action_reopen(request, pk):
    action = get_action_for_user(request.user, pk)
    if not request.user.has_perm("screening.screen_case", action.screening.case):
        raise PermissionDenied
    form = ReopenActionForm(request.POST, action=action)
    if not form.is_valid():
        errors = "; ".join(" ".join(e) for e in form.errors.values())
        message = _("“%(title)s” was not reopened: %(errors)s") % {"title": action.title, "errors": errors}
        if request.htmx:
            return _card(request, action, reopen_form=form, alert=message, status=400)
        messages.error(request, message)
    else:
        try:
            services.reopen_action(
                request=request,
                action=action,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except services.ScreeningError as error:
            if request.htmx:
                return _card(request, action, alert=error.message, status=409)
            messages.error(request, error.message)
        else:
            reopened = _("“%(title)s” is open again.") % {"title": action.title}
            if request.htmx:
                return _card(request, action, notice=reopened)
            messages.info(request, reopened)
    return redirect(f"{action.screening.get_absolute_url()}#action-{action.pk}")


def _card(request, action, *, close_form=None, reopen_form=None, notice="", alert="", status=200):
    """The action's card as it is now in the database, with the form sent shown again if refused."""
    action = (
        GuidanceAction.objects.select_related("closed_by", "screening")
        .prefetch_related("closures")
        .get(pk=action.pk)
    )
    action.form = close_form or CloseActionForm(action=action)
    action.reopen_form = reopen_form or ReopenActionForm(action=action)
    # Shown in another screening's checklist (open there, and called for here too): only while open.
    action.elsewhere = action.is_open and request.POST.get("elsewhere") == "1"
    response = render(
        request,
        "screening/_action.html",
        {"action": action, "can_screen": True, "notice": notice, "alert": alert},
        status=status,
    )
    if notice:
        # As the plain post's redirect did: the address opens the page at the action.
        page = page_path(request, action.screening.get_absolute_url()).split("#")[0]
        replace_url(response, f"{page}#action-{action.pk}")
    return response


def _next_or(request, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
