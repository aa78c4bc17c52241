"""What the bench reads and prepares in its own process, with Django against the same database as
the server: how much data there is, which cases and drafts to open, the queries each page makes
(gunicorn cannot tell), and the drafts the mixed load autosaves."""

from __future__ import annotations

import os
from dataclasses import dataclass

import django

from .stats import BenchError

# The demo logins (demo/data.py); the pathological caseload goes to PATHOLOGICAL (seed_demo
# --pathological-caseload), whose team SUPERVISOR supervises. AUTOSAVER owns the drafts the mixed
# load saves: a caseworker of the other team, so that no page of the table shows them. The
# caseworker of the table is a synthetic one with about 25 open cases (typical_caseworker).
# (demo/data.py names the pathological login and the synthetic caseworkers' prefix.)
CASEWORKER, PATHOLOGICAL, SUPERVISOR, ADMIN, AUTOSAVER = (
    "caseworker",
    "caseworker2",
    "supervisor",
    "admin",
    "caseworker3",
)
SYNTHETIC_PREFIX = "syn-cw-"
TYPICAL_CASELOAD = 25
TIER1 = "tier1-indicators"


def setup(env: dict[str, str]) -> None:
    global PATHOLOGICAL, SYNTHETIC_PREFIX
    os.environ.update(env)
    django.setup()
    from demo import data as demo_data

    PATHOLOGICAL = getattr(demo_data, "PATHOLOGICAL_LOGIN", PATHOLOGICAL)
    SYNTHETIC_PREFIX = getattr(demo_data, "SYNTHETIC_CASEWORKER_PREFIX", SYNTHETIC_PREFIX)


def counts() -> dict[str, int]:
    from cases.models import Case
    from screening.models import GuidanceAction, ReviewStatus, Screening

    return {
        "cases": Case.objects.count(),
        "screenings": Screening.objects.count(),
        "drafts": Screening.objects.drafts().count(),
        "guidance actions": GuidanceAction.objects.count(),
        "waiting for review": Screening.objects.filter(review_status=ReviewStatus.PENDING).count(),
    }


def visible_cases(username: str) -> int:
    from accounts.models import User
    from cases.access import cases_visible_to

    user = User.objects.filter(username=username).first()
    return cases_visible_to(user).count() if user else 0


