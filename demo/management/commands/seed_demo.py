"""`manage.py seed_demo [--cases N]`: demo teams, logins and a fictional caseload.

Creates (or brings up to date) two teams, the demo logins of demo/data.py with the password
in settings.DEMO_PASSWORD, and the demo caseload: 20 cases of team A split between `caseworker`
and `caseworker2`, and 3 cases of team B (`caseworker3`, `supervisor2`), so a demo shows that
nobody sees a case outside their scope.

Running it again duplicates nothing: users and teams are found by username and name (their names,
roles and memberships are reset to the demo values; a password only with --reset-passwords, so a
re-run neither undoes a changed password nor logs anyone out), demo cases by case number (a case
already there is left as it is, with its episodes and notes).

`--cases N` adds N synthetic cases (SYN-0000001, ... continuing after the highest existing one),
with their history rows, in batches; fast enough for N = 100,000.

Everything happens in one transaction and leaves one audit event.
"""

import itertools
import random
import re
import time
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import reset_queries, transaction
from django.db.models.functions import Length
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts import audit, roles
from accounts.models import Team, User
from cases.access import cases_visible_to
from cases.models import Case, CaseNote, MissingEpisode
from demo import data as demo_data

MAX_SYNTHETIC_CASES = 1_000_000
BATCH_SIZE = 5_000
CHANGE_REASON = "seed_demo"


def parse_case_count(value) -> int:
    """The N of `--cases N`: a whole number from 1 to MAX_SYNTHETIC_CASES, else CommandError."""
    message = (
        f"--cases must be a whole number from 1 to {MAX_SYNTHETIC_CASES:,} "
        f"(the number of synthetic cases to add); got {value!r}."
    )
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
    if not 1 <= number <= MAX_SYNTHETIC_CASES:
        raise CommandError(message)
    return number


def birth_date(today: date, age: int, days_since_birthday: int) -> date:
    """A date of birth that makes the youth `age` today, their birthday that many days ago."""
    try:
        anniversary = today.replace(year=today.year - age)
    except ValueError:  # 29 February
        anniversary = today.replace(year=today.year - age, day=28)
    return anniversary - timedelta(days=days_since_birthday)


def _hours_after(start, hours):
    return None if hours is None else start + timedelta(hours=hours)


class SyntheticYouth:
    """Plausible, valid field values for one synthetic youth at a time (names, language, ...)."""

    def __init__(self, rng: random.Random, today: date):
        self.rng, self.today = rng, today
        self.pools = demo_data.NAME_POOLS
        self.pool_weights = list(itertools.accumulate(p["weight"] for p in self.pools))
        self.pronouns = demo_data.PRONOUNS
        self.pronoun_weights = list(itertools.accumulate(w for _, w, _ in self.pronouns))
        self.placements = [value for value, _ in demo_data.PLACEMENTS]
        self.placement_weights = list(itertools.accumulate(w for _, w in demo_data.PLACEMENTS))
        self.language_weights = [
            list(itertools.accumulate(w for _, w, _ in p["languages"])) for p in self.pools
        ]

    def fields(self) -> dict:
        rng = self.rng
        index = rng.choices(range(len(self.pools)), cum_weights=self.pool_weights)[0]
        pool = self.pools[index]
        pronouns, _, group = rng.choices(self.pronouns, cum_weights=self.pronoun_weights)[0]
        given_group = group if group != "n" or rng.random() < 0.3 else rng.choice("fm")
        given = rng.choice(pool[given_group])
        names = [given]
        if rng.random() < demo_data.SYNTHETIC_MIDDLE_NAME_SHARE:
            middle = rng.choice(pool[given_group])
            if middle != given:
                names.append(middle)
        names.append(rng.choice(pool["last"]))
        chosen = ""
        nonbinary = pronouns not in ("she/her", "he/him")
        share = (
            demo_data.SYNTHETIC_CHOSEN_NAME_SHARE_NONBINARY
            if nonbinary
            else demo_data.SYNTHETIC_CHOSEN_NAME_SHARE
        )
        if rng.random() < share:
            candidate = rng.choice(pool["n" if nonbinary else group])
            chosen = "" if candidate == given else candidate
        language, _, interpreter_chance = rng.choices(
            pool["languages"], cum_weights=self.language_weights[index]
        )[0]
        age = rng.randint(10, 20)
        placement = rng.choices(self.placements, cum_weights=self.placement_weights)[0]
        if placement == "independent_living" and age < 17:
            placement = "foster_family"
        return {
            "legal_name": " ".join(names),
            "chosen_name": chosen,
            "pronouns": pronouns,
            "date_of_birth": birth_date(self.today, age, rng.randint(0, 360)),
            "primary_language": language,
            "interpreter_needed": rng.random() < interpreter_chance,
            "placement_type": placement,
            "status": (
                Case.Status.CLOSED if rng.random() < demo_data.SYNTHETIC_CLOSED_SHARE else Case.Status.OPEN
            ),
            # At most five years ago: the youth is at least 10, so never before birth.
            "opened_on": self.today - timedelta(days=rng.randint(0, 5 * 365)),
            "known_runaway_history": rng.random() < demo_data.SYNTHETIC_RUNAWAY_SHARE,
        }


