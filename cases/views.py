from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from accounts import audit
from accounts.models import AuditEvent, Team

from . import history, paging, panels, services, timeline
from .access import cases_visible_to, get_case_for_user, teams_for_new_case
from .filters import CaseFilter
from .forms import PRONOUN_SUGGESTIONS, CaseForm, CaseNoteForm, MissingEpisodeForm, ReassignForm
from .models import MissingEpisode

CASES_PER_PAGE = 25
TEAM_CHOICES = 50
TIMELINE_SHOWN = 50


def case_list(request):
    visible = cases_visible_to(request.user)
    # The teams to filter by: the person's own (on or supervising), or every team for an
    # administrator, unless there are more than a list can offer (a state has thousands): then
    # no team filter. From the memberships, not from the cases: a caseload may be a million rows.
    teams_offered = (
        Team.objects.all()
        if request.user.is_superuser
        else Team.objects.filter(Q(caseworkers=request.user) | Q(supervisors=request.user))
    )
    team_ids = list(teams_offered.values_list("pk", flat=True).distinct()[: TEAM_CHOICES + 1])
    teams = Team.objects.filter(pk__in=team_ids) if len(team_ids) <= TEAM_CHOICES else None
    case_filter = CaseFilter(request.GET or None, queryset=visible, teams=teams)
    # The order of the indexes case_name_order, case_worker_name_order and case_team_name_order.
    cases = case_filter.qs.select_related("team", "assigned_caseworker").order_by("legal_name", "pk")
    page = paging.paginate(cases, request.GET.get("page"), per_page=CASES_PER_PAGE)
    audit.record(
        request,
        audit.Action.VIEWED,
        summary=_("Case list"),
        detail={
            "filters": {k: v for k, v in request.GET.items() if k != "page"},
            "page": page.number,
            "cases": [case.pk for case in page.object_list],
        },
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/case_list.html",
        {
            "filter": case_filter,
            "page": page,
            "query": query.urlencode(),
            "can_add": request.user.has_perm("cases.add_case") and teams_for_new_case(request.user).exists(),
        },
    )


def case_create(request):
    teams = teams_for_new_case(request.user)
    if not request.user.has_perm("cases.add_case") or not teams.exists():
        raise PermissionDenied
    form = CaseForm(request.POST or None, user=request.user, teams=teams)
    if request.method == "POST" and form.is_valid():
        case = services.create_case(request=request, form=form)
        messages.success(request, _("Case %(number)s created.") % {"number": case.case_number})
        return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/case_form.html",
        {
            "form": form,
            "pronoun_suggestions": PRONOUN_SUGGESTIONS,
        },
    )


def case_detail(request, pk):
    case = get_case_for_user(request.user, pk)
    episodes = list(case.episodes.all())
    notes = list(case.notes.select_related("author"))
    audit.record(request, audit.Action.VIEWED, case=case, obj=case)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "episodes": episodes,
            "timeline": paged_timeline(request, timeline.build(case, episodes=episodes, notes=notes)),
            "panels": panels.build(request, case),
            "note_form": CaseNoteForm(),
            "three_or_more_episodes": len(episodes) >= 3,
        },
    )


def paged_timeline(request, entries: list) -> dict:
    """The newest TIMELINE_SHOWN entries, or all of them when asked (`?timeline=all`): a youth
    in care for years gathers hundreds, and the page opens on the recent ones."""
    whole = request.GET.get("timeline") == "all"
    return {
        "entries": entries if whole else entries[:TIMELINE_SHOWN],
        "count": len(entries),
        "more": not whole and len(entries) > TIMELINE_SHOWN,
    }


def _save_or_conflict(request, form, save, *, conflict_context: dict):
    """Run `save()`; on an edit conflict keep the input and show what differs."""
    try:
        with transaction.atomic():
            return save()
    except services.EditConflict as conflict:
        form.rebase(conflict.current.version)
        conflict_context["conflict"] = conflict
        return None


def case_edit(request, pk):
    case = get_case_for_user(request.user, pk)
    if not request.user.has_perm("cases.change_case", case):
        raise PermissionDenied
    teams = teams_for_new_case(request.user, keep=case.team)
    form = CaseForm(request.POST or None, instance=case, user=request.user, teams=teams)
    context = {"form": form, "case": case, "pronoun_suggestions": PRONOUN_SUGGESTIONS}
    if request.method == "POST" and form.is_valid():
        saved = _save_or_conflict(
            request,
            form,
            lambda: services.update_case(request=request, form=form, case=case),
            conflict_context=context,
        )
        if saved is not None:
            messages.success(request, _("Case saved."))
            return redirect("cases:detail", pk=case.pk)
    audit.shown(request, case=case, obj=case, page="edit")
    return render(request, "cases/case_form.html", context)


