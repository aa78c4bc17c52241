from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts import audit
from cases.access import cases_visible_to


def home(request):
    """The start page: what the person can do, and their open cases."""
    my_open_cases = (
        cases_visible_to(request.user)
        .filter(status="open", assigned_caseworker=request.user)
        .select_related("team")
        .order_by("legal_name")[:20]
    )
    my_open_cases = list(my_open_cases)
    if my_open_cases:
        audit.record(request, audit.Action.VIEWED, summary=_("Home page"),
                     detail={"cases": [case.pk for case in my_open_cases]})
    return render(request, "home.html", {"my_open_cases": my_open_cases})
