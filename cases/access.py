"""The one place that decides which cases a person sees (a queryset scope, with its lookup).

Every case lookup in the app goes through `cases_visible_to` or `get_case_for_user`.
Out of scope answers 404, so a guessed id tells nothing about whether the case exists.
What a person may do with a case they see is an object permission: cases/rules.py.

- Caseworker: the cases assigned to them.
- Supervisor: every case of the teams they supervise.
- Instrument administrator: none (instruments, not case records).
- System administrator (superuser): all.
A person holding several roles sees the union.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import Team, team_ids
from accounts.rules import is_active_user, is_caseworker, is_supervisor, is_system_admin

from .models import Case


def supervised_team_ids(user) -> list[int]:
    """The teams the person supervises, as values (accounts.models.team_ids)."""
    return team_ids(user, "supervisors")


def cases_visible_to(user) -> QuerySet[Case]:
    # The same scope as the rule `cases.view_case` (cases/rules.py), for many cases at once.
    if not is_active_user.test(user):
        return Case.objects.none()
    if is_system_admin.test(user):
        return Case.objects.all()
    scope = Q(pk__in=[])
    if is_caseworker.test(user):
        scope |= Q(assigned_caseworker_id=user.pk)
    if is_supervisor.test(user):
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
