"""Personas shared by every test (healthchecks-style), and the database the run used.

Team A: `caseworker` (Casey) and `caseworker2` (Sam), supervised by `supervisor` (Morgan).
Team B: `other_caseworker` (Riley), supervised by `other_supervisor` (Jordan).
`instrument_admin` has no case access; `program_manager` (Pat) sees team A's figures, no case;
`admin` is a superuser.
"""

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation

from accounts import roles

from . import database_role, factories


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]
    where = f"{db.get('HOST') or 'local socket'}:{db.get('PORT') or '-'}"
    role = (
        f"as the app role {database_role.APP_ROLE}"
        if database_role.APP_ROLE
        else "as the owner (set TEST_DATABASE_APP_ROLE to run as the app's role)"
    )
    return f"database: {db['ENGINE'].rsplit('.', 1)[-1]} at {where} (test database test_{db['NAME']}, {role})"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, created and migrated by its owner; then the tests act as the app's role,
    granted what production grants it (tests/database_role.py)."""
    if not database_role.in_use():
        yield
        return
    from accounts.database_role import grant_app_role

    with django_db_blocker.unblock():
        grant_app_role(database_role.APP_ROLE)
        saved = database_role.act_as_app_role()
    yield
    with django_db_blocker.unblock():
        database_role.stop_acting(saved)


@pytest.fixture
def as_table_owner(db):
    """The test acts as the tables' owner, not the app's role: for what tests the guards that hold
    even against the owner (the triggers), or changes the schema. The app role's own limits are
    tested in tests/config/test_database_role.py."""
    with database_role.table_owner():
        yield


@pytest.fixture(autouse=True)
def _in_the_default_language():
    """Each test starts in the app's default language: a request with another browser language
    leaves it active in the thread (LocaleMiddleware sets it and never resets it), and the next
    test's own code (reading an instrument's texts) would run in it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session", autouse=True)
def _print_database(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":  # SQLite: tests/reporting/test_on_sqlite.py
            print(f"\nTests run on: {connection.vendor} {connection.Database.sqlite_version}")
            return
        with connection.cursor() as cursor:
            cursor.execute("select version(), current_user")
            version, role = cursor.fetchone()
            print(f"\nTests run on: {version}, as {role}")


@pytest.fixture(scope="session", autouse=True)
def _flush_past_the_truncate_guards():
    """A transactional test ends with `flush`, one TRUNCATE of every table, which the append-only
    tables refuse on PostgreSQL (accounts/append_only.py). Emptying the test database is allowed:
    flush, and only flush, ignores those triggers, as the tables' owner (the app's role may not
    TRUNCATE, nor skip a trigger)."""
    import pgtrigger
    from django.core.management.commands import flush

    guards = [
        trigger.get_uri(model)
        for model, trigger in pgtrigger.registered()
        if str(trigger.operation) == str(pgtrigger.Truncate)
    ]
    handle = flush.Command.handle

    def handle_ignoring_guards(self, *args, **options):
        with database_role.table_owner(options.get("database", "default")), pgtrigger.ignore(*guards):
            return handle(self, *args, **options)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(flush.Command, "handle", handle_ignoring_guards)
        yield


@pytest.fixture
def team_a(db):
    return factories.TeamFactory(name="North County Team A", county="North County")


@pytest.fixture
def team_b(db):
    return factories.TeamFactory(name="South County Team B", county="South County")


@pytest.fixture
def caseworker(team_a):
    return factories.caseworker("casey", team_a, first_name="Casey", last_name="Moreno")


@pytest.fixture
def caseworker2(team_a):
    return factories.caseworker("sam", team_a, first_name="Sam", last_name="Okafor")


@pytest.fixture
def supervisor(team_a):
    return factories.supervisor("morgan", team_a, first_name="Morgan", last_name="Reyes")


@pytest.fixture
def other_caseworker(team_b):
    return factories.caseworker("riley", team_b, first_name="Riley", last_name="Chen")


@pytest.fixture
def other_supervisor(team_b):
    return factories.supervisor("jordan", team_b, first_name="Jordan", last_name="Baker")


@pytest.fixture
def instrument_admin(db):
    return factories.UserFactory(
        username="ines", first_name="Ines", last_name="Park", roles=[roles.INSTRUMENT_ADMIN]
    )


@pytest.fixture
def program_manager(team_a):
    """A program manager given team A: sees team A's figures (reporting/), none of its cases."""
    user = factories.UserFactory(
        username="pat", first_name="Pat", last_name="Lindqvist", roles=[roles.PROGRAM_MANAGER]
    )
    team_a.program_managers.add(user)
    return user


@pytest.fixture
def admin_user(db):
    return factories.UserFactory(
        username="root", first_name="Ada", last_name="Admin", is_superuser=True, is_staff=True
    )


@pytest.fixture
def youth_case(team_a, caseworker):
    """A case of team A, assigned to `caseworker`."""
    return factories.CaseFactory(
        case_number="A-1001",
        legal_name="Jordan Alexis Smith",
        chosen_name="Lexi",
        pronouns="she/her",
        team=team_a,
        assigned_caseworker=caseworker,
    )


@pytest.fixture
def other_case(team_b, other_caseworker):
    """A case of team B: out of scope for everyone of team A."""
    return factories.CaseFactory(
        case_number="B-2001",
        legal_name="Taylor Quinn Brooks",
        team=team_b,
        assigned_caseworker=other_caseworker,
    )


PERSONAS = [
    "caseworker",
    "caseworker2",
    "supervisor",
    "other_caseworker",
    "other_supervisor",
    "instrument_admin",
    "program_manager",
    "admin_user",
]


@pytest.fixture
def persona(request):
    """Indirect parametrisation: `@pytest.mark.parametrize("persona", [...], indirect=True)`."""
    return request.getfixturevalue(request.param)


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login