def _prompt_placement_after_return(request, case):
    """Back in care, the record should not keep saying "missing from care": ask for the placement."""
    case.refresh_from_db(fields=["placement_type"])
    if case.placement_outdated_after_return:
        messages.warning(
            request,
            format_html(
                '{} <a href="{}" class="alert-link">{}</a>',
                _("The youth is back, but the case record still says the placement is “Missing from care”."),
                reverse("cases:edit", args=[case.pk]),
                _("Update the placement"),
            ),
        )


def _episode_form_page(request, case, episode=None):
    if not request.user.has_perm("cases.change_case", case):
        raise PermissionDenied
    form = MissingEpisodeForm(request.POST or None, instance=episode, case=case)
    context = {"form": form, "case": case, "episode": episode}
    if request.method == "POST" and form.is_valid():
        if episode is None:
            saved = services.add_episode(request=request, form=form, case=case)
            messages.success(request, _("Missing-from-care episode recorded."))
        else:
            saved = _save_or_conflict(
                request,
                form,
                lambda: services.update_episode(request=request, form=form, episode=episode),
                conflict_context=context,
            )
            if saved is not None:
                messages.success(request, _("Episode saved."))
        if saved is not None:
            _prompt_placement_after_return(request, case)
            return redirect(f"{case.get_absolute_url()}#episode-{saved.pk}")
    audit.shown(request, case=case, obj=episode or case, page="episode form")
    return render(request, "cases/episode_form.html", context)


def episode_create(request, pk):
    return _episode_form_page(request, get_case_for_user(request.user, pk))


def episode_edit(request, pk, episode_pk):
    case = get_case_for_user(request.user, pk)
    episode = get_object_or_404(MissingEpisode, pk=episode_pk, case=case)
    return _episode_form_page(request, case, episode)


def note_create(request, pk):
    case = get_case_for_user(request.user, pk)
    if not request.user.has_perm("cases.add_casenote"):
        raise PermissionDenied
    form = CaseNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_note(request=request, form=form, case=case)
        messages.success(request, _("Note added."))
        return redirect(f"{case.get_absolute_url()}#timeline")
    audit.shown(request, case=case, obj=case, page="note form")
    return render(request, "cases/note_form.html", {"form": form, "case": case})


def access_log(request, pk):
    case = get_case_for_user(request.user, pk)
    if not request.user.has_perm("cases.view_case_access_log", case):
        raise PermissionDenied
    # Recorded first, so the page shows this reading of the log too.
    audit.record(request, audit.Action.VIEWED, case=case, obj=case, detail={"page": "access log"})
    events = AuditEvent.objects.filter(case_id=case.pk).select_related("user")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "cases/access_log.html", {"case": case, "page": page})


def change_history(request, pk):
    case = get_case_for_user(request.user, pk)
    if not request.user.has_perm("cases.view_case_access_log", case):
        raise PermissionDenied
    audit.record(request, audit.Action.VIEWED, case=case, obj=case, detail={"page": "change history"})
    return render(
        request,
        "cases/change_history.html",
        {
            "case": case,
            "changes": history.changes_of_case(case),
        },
    )


def reassign(request, pk):
    """Supervisors of the case's team (and system administrators) reassign it."""
    case = get_case_for_user(request.user, pk)
    if not request.user.has_perm("cases.reassign_case", case):
        raise PermissionDenied
    previous = case.assigned_caseworker
    form = ReassignForm(request.POST or None, instance=case)
    context = {"form": form, "case": case, "previous": previous}
    if request.method == "POST" and form.is_valid():
        saved = _save_or_conflict(
            request,
            form,
            lambda: services.update_case(request=request, form=form, case=case),
            conflict_context=context,
        )
        if saved is not None:
            messages.success(
                request,
                _("Case reassigned from %(old)s to %(new)s.")
                % {"old": previous, "new": saved.assigned_caseworker},
            )
            return redirect("cases:detail", pk=case.pk)
    audit.shown(request, case=case, obj=case, page="reassign")
    return render(request, "cases/reassign.html", context)
