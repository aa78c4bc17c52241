"""The start page: a home for every role, each beginning with what that role must do next.

What each part shows is computed where it belongs, and composed here (config may import every
app): the caseworker's and the supervisor's boards (screening/dashboard.py), the view across teams
(screening/agency.py), sign-in failures and lockouts (accounts/signins.py) and the instrument
library (indicators/library.py). A person holding several roles sees each of their parts.
"""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts import audit, signins
from accounts.rules import is_caseworker, is_supervisor, is_system_admin
from indicators import library
from screening import agency, dashboard, deadlines
from screening.models import ReviewStatus


@require_safe
def home(request):
    user = request.user
    board = supervisor_board = overview = sign_ins = instruments = None
    case_ids: set[int] = set()
    if is_caseworker.test(user):
        board = dashboard.for_user(user)
        case_ids.update(board.case_ids)
    if is_supervisor.test(user):
        supervisor_board = dashboard.for_supervisor(user)
        case_ids.update(supervisor_board.case_ids)
    if is_system_admin.test(user):
        overview = agency.overview(deadlines.jurisdiction_profile())
        sign_ins = signins.recent()
    if user.is_instrument_admin:
        instruments = library.summary()
    if case_ids:
        audit.record(request, audit.Action.VIEWED, summary=_("Home page"), detail={"cases": sorted(case_ids)})
    if overview is not None:
        # Figures drawn from every team's cases, and the audit trail's failed logins: a read the
        # audit trail records too (no youth is named, so no case ids).
        audit.record(
            request,
            audit.Action.VIEWED,
            summary=_("Home page: across teams"),
            detail={
                "teams": overview.team_ids,
                "overdue_reports": str(overview.overdue_reports),
                "overdue_screenings": str(overview.overdue_screenings),
                "reviews_waiting": str(overview.reviews_waiting),
                "sign_in_failures": str(sign_ins.failures_count) if sign_ins else "0",
            },
        )
    return render(
        request,
        "home.html",
        {
            "board": board,
            "supervisor_board": supervisor_board,
            "overview": overview,
            "sign_ins": sign_ins,
            "library": instruments,
            "no_role": all(part is None for part in (board, supervisor_board, overview, instruments)),
            "RETURNED": ReviewStatus.RETURNED,
        },
    )
