"""The synthetic workforce of `seed_demo --cases N`: teams, caseworkers and supervisors, so that
every synthetic caseworker carries a realistic caseload (demo/data.py, "the synthetic workforce").

The open cases of a run are planned before any is written: existing synthetic caseworkers are
topped up first (a re-run continues where the last one stopped), then new caseworkers are made,
on the last synthetic team while it is small, then on new teams. Closed cases go to a caseworker
of the team being filled: they stay on a caseworker's list but are not their caseload.
"""

import random
import re
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db.models import Count

from accounts import roles
from accounts.models import Team, User
from cases.models import Case
from demo import data as demo_data
from demo.bulk import BATCH_SIZE, weighted

LOW, MODE, HIGH = (demo_data.SYNTHETIC_CASELOAD[k] for k in ("min", "mode", "max"))


@dataclass(eq=False)  # a team is itself: compared by identity
class PlannedTeam:
    pk: int | None  # None: created by this run
    county: str
    office: str
    # [caseworker id (None: new), open cases this run gives them]
    workers: list[list] = field(default_factory=list)


def _highest_number(queryset, field_name: str, prefix: str) -> int:
    """The highest number after `prefix` among the values of `field_name` (0 when none)."""
    pattern = re.compile(rf"^{re.escape(prefix)}([0-9]+)")
    highest = 0
    for value in queryset.filter(**{f"{field_name}__startswith": prefix}).values_list(field_name, flat=True):
        match = pattern.match(value)
        if match:
            highest = max(highest, int(match.group(1)))
    return highest


