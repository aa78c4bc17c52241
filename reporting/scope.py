"""Whose figures a person may see: the one place that decides it.

- System administrator, or a program manager holding `accounts.view_agency_figures`: the whole
  agency.
- Program manager: the teams it is given (Team.program_managers).
- Supervisor: the teams they supervise.
A person holding several roles sees the union. Nobody else sees figures. Figures are never a
youth's record: this never widens `cases.access.cases_visible_to`.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from accounts.models import Team, team_ids
from accounts.rules import is_active_user, is_program_manager, is_supervisor, is_system_admin
from cases.access import supervised_team_ids

AGENCY_PERMISSION = "accounts.view_agency_figures"


def sees_whole_agency(user) -> bool:
    if not is_active_user.test(user):
        return False
    if is_system_admin.test(user):
        return True
    return is_program_manager.test(user) and AGENCY_PERMISSION in user.get_all_permissions()


def managed_team_ids(user) -> list[int]:
    """The teams given to the program manager (whether or not they hold the role), as values
    (accounts.models.team_ids)."""
    return team_ids(user, "program_managers")


def report_team_ids(user) -> list[int] | None:
    """The team ids whose figures the person sees, as values (never a subquery); None: every team
    of the agency; an empty list: none."""
    if not is_active_user.test(user):
        return []
    if sees_whole_agency(user):
        return None
    ids: set[int] = set()
    if is_program_manager.test(user):
        ids.update(managed_team_ids(user))
    if is_supervisor.test(user):
        ids.update(supervised_team_ids(user))
    return sorted(ids)


def may_see_figures(user) -> bool:
    team_ids = report_team_ids(user)
    return team_ids is None or bool(team_ids)


@dataclass(frozen=True)
class Scope:
    """What one report covers: a key for the form ("all", "team-3", "county-North County",
    "office-Central"), its name, and its team ids (None: the whole agency)."""

    key: str
    label: str
    team_ids: list[int] | None


def scopes_for(user) -> list[Scope]:
    """The scopes a person may choose: all they see first, then each county, office and team."""
    allowed = report_team_ids(user)
    teams = Team.objects.order_by("name").values_list("pk", "name", "county", "office")
    if allowed is not None:
        teams = teams.filter(pk__in=allowed)
    rows = list(teams)
    first = Scope("all", _("The whole agency") if allowed is None else _("All my teams"), allowed)
    counties: dict[str, list[int]] = {}
    offices: dict[str, list[int]] = {}
    for pk, _name, county, office in rows:
        if county:
            counties.setdefault(county, []).append(pk)
        if office:
            offices.setdefault(office, []).append(pk)
    # Each label translated once, not once per team (thousands at a state's size).
    county, office, team = _("County: %(name)s"), _("Office: %(name)s"), _("Team: %(name)s")
    out = [first]
    out += [Scope(f"county-{c}", county % {"name": c}, ids) for c, ids in sorted(counties.items())]
    out += [Scope(f"office-{o}", office % {"name": o}, ids) for o, ids in sorted(offices.items())]
    out += [Scope(f"team-{pk}", team % {"name": name}, [pk]) for pk, name, _c, _o in rows]
    return out
