"""Who hears about a case: its assigned caseworker and the supervisors of its team (active, and
holding the role: on a team's list without the Supervisor role is not a supervisor). Read for
many cases at once in two queries."""

from collections.abc import Iterable

from accounts import roles
from accounts.models import Team, User


def team_supervisors(team_ids: Iterable[int]) -> dict[int, set[int]]:
    """{team id: ids of its active supervisors} (one query)."""
    out: dict[int, set[int]] = {}
    rows = Team.supervisors.through.objects.filter(
        team_id__in=set(team_ids), user__is_active=True, user__groups__name=roles.SUPERVISOR
    ).values_list("team_id", "user_id")
    for team_id, user_id in rows:
        out.setdefault(team_id, set()).add(user_id)
    return out


def for_cases(
    cases: Iterable[tuple[int, int | None, int | None]], *, caseworkers=True
) -> dict[int, set[int]]:
    """{case id: user ids} for (case id, team id, assigned caseworker id) rows."""
    cases = list(cases)
    supervisors = team_supervisors(team_id for _case, team_id, _worker in cases if team_id)
    active: set[int] = set()
    if caseworkers:
        worker_ids = {worker for _case, _team, worker in cases if worker}
        active = set(User.objects.filter(pk__in=worker_ids, is_active=True).values_list("pk", flat=True))
    out = {}
    for case_id, team_id, worker_id in cases:
        people = set(supervisors.get(team_id, ()))
        if worker_id in active:
            people.add(worker_id)
        out[case_id] = people
    return out
