"""The one place that decides who may see which case.

Every case lookup in the app goes through `cases_visible_to` or `get_case_for_user`.
Out of scope answers 404, so a guessed id tells nothing about whether the case exists.

- Caseworker: the cases assigned to them.
- Supervisor: every case of the teams they supervise.
- Instrument administrator: none (instruments, not case records).
- System administrator (superuser): all.
A person holding several roles sees the union.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts import roles
from accounts.models import Team

from .models import Case


def supervised_team_ids(user) -> QuerySet:
    return Team.supervisors.through.objects.filter(user_id=user.pk).values("team_id")


def cases_visible_to(user) -> QuerySet[Case]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Case.objects.none()
    if user.is_superuser:
        return Case.objects.all()
    scope = Q(pk__in=[])
    if roles.has_role(user, roles.CASEWORKER):
        scope |= Q(assigned_caseworker_id=user.pk)
    if roles.has_role(user, roles.SUPERVISOR):
        # A subquery, not a join, so a case appears once however many supervisors its team has.
        scope |= Q(team_id__in=supervised_team_ids(user))
    return Case.objects.filter(scope)


def get_case_for_user(user, pk, *, for_update: bool = False) -> Case:
    """The case with this id if the user may see it; 404 otherwise."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such case.") from None
    queryset = cases_visible_to(user).select_related("team", "assigned_caseworker")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    try:
        return queryset.get(pk=pk)
    except Case.DoesNotExist:
        raise Http404("No such case.") from None


def can_edit_case(user, case: Case) -> bool:
    """Caseworkers and supervisors who see the case may edit it (the lookup already scoped it)."""
    return user.is_superuser or user.has_perm("cases.change_case")


def can_view_access_log(user, case: Case) -> bool:
    """Supervisors of the case's team (and system administrators) see who accessed it."""
    if user.is_superuser:
        return True
    return (
        roles.has_role(user, roles.SUPERVISOR)
        and user.has_perm("cases.view_case_access_log")
        and Team.supervisors.through.objects.filter(user_id=user.pk, team_id=case.team_id).exists()
    )


def can_reassign(user, case: Case) -> bool:
    """Who carries a case is decided by the supervisors of its team (or a system administrator)."""
    if user.is_superuser:
        return True
    return (
        roles.has_role(user, roles.SUPERVISOR)
        and Team.supervisors.through.objects.filter(user_id=user.pk, team_id=case.team_id).exists()
    )


def teams_for_new_case(user, *, keep=None) -> QuerySet[Team]:
    """The teams a user may place a case in: their own, or those they supervise.

    `keep` is the team of the case being edited, which stays a valid choice.
    """
    if user.is_superuser:
        return Team.objects.all()
    scope = Q(pk__in=supervised_team_ids(user)) | Q(
        pk__in=Team.caseworkers.through.objects.filter(user_id=user.pk).values("team_id")
    )
    if keep is not None:
        scope |= Q(pk=keep.pk)
    return Team.objects.filter(scope)