def postgres_version() -> str:
    from django.db import connection

    if connection.vendor != "postgresql":
        raise BenchError("The bench measures PostgreSQL: DATABASE_URL must be a postgres:// URL.")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def vacuum_analyze() -> None:
    """After a bulk load: the planner's statistics up to date and the visibility map set, so that
    autovacuum does not do it in the middle of the measurements."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


def user(username: str):
    from accounts.models import User

    found = User.objects.filter(username=username).first()
    if found is None:
        raise BenchError(f"No user {username!r}: did seed_demo run?")
    return found


def typical_caseworker(password: str) -> str:
    """A synthetic caseworker with about TYPICAL_CASELOAD open cases (one with a draft when there
    is one), who can log in with the demo password (set here: synthetic people cannot log in unless
    seeded with --synthetic-logins); the demo login `caseworker` when there is none."""
    from django.db.models import Count

    from accounts.models import User
    from cases.models import Case
    from screening.models import Screening

    loads = dict(
        Case.objects.filter(
            status=Case.Status.OPEN, assigned_caseworker__username__startswith=SYNTHETIC_PREFIX
        )
        .values_list("assigned_caseworker")
        .annotate(n=Count("id"))
        .filter(n__gte=TYPICAL_CASELOAD - 5, n__lte=TYPICAL_CASELOAD + 5)
        .values_list("assigned_caseworker", "n")
    )
    if not loads:
        return CASEWORKER
    with_draft = set(
        Screening.objects.drafts()
        .filter(case__assigned_caseworker__in=list(loads))
        .values_list("case__assigned_caseworker", flat=True)
    )
    chosen = min(loads, key=lambda pk: (pk not in with_draft, abs(loads[pk] - TYPICAL_CASELOAD), pk))
    person = User.objects.get(pk=chosen)
    if not person.check_password(password):
        person.set_password(password)
        person.save(update_fields=["password"])
    return person.username


def open_cases(username: str) -> int:
    from cases.access import cases_visible_to
    from cases.models import Case

    return cases_visible_to(user(username)).filter(status=Case.Status.OPEN).count()


@dataclass
class Paths:
    case_page: str
    screening_form: str
    search_name: str
    search_number: str


def paths(caseworker: str) -> Paths:
    """A case of `caseworker` with a draft (started here on their first open case when they have
    none: the screening form is a page of the table); and what to search for: the surname and the
    number of a case in the middle of the table."""
    from urllib.parse import urlencode

    from cases.access import cases_visible_to
    from cases.models import Case
    from screening.models import Screening

    worker = user(caseworker)
    draft = (
        Screening.objects.drafts()
        .filter(case__assigned_caseworker=worker, follows=None, instrument_version__instrument__slug=TIER1)
        .order_by("pk")
        .first()
    )
    if draft is None:
        case = cases_visible_to(worker).filter(status=Case.Status.OPEN).order_by("pk").first()
        if case is None:
            raise BenchError(f"{caseworker!r} has no open case: did seed_demo run?")
        draft = start_drafts(worker, [case], 1)[0]
    total = Case.objects.count()
    middle = Case.objects.order_by("pk").values_list("legal_name", "case_number")[total // 2]
    return Paths(
        case_page=f"/cases/{draft.case_id}/",
        screening_form=f"/screenings/{draft.pk}/",
        search_name="/cases/?" + urlencode({"q": middle[0].split()[-1]}),
        search_number="/cases/?" + urlencode({"q": middle[1]}),
    )


def start_drafts(owner, cases: list, count: int) -> list:
    """`count` Tier 1 drafts (general context) by `owner`, on `cases` in turn, as the app starts
    them (screening.services)."""
    from django.db import transaction
    from django.test import RequestFactory

    from indicators.models import Instrument
    from screening import services

    instrument = Instrument.objects.filter(slug=TIER1).first()
    version = instrument.latest_published() if instrument else None
    if version is None:
        raise BenchError(f"No published {TIER1}: did load_instruments run?")
    request = RequestFactory().post("/", REMOTE_ADDR="127.0.0.1")
    request.user = owner
    with transaction.atomic():
        return [
            services.start_screening(
                request=request, case=cases[i % len(cases)], context="general", version=version
            )
            for i in range(count)
        ]


def queries_of(username: str, path: str) -> tuple[int, int]:
    """(queries, status) of one GET, made in this process with Django's test client and counted."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(raise_request_exception=False)
    client.force_login(user(username))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return len(captured.captured_queries), response.status_code


@dataclass
class Draft:
    pk: int
    version: int
    field: str
    choices: list[str]


def autosave_drafts(count: int) -> list[Draft]:
    """`count` Tier 1 drafts of AUTOSAVER's for the mixed load, one per client (so no two clients
    save the same draft: no conflicts); those of an earlier run are used again."""
    from cases.access import cases_visible_to
    from cases.models import Case
    from screening.forms import AnswersForm
    from screening.models import Screening

    owner = user(AUTOSAVER)
    drafts = list(
        Screening.objects.drafts()
        .filter(created_by=owner, follows=None, instrument_version__instrument__slug=TIER1)
        .order_by("pk")[:count]
    )
    if len(drafts) < count:
        cases = list(cases_visible_to(owner).filter(status=Case.Status.OPEN).order_by("pk")[:count])
        if not cases:
            raise BenchError(f"{AUTOSAVER!r} has no open case to start drafts on.")
        drafts += start_drafts(owner, cases, count - len(drafts))
    result = []
    for draft in drafts:
        form = AnswersForm(screening=draft)
        name = next(n for n in form.fields if n.startswith("a_"))
        choices = [str(value) for value, _ in form.fields[name].choices]
        result.append(Draft(draft.pk, draft.version, name, choices))
    return result


def draft_version(pk: int) -> int:
    from screening.models import Screening

    return Screening.objects.values_list("version", flat=True).get(pk=pk)
