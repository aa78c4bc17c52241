"""The checklist of a screening: close an action (done, or not applicable) and reopen it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..access import get_action_for_user, get_screening_for_user
from ..forms import CloseActionForm, ReopenActionForm
from .results import result_page


@require_POST
def action_close(request, pk):
    action = get_action_for_user(request.user, pk)
    screening = get_screening_for_user(request.user, action.screening_id)
    if not request.user.has_perm("screening.screen_case", screening.case):
        raise PermissionDenied
    form = CloseActionForm(request.POST, action=action)
    if not form.is_valid():
        messages.error(
            request, _("The action “%(title)s” was not closed; see below.") % {"title": action.title}
        )
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
        messages.error(request, error.message)
    else:
        messages.success(request, _("“%(title)s” is closed.") % {"title": action.title})
    return redirect(_next_or(request, f"{screening.get_absolute_url()}#action-{action.pk}"))


@require_POST
def action_reopen(request, pk):
    action = get_action_for_user(request.user, pk)
    if not request.user.has_perm("screening.screen_case", action.screening.case):
        raise PermissionDenied
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