class Command(BaseCommand):
    help = (
        "Create the demo teams, logins (password: settings.DEMO_PASSWORD) and a fictional "
        "caseload; --cases N also adds N synthetic cases. Safe to run again."
    )

    def add_arguments(self, parser):
        # A string, validated in handle(), so that a bad value gets our message whichever way
        # the command is called (command line or call_command(cases=...)).
        parser.add_argument(
            "--cases",
            metavar="N",
            default=None,
            help=f"Also add N synthetic cases (1 to {MAX_SYNTHETIC_CASES:,}), numbered "
            f"{demo_data.SYNTHETIC_PREFIX}0000001 on, after the highest existing one.",
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
        password = settings.DEMO_PASSWORD
        if not password:
            raise CommandError("settings.DEMO_PASSWORD is empty; set DEMO_PASSWORD.")
        self.verbosity = options["verbosity"]
        started = time.monotonic()

        with transaction.atomic():
            groups = self._role_groups()
            users, users_created = self._seed_users(password, groups, reset=options["reset_passwords"])
            teams, teams_created = self._seed_teams(users)
            demo = self._seed_demo_cases(users, teams)
            self._say(
                f"Demo caseload: {len(demo['created'])} cases added "
                f"({demo['episodes']} missing episodes, {demo['notes']} notes); "
                f"{len(demo['existing'])} already present, left unchanged."
            )
            synthetic = self._seed_synthetic(count, users, teams) if count else None
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
            audit.record(None, audit.Action.CREATED, summary=summary, detail=detail)

        self._report(users, teams, password, time.monotonic() - started)

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
            for relation, key in ((team.caseworkers, "caseworker_of"), (team.supervisors, "supervisor_of")):
                members = [users[u["username"]] for u in demo_data.USERS if u.get(key) == spec["key"]]
                # Demo users get exactly the demo memberships; other members are left alone.
                relation.remove(*[pk for pk in demo_user_ids if pk not in {m.pk for m in members}])
                relation.add(*members)
            teams[spec["key"]] = team
        return teams, created

    # --- the demo caseload ------------------------------------------------------------------

    def _seed_demo_cases(self, users, teams):
        now = timezone.now()
        today = timezone.localdate(now)
        numbers = [spec["case_number"] for spec in demo_data.CASES]
        existing = set(Case.objects.filter(case_number__in=numbers).values_list("case_number", flat=True))
        result = {"created": [], "existing": sorted(existing), "episodes": 0, "notes": 0}
        supervisor_of = {
            u["supervisor_of"]: users[u["username"]] for u in demo_data.USERS if u.get("supervisor_of")
        }
        for spec in demo_data.CASES:
            if spec["case_number"] in existing:
                continue
            team = teams[spec["team"]]
            case = Case(
                case_number=spec["case_number"],
                legal_name=spec["legal_name"],
                chosen_name=spec["chosen_name"],
                pronouns=spec["pronouns"],
                date_of_birth=birth_date(today, spec["age"], spec["days_since_birthday"]),
                primary_language=spec["primary_language"],
                interpreter_needed=spec["interpreter_needed"],
                placement_type=spec["placement_type"],
                county=spec["county"],
                office=spec["office"],
                team=team,
                assigned_caseworker=users[spec["worker"]],
                status=spec["status"],
                opened_on=today - timedelta(days=spec["opened_days_ago"]),
                known_runaway_history=spec["known_runaway_history"],
            )
            case._change_reason = CHANGE_REASON
            case.full_clean()
            case.save()
            # Oldest first, so the overlap check of each episode sees the earlier ones.
            for ep in sorted(spec["episodes"], key=lambda e: -e["missing_hours_ago"]):
                start = now - timedelta(hours=ep["missing_hours_ago"])
                episode = MissingEpisode(
                    case=case,
                    went_missing_at=start,
                    reported_to_law_enforcement_at=_hours_after(start, ep["le_after_hours"]),
                    law_enforcement_report_number=ep["le_number"],
                    reported_to_ncmec_at=_hours_after(start, ep["ncmec_after_hours"]),
                    ncmec_case_number=ep["ncmec_number"],
                    returned_at=_hours_after(start, ep["returned_after_hours"]),
                    recovery_location_type=ep["location"],
                    recovery_location_details=ep["location_details"],
                    notes=ep["notes"],
                )
                episode._change_reason = CHANGE_REASON
                episode.full_clean()
                episode.save()
                result["episodes"] += 1
            for note_spec in spec["notes"]:
                author = (
                    supervisor_of[spec["team"]]
                    if note_spec.get("author") == "supervisor"
                    else case.assigned_caseworker
                )
                note = CaseNote(case=case, author=author, body=note_spec["body"])
                note.full_clean()
                note.save()
                # created_at is auto_now_add; back-date it to when the note was written.
                CaseNote.objects.filter(pk=note.pk).update(
                    created_at=now - timedelta(hours=note_spec["hours_ago"])
                )
                result["notes"] += 1
            result["created"].append(spec["case_number"])
        return result

    # --- synthetic cases --------------------------------------------------------------------

    def _next_synthetic_number(self) -> int:
        prefix = demo_data.SYNTHETIC_PREFIX
        highest = (
            Case.objects.filter(case_number__regex=rf"^{prefix}[0-9]+$")
            .order_by(Length("case_number").desc(), "-case_number")
            .values_list("case_number", flat=True)
            .first()
        )
        return int(highest[len(prefix) :]) + 1 if highest else 1

    def _seed_synthetic(self, count, users, teams):
        started = time.monotonic()
        now = timezone.now()
        today = timezone.localdate(now)
        first = self._next_synthetic_number()
        # Deterministic, yet different for each run (the seed is the first number of the run).
        youth = SyntheticYouth(random.Random(f"seed_demo:{first}"), today)
        assignments = [
            (users[u["username"]], teams[u["caseworker_of"]], u["caseworker_of"])
            for u in demo_data.USERS
            if u.get("caseworker_of")
        ]
        prefix, digits = demo_data.SYNTHETIC_PREFIX, demo_data.SYNTHETIC_DIGITS

        self._say(
            f"Adding {count:,} synthetic cases from {prefix}{first:0{digits}d} "
            f"in batches of {BATCH_SIZE:,} ..."
        )
        done, batch_index = 0, 0
        batches = (count + BATCH_SIZE - 1) // BATCH_SIZE
        report_every = max(1, batches // 10)
        while done < count:
            size = min(BATCH_SIZE, count - done)
            batch = []
            for i in range(size):
                worker, team, team_key = youth.rng.choice(assignments)
                county, office = youth.rng.choice(demo_data.SYNTHETIC_LOCATIONS[team_key])
                batch.append(
                    Case(
                        case_number=f"{prefix}{first + done + i:0{digits}d}",
                        team=team,
                        assigned_caseworker=worker,
                        county=county,
                        office=office,
                        **youth.fields(),
                    )
                )
            # History rows in bulk too. Measured for 100,000 cases: 24-27 s on PostgreSQL 15,
            # 24-29 s on SQLite, against 12.7 s without history on PostgreSQL. Cheap enough
            # to keep, so every synthetic case has its "created" history entry like any other.
            bulk_create_with_history(
                batch,
                Case,
                batch_size=BATCH_SIZE,
                default_change_reason=f"{CHANGE_REASON} --cases",
                default_date=now,
            )
            # With DEBUG on (the demo), Django keeps the text of the last 9,000 statements, and a
            # bulk insert's text is large: forget them, or a big run holds gigabytes for nothing.
            reset_queries()
            done += size
            batch_index += 1
            if batch_index % report_every == 0 or done == count:
                elapsed = time.monotonic() - started
                self._say(f"  {done:,} / {count:,} cases ({elapsed:.1f} s)")
        elapsed = time.monotonic() - started
        last = first + count - 1
        self._say(
            self.style.SUCCESS(
                f"Added {count:,} synthetic cases ({prefix}{first:0{digits}d} to "
                f"{prefix}{last:0{digits}d}) with their history rows in {elapsed:.1f} s "
                f"({count / elapsed if elapsed else count:,.0f} cases/s)."
            )
        )
        return {
            "count": count,
            "first": f"{prefix}{first:0{digits}d}",
            "last": f"{prefix}{last:0{digits}d}",
            "seconds": round(elapsed, 1),
        }

    # --- output -----------------------------------------------------------------------------

    def _say(self, message):
        if self.verbosity >= 1:
            self.stdout.write(message)

    def _report(self, users, teams, password, elapsed):
        self._say(self.style.SUCCESS(f"Demo data saved (one transaction) in {elapsed:.1f} s."))
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
            visible = cases_visible_to(user).count()
            rows.append((spec["username"], role, password, team, f"{visible:,}"))
        header = ("username", "role", "password", "team", "cases visible")
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            self._say("  " + "  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
