"""`manage.py seed_demo [--cases N] [--screenings M] [--pathological-caseload K]`: demo teams,
logins and a fictional caseload, and synthetic volume on top of it.

Creates (or brings up to date) two teams, the demo logins of demo/data.py with the password
in settings.DEMO_PASSWORD, and the demo caseload: 21 cases of team A split between `caseworker`
and `caseworker2`, and 3 cases of team B (`caseworker3`, `supervisor2`), so a demo shows that
nobody sees a case outside their scope.

Running it again duplicates nothing: users and teams are found by username and name (their names,
roles and memberships are reset to the demo values; a password only with --reset-passwords, so a
re-run neither undoes a changed password nor logs anyone out), demo cases by case number (a case
already there is left as it is, with its episodes and notes).

Volume (demo/data.py has every share):
- `--cases N` adds N synthetic cases (SYN-0000001, ... continuing after the highest existing one),
  with their missing episodes and history rows. They go to synthetic teams (`Synthetic team
  00001 (...)`, about 8 caseworkers and 1-2 supervisors each): every synthetic caseworker
  (`syn-cw-000001`, ...) carries 15 to 40 open cases, about 25 on average; about 30% of the cases
  are closed. A re-run tops up the existing synthetic caseworkers first, then adds caseworkers
  and teams. Synthetic people get an unusable password (volume, not logins) unless
  --synthetic-logins. The demo logins keep their small demo caseloads.
- `--pathological-caseload K` gives K of the N new cases to the demo login `caseworker2` (team A,
  supervised by the demo login `supervisor`): a caseworker with a huge caseload and the
  supervisor of a huge team, both able to sign in (the benchmark measures them).
- `--screenings M` adds M submitted screenings on open synthetic cases that have none yet (any
  caseload, the pathological one too), over the last two years, pinned to the published
  instruments loaded by `load_instruments`: their answers, results and outcomes from the real
  scoring engine, the guidance actions, reviews and audit events that follow, and some drafts
  (demo/synthetic_screenings.py).

Rows go in with bulk inserts in batches of 5,000 (one batch in memory at a time; the DEBUG query
log is emptied after each): 1,000,000 cases and 50,000 screenings take a few minutes.
Everything happens in one transaction and leaves one audit event for the run (and one for each
synthetic submission and review decision, as the app would).
"""

import random
import re
import time

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Avg, Count, Max, Min
from django.db.models.functions import Length
from django.utils import timezone

from accounts import audit, roles
from accounts.models import Team, User
from cases.access import cases_visible_to
from cases.models import Case
from demo import data as demo_data
from demo.bulk import BATCH_SIZE
from demo.caseload import seed_demo_cases
from demo.synthetic_cases import add_cases
from demo.synthetic_screenings import Instruments, LibraryMissing, ScreeningSeeder, candidates_query
from demo.workforce import Workforce
from screening import deadlines

MAX_SYNTHETIC_CASES = 1_000_000
MAX_SYNTHETIC_SCREENINGS = 1_000_000
CHANGE_REASON = "seed_demo"
# The apps whose tables get fresh statistics after a bulk insert.
ANALYZED_APPS = ("accounts", "cases", "screening")


def parse_count(value, option: str, low: int, high: int, meaning: str) -> int:
    """A whole number from `low` to `high` given to `option`, else CommandError."""
    message = f"{option} must be a whole number from {low:,} to {high:,} ({meaning}); got {value!r}."
    if isinstance(value, bool):
        raise CommandError(message)
    if isinstance(value, int):
        number = value
    else:
        # At most ten digits: no surprise from int() on a huge string.
        match = re.fullmatch(r"\s*([+-]?[0-9]{1,10})\s*", str(value))
        if not match:
            raise CommandError(message)
        number = int(match.group(1))
    if not low <= number <= high:
        raise CommandError(message)
    return number


def parse_case_count(value) -> int:
    """The N of `--cases N`: a whole number from 1 to MAX_SYNTHETIC_CASES, else CommandError."""
    return parse_count(value, "--cases", 1, MAX_SYNTHETIC_CASES, "the number of synthetic cases to add")