class Workforce:
    """Plans and creates the synthetic workforce for one run, then hands out the cases."""

    def __init__(self, rng: random.Random, *, password: str | None = None):
        self.rng = rng
        # Volume, not logins: an unusable password, unless the run asks for the demo password.
        self.password_hash = make_password(password) if password else None
        self.teams: list[PlannedTeam] = []
        self.created = {"teams": 0, "caseworkers": 0, "supervisors": 0}

    def caseload(self) -> int:
        return round(self.rng.triangular(LOW, HIGH, MODE))

    # --- planning -----------------------------------------------------------------------------

    def plan(self, open_cases: int, closed_cases: int) -> None:
        """Decide who gets the run's open cases (nothing written yet)."""
        existing = self._existing_teams()
        remaining = open_cases
        for team in existing:
            for slot in team.workers:
                current = self.current[slot[0]]
                if remaining and current < HIGH:
                    slot[1] = min(max(0, self.caseload() - current), remaining)
                    remaining -= slot[1]
        targets, leftover = self._new_caseloads(remaining)
        # Too few for a caseload of their own: to the existing caseworkers' room, else one small one.
        holders = [s for t in existing for s in t.workers if self.current[s[0]] + s[1] < HIGH]
        while leftover and holders:
            slot = self.rng.choice(holders)
            slot[1] += 1
            leftover -= 1
            if self.current[slot[0]] + slot[1] >= HIGH:
                holders.remove(slot)
        if leftover:
            targets.append(leftover)
        self.teams = [t for t in existing if any(n for _pk, n in t.workers)]
        if not targets and not self.teams and closed_cases:
            # Only closed cases this run: the last synthetic team holds them, or a new caseworker.
            if existing:
                self.teams = [existing[-1]]
            else:
                targets = [0]
        self._place_new_workers(targets, existing)

    def _existing_teams(self) -> list[PlannedTeam]:
        """Synthetic teams with their synthetic caseworkers (and each one's open caseload now)."""
        self.current: dict[int, int] = {}
        teams = {
            t.pk: PlannedTeam(t.pk, t.county, t.office)
            for t in Team.objects.filter(name__startswith=demo_data.SYNTHETIC_TEAM_PREFIX).order_by("pk")
        }
        if not teams:
            return []
        self.current = dict(
            Case.objects.filter(
                assigned_caseworker__username__startswith=demo_data.SYNTHETIC_CASEWORKER_PREFIX,
                status=Case.Status.OPEN,
            )
            .values_list("assigned_caseworker")
            .annotate(n=Count("pk"))
            .order_by()
        )
        members = (
            Team.caseworkers.through.objects.filter(
                team_id__in=list(teams), user__username__startswith=demo_data.SYNTHETIC_CASEWORKER_PREFIX
            )
            .order_by("user_id")
            .values_list("team_id", "user_id")
        )
        for team_id, user_id in members:
            teams[team_id].workers.append([user_id, 0])
            self.current.setdefault(user_id, 0)
        return list(teams.values())

    def _new_caseloads(self, remaining: int) -> tuple[list[int], int]:
        """Caseloads of the new caseworkers, adding up to `remaining`, each within LOW..HIGH, and
        what is left when the run is too small for that (fewer than LOW cases)."""
        targets: list[int] = []
        while sum(targets) < remaining:
            targets.append(self.caseload())
        if not targets:
            return [], 0
        targets[-1] -= sum(targets) - remaining
        if targets[-1] >= LOW:
            return targets, 0
        # The last one would be too small: spread its cases over the others' room.
        leftover = targets.pop()
        holders = [i for i, t in enumerate(targets) if t < HIGH]
        while leftover and holders:
            i = self.rng.choice(holders)
            targets[i] += 1
            leftover -= 1
            if targets[i] >= HIGH:
                holders.remove(i)
        return targets, leftover

    def _place_new_workers(self, targets: list[int], existing: list[PlannedTeam]) -> None:
        rng = self.rng
        size_low, size_high = demo_data.SYNTHETIC_TEAM_SIZE["min"], demo_data.SYNTHETIC_TEAM_SIZE["max"]
        queue = list(targets)
        last = existing[-1] if existing else None
        if last is not None and len(last.workers) < size_low and queue:
            # The last synthetic team of an earlier run is still small: it grows first.
            room = rng.randint(size_low, size_high) - len(last.workers)
            if last not in self.teams:
                self.teams.append(last)
            last.workers += [[None, n] for n in queue[:room]]
            queue = queue[room:]
        while queue:
            county, office = rng.choice(demo_data.SYNTHETIC_TEAM_OFFICES)
            team = PlannedTeam(None, county, office)
            size = rng.randint(size_low, size_high)
            team.workers = [[None, n] for n in queue[:size]]
            queue = queue[size:]
            self.teams.append(team)

    # --- writing ------------------------------------------------------------------------------

    def create(self) -> None:
        """Create the planned teams and people: bulk inserts, a few statements in all."""
        rng = self.rng
        groups = {g.name: g.pk for g in Group.objects.filter(name__in=[roles.CASEWORKER, roles.SUPERVISOR])}
        team_number = _highest_number(Team.objects, "name", demo_data.SYNTHETIC_TEAM_PREFIX)
        worker_number = _highest_number(User.objects, "username", demo_data.SYNTHETIC_CASEWORKER_PREFIX)
        supervisor_number = _highest_number(User.objects, "username", demo_data.SYNTHETIC_SUPERVISOR_PREFIX)
        digits = demo_data.SYNTHETIC_USER_DIGITS

        new_teams = [t for t in self.teams if t.pk is None]
        rows = []
        for team in new_teams:
            team_number += 1
            rows.append(
                Team(
                    name=f"{demo_data.SYNTHETIC_TEAM_PREFIX}"
                    f"{team_number:0{demo_data.SYNTHETIC_TEAM_DIGITS}d} ({team.office})",
                    county=team.county,
                    office=team.office,
                )
            )
        for team, row in zip(new_teams, Team.objects.bulk_create(rows, batch_size=BATCH_SIZE), strict=True):
            team.pk = row.pk
        created_ids = {team.pk for team in new_teams}

        people: list[tuple[User, int, str]] = []  # (user, team id, role)
        for team in self.teams:
            for slot in team.workers:
                if slot[0] is None:
                    worker_number += 1
                    people.append(
                        (
                            self._person(
                                f"{demo_data.SYNTHETIC_CASEWORKER_PREFIX}{worker_number:0{digits}d}"
                            ),
                            team.pk,
                            roles.CASEWORKER,
                        )
                    )
                    slot[0] = people[-1][0]
            if team.pk in created_ids:
                for _ in range(1 + (rng.random() < demo_data.SYNTHETIC_SECOND_SUPERVISOR_SHARE)):
                    supervisor_number += 1
                    username = f"{demo_data.SYNTHETIC_SUPERVISOR_PREFIX}{supervisor_number:0{digits}d}"
                    people.append((self._person(username), team.pk, roles.SUPERVISOR))
        User.objects.bulk_create([p[0] for p in people], batch_size=BATCH_SIZE)
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=user.pk, group_id=groups[role]) for user, _t, role in people],
            batch_size=BATCH_SIZE,
        )
        for relation, role in ((Team.caseworkers, roles.CASEWORKER), (Team.supervisors, roles.SUPERVISOR)):
            relation.through.objects.bulk_create(
                [relation.through(team_id=t, user_id=u.pk) for u, t, r in people if r == role],
                batch_size=BATCH_SIZE,
            )
        for team in self.teams:
            for slot in team.workers:
                if isinstance(slot[0], User):
                    slot[0] = slot[0].pk
        self.created = {
            "teams": len(new_teams),
            "caseworkers": sum(1 for _u, _t, r in people if r == roles.CASEWORKER),
            "supervisors": sum(1 for _u, _t, r in people if r == roles.SUPERVISOR),
        }

    def _person(self, username: str) -> User:
        rng = self.rng
        pool = weighted(rng, [(p, p["weight"]) for p in demo_data.NAME_POOLS])
        user = User(
            username=username,
            first_name=rng.choice(pool[rng.choice("fm")]),
            last_name=rng.choice(pool["last"]),
            email=f"{username}@{demo_data.EMAIL_DOMAIN}",
            is_active=True,
        )
        if self.password_hash:
            user.password = self.password_hash
        else:
            user.set_unusable_password()
        return user

    # --- handing out cases --------------------------------------------------------------------

    def assigner(self) -> "Assigner":
        return Assigner(self.rng, self.teams)


class Assigner:
    """Gives each open case the next planned caseworker (shuffled within a team, team after team),
    and each closed case a caseworker of the team being filled."""

    def __init__(self, rng: random.Random, teams: list[PlannedTeam]):
        self.rng = rng
        self.teams = teams
        self.index = 0
        self.slots: list[int] = []
        self._fill()

    def _fill(self) -> None:
        while not self.slots and self.index < len(self.teams):
            team = self.teams[self.index]
            self.slots = [worker for worker, n in team.workers for _ in range(n)]
            self.rng.shuffle(self.slots)
            if not self.slots:
                self.index += 1

    @property
    def team(self) -> PlannedTeam:
        return self.teams[min(self.index, len(self.teams) - 1)]

    def open_case(self) -> tuple[int, PlannedTeam]:
        if not self.slots:
            raise RuntimeError("more open cases than were planned")
        worker, team = self.slots.pop(), self.team
        if not self.slots:
            self.index += 1
            self._fill()
        return worker, team

    def closed_case(self) -> tuple[int, PlannedTeam]:
        team = self.team
        return self.rng.choice(team.workers)[0], team
