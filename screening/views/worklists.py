"""Every row of a home page's list, a page at a time (the home page shows the first 50 of each):
what is due, open actions, drafts and returned screenings on the cases a caseworker sees, and
what is overdue on a supervisor's teams."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts import audit
from cases.access import cases_visible_to
from cases.paging import LIST_COUNT_CAP, Page, page_number, paginate

from .. import dashboard, deadlines, presenters
from ..models import ReviewStatus, one_per_task

PER_PAGE = 50

TITLES = {
    "due": gettext_lazy("Due and overdue"),
    "actions": gettext_lazy("Open guidance actions"),
    "drafts": gettext_lazy("Screenings in progress"),
    "returned": gettext_lazy("Returned to you by a supervisor"),
    "overdue": gettext_lazy("Overdue on your teams"),
}


def _listed_page(rows: list, number: int, count) -> Page:
    """A page from `PER_PAGE + 1` rows read at the page's offset (the extra one: a next page)."""
    return Page(rows[:PER_PAGE], number, count, len(rows) > PER_PAGE, PER_PAGE)


@require_GET
def worklist(request, kind):
    user = request.user
    if not (user.is_supervisor if kind == "overdue" else user.is_caseworker):
        raise PermissionDenied
    number = page_number(request.GET.get("page"))
    offset = (number - 1) * PER_PAGE
    jurisdiction = deadlines.jurisdiction_profile()
    if kind == "due":
        cases = cases_visible_to(user)
        page = _listed_page(
            dashboard.due_for(cases, jurisdiction, offset=offset, limit=PER_PAGE + 1),
            number,
            dashboard.due_tally(cases, jurisdiction, cap=LIST_COUNT_CAP),
        )
        case_ids = [item.case.pk for item in page]
    elif kind == "overdue":
        cases = dashboard.team_cases(user)
        page = _listed_page(
            dashboard.team_overdue(cases, jurisdiction, offset=offset, limit=PER_PAGE + 1),
            number,
            dashboard.team_overdue_tally(cases, jurisdiction),
        )
        case_ids = [item.case.pk for item in page]
    elif kind == "actions":
        cases = cases_visible_to(user)
        page = paginate(
            dashboard.open_actions_on(cases),
            number,
            per_page=PER_PAGE,
            counted=dashboard.open_actions_of(cases),
        )
        page.object_list = one_per_task(page.object_list)
        presenters.in_reader_language(page.object_list)
        case_ids = [action.screening.case_id for action in page]
    elif kind == "drafts":
        page = paginate(dashboard.drafts_on(cases_visible_to(user)), number, per_page=PER_PAGE)
        presenters.name_instruments(page.object_list)
        case_ids = [draft.case_id for draft in page]
    else:
        returned = presenters.with_tiers(dashboard.returned_on(cases_visible_to(user)))
        page = paginate(returned, number, per_page=PER_PAGE)
        page.object_list = presenters.summarise(page.object_list)
        case_ids = [s.case_id for s in page]
    if case_ids:
        audit.record(
            request,
            audit.Action.VIEWED,
            summary=_("Home list: %(list)s") % {"list": TITLES[kind]},
            detail={"list": kind, "page": page.number, "cases": sorted(set(case_ids))},
        )
    return render(
        request,
        "screening/worklist.html",
        {"kind": kind, "title": TITLES[kind], "page": page, "RETURNED": ReviewStatus.RETURNED},
    )