def _closed(count: int) -> int:
    """How many of `count` new cases are closed (the share holds exactly; synthetic_cases)."""
    return round(count * demo_data.SYNTHETIC_CLOSED_SHARE)


class Command(BaseCommand):
    help = (
        "Create the demo teams, logins (password: settings.DEMO_PASSWORD) and a fictional "
        "caseload; --cases N adds N synthetic cases on synthetic teams (15-40 open cases per "
        "caseworker), --pathological-caseload K gives K of them to the demo login "
        f"`{demo_data.PATHOLOGICAL_LOGIN}`, --screenings M adds M submitted screenings on synthetic "
        "cases (after load_instruments). Safe to run again: a re-run continues the numbering."
    )

    def add_arguments(self, parser):
        # Strings, validated in handle(), so that a bad value gets our message whichever way the
        # command is called (command line or call_command(cases=...)).
        parser.add_argument(
            "--cases",
            metavar="N",
            default=None,
            help=f"Also add N synthetic cases (1 to {MAX_SYNTHETIC_CASES:,}), numbered "
            f"{demo_data.SYNTHETIC_PREFIX}0000001 on, after the highest existing one, on synthetic "
            "teams and caseworkers (15 to 40 open cases each, about 25; about 30%% closed).",
        )
        parser.add_argument(
            "--pathological-caseload",
            metavar="K",
            default=None,
            help=f"Give K of the N new cases (0 to N) to the demo login `{demo_data.PATHOLOGICAL_LOGIN}` "
            "(team A, supervised by the demo login `supervisor`): one huge caseload and one huge "
            "team, for measuring. Needs --cases.",
        )
        parser.add_argument(
            "--screenings",
            metavar="M",
            default=None,
            help=f"Also add M submitted screenings (0 to {MAX_SYNTHETIC_SCREENINGS:,}) on open "
            "synthetic cases that have none yet, over the last two years, scored by the engine with "
            "the published instruments, with their guidance actions and reviews (and some drafts). "
            "Run `manage.py load_instruments` first.",
        )
        parser.add_argument(
            "--synthetic-logins",
            action="store_true",
            help="Give the synthetic caseworkers and supervisors this run creates the password "
            "settings.DEMO_PASSWORD (by default they cannot sign in). With --reset-passwords, the "
            "existing synthetic people too.",
        )
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Also set the demo logins that already exist back to settings.DEMO_PASSWORD "
            "(which logs them out). New logins always get it.",
        )

    def handle(self, *args, **options):
        if not settings.SEED_DEMO_ALLOWED:
            raise CommandError(
                "seed_demo creates logins with a known password, so it runs only where "
                "DEBUG=true or SEED_DEMO_ALLOWED=true (never in production)."
            )
        # Validate everything before writing anything.
        count = None if options["cases"] is None else parse_case_count(options["cases"])
        special = self._parse_pathological(options["pathological_caseload"], count)
        screenings, instruments = self._parse_screenings(options["screenings"], count, special)
        password = settings.DEMO_PASSWORD
        if not password:
            raise CommandError("settings.DEMO_PASSWORD is empty; set DEMO_PASSWORD.")
        self.verbosity = options["verbosity"]
        started = time.monotonic()

        with transaction.atomic():
            groups = self._role_groups()
            users, users_created = self._seed_users(password, groups, reset=options["reset_passwords"])
            teams, teams_created = self._seed_teams(users)
            demo = seed_demo_cases(users, teams)
            self._say(
                f"Demo caseload: {len(demo['created'])} cases added "
                f"({demo['episodes']} missing episodes, {demo['notes']} notes); "
                f"{len(demo['existing'])} already present, left unchanged."
            )
            logins = password if options["synthetic_logins"] else None
            if logins and options["reset_passwords"]:
                self._reset_synthetic_passwords(logins)
            synthetic = self._seed_synthetic(count, special, users, teams, logins) if count else None
            seeded = self._seed_screenings(screenings, instruments) if screenings else None
            if count:
                # The deadline of every case whose facts the bulk insert set (one UPDATE).
                deadlines.refresh_due_at()
            detail = {
                "users_created": users_created,
                "users_updated": sorted(set(users) - set(users_created)),
                "teams_created": teams_created,
                "demo_cases_created": demo["created"],
                "demo_cases_already_present": demo["existing"],
                "episodes_created": demo["episodes"],
                "notes_created": demo["notes"],
            }
            summary = (
                f"seed_demo: {len(users_created)} users and {len(teams_created)} teams "
                f"created, {len(demo['created'])} demo cases added"
            )
            if synthetic:
                detail["synthetic_cases"] = synthetic
                summary += f", {synthetic['count']:,} synthetic cases added"
            if seeded:
                detail["synthetic_screenings"] = seeded
                summary += f", {seeded['submitted']:,} synthetic screenings added"
            audit.record(None, audit.Action.CREATED, summary=summary, detail=detail)

        if count and connection.vendor == "postgresql":
            self._analyze()
        self._report(users, teams, password, time.monotonic() - started)

    def _analyze(self):
        """Fresh statistics after a bulk insert, as autovacuum would give them later: until then
        the database plans for the tables as they were (empty), and every page pays for it."""
        tables = [t for t in connection.introspection.table_names() if t.split("_")[0] in ANALYZED_APPS]
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f'ANALYZE "{table}"')
        self._say(f"Statistics updated for {len(tables)} tables (ANALYZE).")

    # --- arguments ----------------------------------------------------------------------------

    def _parse_pathological(self, value, count: int | None) -> int:
        if value is None:
            return 0
        special = parse_count(
            value,
            "--pathological-caseload",
            0,
            MAX_SYNTHETIC_CASES,
            f"how many of the new cases go to `{demo_data.PATHOLOGICAL_LOGIN}`",
        )
        if special and count is None:
            raise CommandError(
                "--pathological-caseload needs --cases: its cases are taken from the new synthetic cases."
            )
        if special > (count or 0):
            raise CommandError(
                f"--pathological-caseload {special:,} is more than --cases {count:,}: the cases given to "
                f"`{demo_data.PATHOLOGICAL_LOGIN}` are taken from the new ones."
            )
        return special

    def _parse_screenings(self, value, count: int | None, special: int):
        if value is None:
            return 0, None
        screenings = parse_count(
            value,
            "--screenings",
            0,
            MAX_SYNTHETIC_SCREENINGS,
            "the number of submitted synthetic screenings to add",
        )
        if not screenings:
            return 0, None
        try:
            instruments = Instruments()
        except LibraryMissing as error:
            raise CommandError(
                f"--screenings needs the instrument library and the jurisdiction profile: {error} "
                "Run `manage.py load_instruments` first."
            ) from None
        # Synthetic screenings go on open synthetic cases without one: enough of them?
        new_open = 0
        if count:
            new_open = (count - special) - _closed(count - special) + special - _closed(special)
        available = candidates_query().count() + new_open
        if screenings > available:
            raise CommandError(
                f"--screenings {screenings:,} needs as many open synthetic cases without a screening; "
                f"there are {available:,} (with this run's --cases). Add cases with --cases, or ask "
                "for fewer screenings."
            )
        return screenings, instruments

    # --- users and teams -------------------------------------------------------------------

    def _role_groups(self) -> dict[str, Group]:
        groups = {g.name: g for g in Group.objects.filter(name__in=roles.ROLE_LABELS)}
        missing = set(roles.ROLE_LABELS) - set(groups)
        if missing:
            raise CommandError(
                f"Role groups missing ({', '.join(sorted(missing))}); run `manage.py migrate` first."
            )
        return groups

    def _seed_users(self, password, groups, *, reset=False):
        users, created = {}, []
        for spec in demo_data.USERS:
            user = User.objects.filter(username=spec["username"]).first()
            if user is None:
                user = User(username=spec["username"])
                created.append(spec["username"])
            superuser = spec.get("superuser", False)
            user.first_name = spec["first_name"]
            user.last_name = spec["last_name"]
            user.email = f"{spec['username']}@{demo_data.EMAIL_DOMAIN}"
            user.is_active = True
            user.is_superuser = superuser
            user.is_staff = superuser or spec.get("staff", False)
            if user.pk is None or reset:
                user.set_password(password)
            user.full_clean()
            user.save()
            user.groups.set([groups[name] for name in spec["roles"]])
            users[spec["username"]] = user
        return users, created

    def _seed_teams(self, users):
        teams, created = {}, []
        demo_user_ids = [user.pk for user in users.values()]
        for spec in demo_data.TEAMS:
            team = Team.objects.filter(name=spec["name"]).first()
            if team is None:
                team = Team(name=spec["name"])
                created.append(spec["name"])
            team.county = spec["county"]
            team.office = spec["office"]
            team.full_clean()
            team.save()
            for relation, key in (
                (team.caseworkers, "caseworker_of"),
                (team.supervisors, "supervisor_of"),
                (team.program_managers, "program_manager_of"),
            ):
                members = [
                    users[u["username"]]
                    for u in demo_data.USERS
                    if spec["key"] in (u[key] if isinstance(u.get(key), list) else [u.get(key)])
                ]
                # Demo users get exactly the demo memberships; other members are left alone.
                relation.remove(*[pk for pk in demo_user_ids if pk not in {m.pk for m in members}])
                relation.add(*members)
            teams[spec["key"]] = team
        return teams, created

    # --- synthetic volume -------------------------------------------------------------------

    def _next_synthetic_number(self) -> int:
        prefix = demo_data.SYNTHETIC_PREFIX
        highest = (
            Case.objects.filter(case_number__regex=rf"^{prefix}[0-9]+$")
            .order_by(Length("case_number").desc(), "-case_number")
            .values_list("case_number", flat=True)
            .first()
        )
        return int(highest[len(prefix) :]) + 1 if highest else 1

    def _reset_synthetic_passwords(self, password: str) -> None:
        User.objects.filter(
            username__regex=rf"^({demo_data.SYNTHETIC_CASEWORKER_PREFIX}|{demo_data.SYNTHETIC_SUPERVISOR_PREFIX})"
        ).update(password=make_password(password))

    def _seed_synthetic(self, count, special, users, teams, password):
        started = time.monotonic()
        now = timezone.now()
        first = self._next_synthetic_number()
        prefix, digits = demo_data.SYNTHETIC_PREFIX, demo_data.SYNTHETIC_DIGITS
        regular = count - special
        # Who gets the open cases is planned before any case is written (demo/workforce.py).
        workforce = Workforce(random.Random(f"seed_demo:workforce:{first}"), password=password)
        workforce.plan(regular - _closed(regular), _closed(regular))
        workforce.create()
        made = workforce.created
        self._say(
            f"Synthetic workforce: {made['teams']:,} teams, {made['caseworkers']:,} caseworkers and "
            f"{made['supervisors']:,} supervisors created"
            + (
                " (they can sign in with the demo password)."
                if password
                else " (no password: volume, not logins)."
            )
        )
        pathological = None
        if special:
            login = next(u for u in demo_data.USERS if u["username"] == demo_data.PATHOLOGICAL_LOGIN)
            team_key = login["caseworker_of"]
            pathological = (
                special,
                users[login["username"]].pk,
                teams[team_key].pk,
                demo_data.SYNTHETIC_LOCATIONS[team_key],
            )
        self._say(
            f"Adding {count:,} synthetic cases from {prefix}{first:0{digits}d} "
            f"in batches of {BATCH_SIZE:,} ..."
            + (f" ({special:,} of them to {demo_data.PATHOLOGICAL_LOGIN})" if special else "")
        )
        totals = add_cases(
            count=count,
            first=first,
            assigner=workforce.assigner(),
            pathological=pathological,
            now=now,
            say=self._say,
        )
        elapsed = time.monotonic() - started
        last = first + count - 1
        self._say(
            self.style.SUCCESS(
                f"Added {count:,} synthetic cases ({prefix}{first:0{digits}d} to "
                f"{prefix}{last:0{digits}d}; {totals['closed']:,} closed) with {totals['episodes']:,} "
                f"missing episodes ({totals['open_episodes']:,} still open) and their history rows in "
                f"{elapsed:.1f} s ({count / elapsed if elapsed else count:,.0f} cases/s)."
            )
        )
        return {
            "count": count,
            "first": f"{prefix}{first:0{digits}d}",
            "last": f"{prefix}{last:0{digits}d}",
            "closed": totals["closed"],
            "episodes": totals["episodes"],
            "pathological_caseload": {"login": demo_data.PATHOLOGICAL_LOGIN, "cases": special},
            "workforce_created": made,
            "seconds": round(elapsed, 1),
        }

    def _seed_screenings(self, count: int, instruments: Instruments) -> dict:
        drafts = max(1, round(count * demo_data.DRAFT_SHARE))
        self._say(f"Adding {count:,} synthetic screenings (and about {drafts:,} drafts) ...")
        totals = ScreeningSeeder(instruments, now=timezone.now(), say=self._say).run(count, drafts)
        submitted = max(1, totals.get("submitted", 0))
        self._say(
            self.style.SUCCESS(
                f"Added {totals.get('submitted', 0):,} submitted screenings ({totals.get('interviews', 0):,} "
                f"of them interviews after a Tier 1) and {totals.get('drafts', 0):,} drafts: outcomes "
                f"{totals.get('outcome_none', 0):,} none, {totals.get('outcome_possible', 0):,} possible, "
                f"{totals.get('outcome_clear', 0):,} clear; {totals.get('actions', 0):,} guidance actions "
                f"({totals.get('actions', 0) / submitted:.1f} a screening, "
                f"{totals.get('actions_open', 0):,} open); {totals.get('waiting_for_review', 0):,} waiting "
                f"for review, {totals.get('review_decisions', 0):,} decisions; "
                f"{totals['distinct_answer_sets_scored']:,} distinct answer sets scored; "
                f"in {totals['seconds']:.1f} s."
            )
        )
        if totals.get("submitted", 0) < count:
            self._say(
                self.style.WARNING(
                    f"Only {totals.get('submitted', 0):,} of {count:,}: the open synthetic cases ran out."
                )
            )
        return totals

    # --- output -----------------------------------------------------------------------------

    def _say(self, message):
        if self.verbosity >= 1:
            self.stdout.write(message)

    def _report(self, users, teams, password, elapsed):
        self._say(self.style.SUCCESS(f"Demo data saved (one transaction) in {elapsed:.1f} s."))
        self._report_caseloads()
        team_a, team_b = teams["a"], teams["b"]
        self._say(
            f"Scope: two teams. {team_a.name} ({team_a.cases.count():,} cases): caseworker, "
            f"caseworker2, supervisor. {team_b.name} ({team_b.cases.count():,} cases): "
            f"caseworker3, supervisor2. Each caseworker sees only their own cases, each "
            f"supervisor only their team's, `instruments` none, `admin` all: sign in as "
            f"supervisor and as supervisor2 to see it."
        )
        self._say("\nDemo logins (all with the same password, settings.DEMO_PASSWORD):")
        rows = []
        for spec in demo_data.USERS:
            user = users[spec["username"]]
            role = ", ".join(spec["roles"]) or "System administrator"
            if spec.get("superuser") and spec["roles"]:
                role += ", System administrator"
            team_key = spec.get("caseworker_of") or spec.get("supervisor_of")
            team = teams[team_key].name if team_key else "-"
            if spec.get("program_manager_of"):
                team = "figures of " + ", ".join(teams[k].name for k in spec["program_manager_of"])
            visible = cases_visible_to(user).count()
            rows.append((spec["username"], role, password, team, f"{visible:,}"))
        header = ("username", "role", "password", "team", "cases visible")
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            self._say("  " + "  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())

    def _report_caseloads(self):
        """Open cases per synthetic caseworker, and the pathological login's caseload."""
        per_worker = (
            Case.objects.filter(
                assigned_caseworker__username__startswith=demo_data.SYNTHETIC_CASEWORKER_PREFIX,
                status=Case.Status.OPEN,
            )
            .values("assigned_caseworker")
            .annotate(n=Count("pk"))
            .order_by()
        )
        stats = per_worker.aggregate(
            workers=Count("assigned_caseworker"), low=Min("n"), mean=Avg("n"), high=Max("n")
        )
        if stats["workers"]:
            teams = Team.objects.filter(name__startswith=demo_data.SYNTHETIC_TEAM_PREFIX).count()
            self._say(
                f"Synthetic caseloads: {stats['workers']:,} caseworkers on {teams:,} teams, "
                f"{stats['low']} to {stats['high']} open cases each ({stats['mean']:.1f} on average)."
            )
