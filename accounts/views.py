from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from . import audit
from .forms import LanguageForm, LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        # Who, when and from where; never the password.
        audit.record(
            self.request,
            audit.Action.UPDATED,
            obj=form.user,
            summary=_("Changed their own password"),
            detail={"event": "password_changed"},
        )
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@require_http_methods(["GET", "POST"])
def preferences(request):
    """The person's own language (accounts.middleware.UserLanguageMiddleware applies it)."""
    was = request.user.language  # before the form sets the new one on the same object
    form = LanguageForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        audit.record(
            request,
            audit.Action.UPDATED,
            obj=user,
            summary=_("Changed their own language"),
            detail={"event": "language_changed", "was": was, "now": user.language},
        )
        # The confirmation in the language just chosen (the browser's when none is).
        translation.activate(user.language or translation.get_language_from_request(request))
        messages.success(request, _("Saved. Pages and printouts now use this language."))
        return redirect("accounts:preferences")
    return render(request, "accounts/preferences.html", {"form": form})
