"""Whose figures a person may see: the one place that decides it.

- System administrator, or a program manager holding `accounts.view_agency_figures`: the whole
  agency.
- Program manager: the teams it is given (Team.program_managers).
- Supervisor: the teams they supervise.
A person holding several roles sees the union. Nobody else sees figures. Figures are never a
youth's record: this never widens `cases.access.cases_visible_to`.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
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


def _labels() -> dict[str, str]:
    # Each label translated once, not once per team (thousands at a state's size).
    return {"county": _("County: %(name)s"), "office": _("Office: %(name)s"), "team": _("Team: %(name)s")}


def _first(allowed: list[int] | None) -> Scope:
    return Scope("all", _("The whole agency") if allowed is None else _("All my teams"), allowed)


def _teams(allowed: list[int] | None):
    teams = Team.objects.all()
    return teams if allowed is None else teams.filter(pk__in=allowed)


def scopes_for(user) -> list[Scope]:
    """The scopes a person may choose: all they see first, then each county, office and team."""
    allowed = report_team_ids(user)
    rows = list(_teams(allowed).order_by("name").values_list("pk", "name", "county", "office"))
    counties: dict[str, list[int]] = {}
    offices: dict[str, list[int]] = {}
    for pk, _name, county, office in rows:
        if county:
            counties.setdefault(county, []).append(pk)
        if office:
            offices.setdefault(office, []).append(pk)
    label = _labels()
    out = [_first(allowed)]
    out += [Scope(f"county-{c}", label["county"] % {"name": c}, ids) for c, ids in sorted(counties.items())]
    out += [Scope(f"office-{o}", label["office"] % {"name": o}, ids) for o, ids in sorted(offices.items())]
    out += [Scope(f"team-{pk}", label["team"] % {"name": name}, [pk]) for pk, name, _c, _o in rows]
    return out


def scope_for(user, key: str) -> Scope | None:
    """The scope of this key if the person may choose it, else None: one query, whatever the number
    of teams (a state's agency has thousands; scopes_for would build them all)."""
    allowed = report_team_ids(user)
    if key == "all":
        return _first(allowed) if allowed is None or allowed else None
    kind, _sep, value = key.partition("-")
    teams = _teams(allowed).order_by("name")
    if kind == "team" and value.isascii() and value.isdigit() and len(value) < 12:
        row = teams.filter(pk=int(value)).values_list("pk", "name").first()
        return Scope(key, _labels()["team"] % {"name": row[1]}, [row[0]]) if row else None
    if kind in ("county", "office") and value:
        ids = list(teams.filter(**{kind: value}).values_list("pk", flat=True))
        return Scope(key, _labels()[kind] % {"name": value}, ids) if ids else None
    return None


def scope_list(user, chosen: Scope | None, limit: int) -> tuple[list[Scope], bool]:
    """The scopes the report's list offers, and whether teams were left out of it. Up to `limit`
    teams, every scope (scopes_for); more (a state's agency), the counties and offices, and the
    chosen team: the others are found by name (find_teams). The page stays small either way."""
    allowed = report_team_ids(user)
    if allowed is not None and len(allowed) <= limit:
        return scopes_for(user), False
    # One query: each county and office pair with its number of teams.
    pairs = list(_teams(allowed).values_list("county", "office").annotate(n=Count("pk")).order_by())
    if sum(n for _c, _o, n in pairs) <= limit:
        return scopes_for(user), False
    label = _labels()
    out = [_first(allowed)]
    for kind, names in (("county", {c for c, _o, _n in pairs}), ("office", {o for _c, o, _n in pairs})):
        # The team ids are not needed to draw the list: scope_for reads them for the chosen one.
        out += [Scope(f"{kind}-{name}", label[kind] % {"name": name}, []) for name in sorted(names) if name]
    if chosen is not None and chosen.key.startswith("team-"):
        out.append(chosen)
    return out, True


def find_teams(user, text: str, limit: int) -> tuple[list[Scope], bool]:
    """The teams the person sees whose name, county or office contains `text` (case and accents
    as typed), at most `limit` of them, and whether there were more."""
    text = text.strip()
    if not text:
        return [], False
    found = (
        _teams(report_team_ids(user))
        .filter(Q(name__icontains=text) | Q(county__icontains=text) | Q(office__icontains=text))
        .order_by("name", "pk")
        .values_list("pk", "name")[: limit + 1]
    )
    label = _labels()["team"]
    scopes = [Scope(f"team-{pk}", label % {"name": name}, [pk]) for pk, name in found]
    return scopes[:limit], len(scopes) > limit
