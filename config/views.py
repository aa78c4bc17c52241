from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts import audit
from screening import dashboard


def home(request):
    """The start page: what is due, drafts, open guidance actions, cases with something open."""
    user = request.user
    board = None
    if user.is_caseworker or user.is_supervisor:
        board = dashboard.for_user(user)
        if board.case_ids:
            audit.record(
                request, audit.Action.VIEWED, summary=_("Home page"), detail={"cases": board.case_ids}
            )
    return render(request, "home.html", {"board": board})
