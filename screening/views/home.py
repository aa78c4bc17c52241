"""The start page of the app. What it shows is screening's (due and overdue items, drafts,
returned screenings, open actions, the review queue), so it lives here; config routes to it."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts import audit

from .. import dashboard
from ..models import ReviewStatus


def home(request):
    """The start page. Caseworkers: what is due, drafts, returned screenings, open actions,
    their cases. Supervisors: the review queue, the team's overdue items, counts by level."""
    user = request.user
    board = supervisor_board = None
    case_ids = set()
    if user.is_caseworker:
        board = dashboard.for_user(user)
        case_ids.update(board.case_ids)
    if user.is_supervisor:
        supervisor_board = dashboard.for_supervisor(user)
        case_ids.update(supervisor_board.case_ids)
    if case_ids:
        audit.record(request, audit.Action.VIEWED, summary=_("Home page"), detail={"cases": sorted(case_ids)})
    return render(
        request,
        "home.html",
        {"board": board, "supervisor_board": supervisor_board, "RETURNED": ReviewStatus.RETURNED},
    )
