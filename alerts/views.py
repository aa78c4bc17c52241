"""The person's notifications (their own only) and how they get them by e-mail.

Marking read is an htmx post answered with the row (or the list) swapped in place; without
JavaScript the same post redirects back to the list (screening/views/fragments.py).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import audit
from cases.paging import page_number, paginate
from screening.views.fragments import login_required_htmx

from . import services, wording
from .forms import DeliveryForm

PER_PAGE = 25


def with_words(notifications) -> list:
    for notification in notifications:
        notification.message = wording.message(notification)
    return notifications


@require_safe
def notification_list(request):
    page = paginate(
        services.notifications_of(request.user), page_number(request.GET.get("page")), per_page=PER_PAGE
    )
    with_words(page.object_list)
    audit.record(
        request,
        audit.Action.VIEWED,
        summary=_("Notifications"),
        detail={"page": "notifications", "shown": [n.pk for n in page.object_list]},
    )
    return render(request, "alerts/notifications.html", {"page": page})


@login_required_htmx()
@require_POST
def read(request):
    """Mark one notification read: its id is posted (`notification`); not one's own, or not an
    id, is not found."""
    value = request.POST.get("notification", "").strip()
    if not (value.isascii() and value.isdigit() and len(value) <= 18):
        raise Http404
    notification = get_object_or_404(services.notifications_of(request.user), pk=int(value))
    services.mark_read(notification)
    if request.htmx:
        with_words([notification])
        return render(request, "alerts/_notification.html", {"notification": notification})
    return redirect("alerts:list")


@login_required_htmx()
@require_POST
def read_all(request):
    marked = services.mark_all_read(request.user)
    if not request.htmx:
        messages.success(request, _("All your notifications are marked read."))
    if request.htmx:
        page = paginate(services.notifications_of(request.user), 1, per_page=PER_PAGE)
        with_words(page.object_list)
        return render(request, "alerts/_notifications.html", {"page": page, "marked": marked})
    return redirect("alerts:list")


@require_http_methods(["GET", "POST"])
def preferences(request):
    preference = services.preference_of(request.user)
    form = DeliveryForm(
        request.POST if request.method == "POST" else None, initial={"delivery": preference.delivery}
    )
    if request.method == "POST":
        if form.is_valid():
            services.choose_delivery(request=request, delivery=form.cleaned_data["delivery"])
            messages.success(request, _("Saved. Your notifications are e-mailed as you chose."))
            return redirect("alerts:preferences")
        return render(request, "alerts/preferences.html", {"form": form}, status=400)
    return render(request, "alerts/preferences.html", {"form": form})
