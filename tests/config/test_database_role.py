"""The app's own database role (accounts/database_role.py): it may do what the app does, and cannot
wipe, rewrite or unprotect the records that never change, whatever SQL it sends.

The checks log in as the app role itself (a connection of its own, as production's DATABASE_URL
would), not through the tests' connection that only acts as it.
"""

import os
import subprocess
import sys
from pathlib import Path

import pgtrigger
import psycopg2
import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from accounts import audit, database_role
from accounts.append_only import AppendOnly
from accounts.models import AuditEvent
from indicators import loading
from indicators.models import PUBLISHED, InstrumentVersion
from tests import database_role as suite_role

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_APP_ROLE"),
    reason="runs under the app role: TEST_DATABASE_APP_ROLE (make test sets it)",
)

APP_ROLE = suite_role.APP_ROLE
GUARDED = [
    "accounts_auditevent",
    "screening_reviewdecision",
    "screening_reviewresponse",
    "screening_actionclosure",
]
INSUFFICIENT_PRIVILEGE = "42501"


def login(role: str, **extra) -> psycopg2.extensions.connection:
    """A connection of its own, logged in as `role`, to the test database."""
    settings_dict = connection.settings_dict
    return psycopg2.connect(
        dbname=settings_dict["NAME"],
        user=role,
        password=settings_dict.get("PASSWORD") or None,
        host=settings_dict.get("HOST") or None,
        port=settings_dict.get("PORT") or None,
        **extra,
    )


@pytest.fixture
def as_app():
    conn = login(APP_ROLE)
    yield conn
    conn.close()


def refused(conn, sql: str, params=()) -> psycopg2.Error:
    """Run `sql` in a transaction of its own and return the error it raised (rolled back)."""
    with pytest.raises(psycopg2.Error) as caught:
        with conn.cursor() as cursor:
            cursor.execute(sql, params)
    conn.rollback()
    return caught.value


def trigger_names(table: str) -> list[str]:
    model = next(m for m in apps.get_models() if m._meta.db_table == table)
    return [trigger.get_pgid(model) for trigger in model._meta.triggers]


def test_the_suite_acts_as_the_app_role(db):
    assert suite_role.current_role() == APP_ROLE
    with suite_role.table_owner():
        assert suite_role.current_role() != APP_ROLE
    assert suite_role.current_role() == APP_ROLE


def test_the_app_role_owns_nothing_and_is_no_superuser(db, as_app):
    with as_app.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user"
        )
        assert cursor.fetchone() == (False, False, False)
        cursor.execute(
            "SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = %s)",
            [APP_ROLE],
        )
        assert cursor.fetchone() == (0,)


def test_the_append_only_tables_are_derived_from_the_models():
    derived = database_role.append_only_tables()
    assert derived == {m._meta.db_table for m in apps.get_models() if issubclass(m, AppendOnly)}
    assert set(GUARDED) <= derived
    # Every model whose trigger refuses TRUNCATE keeps its rows for ever: it is on the list.
    truncate_guarded = {
        model._meta.db_table
        for model, trigger in pgtrigger.registered()
        if str(trigger.operation) == str(pgtrigger.Truncate)
    }
    assert truncate_guarded <= derived


def test_the_privileges_are_those_the_app_needs(db, as_app):
    append_only = database_role.append_only_tables()
    with as_app.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = [name for (name,) in cursor.fetchall()]
        assert set(append_only) <= set(tables)
        for table in tables:
            privileges = {}
            for privilege in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"):
                cursor.execute("SELECT has_table_privilege(current_user, %s, %s)", [table, privilege])
                privileges[privilege] = cursor.fetchone()[0]
            granted = {p for p, yes in privileges.items() if yes}
            if table in append_only:
                assert granted == {"SELECT", "INSERT"}, table
            elif table == "django_migrations":
                assert granted == {"SELECT"}, table
            else:
                assert granted == {"SELECT", "INSERT", "UPDATE", "DELETE"}, table
        cursor.execute("SELECT has_schema_privilege(current_user, 'public', 'CREATE')")
        assert cursor.fetchone() == (False,)


@pytest.mark.parametrize("table", GUARDED)
@pytest.mark.parametrize(
    "sql",
    [
        "TRUNCATE {table}",
        "TRUNCATE {table} RESTART IDENTITY CASCADE",
        "DELETE FROM {table}",
        "UPDATE {table} SET id = id",
        "ALTER TABLE {table} DISABLE TRIGGER ALL",
        "ALTER TABLE {table} DISABLE TRIGGER {trigger}",
        "ALTER TABLE {table} DISABLE TRIGGER USER",
        "DROP TRIGGER {trigger} ON {table}",
        "ALTER TABLE {table} ADD COLUMN later integer",
        "ALTER TABLE {table} OWNER TO CURRENT_USER",
        "DROP TABLE {table} CASCADE",
        "CREATE TRIGGER sneaky BEFORE DELETE ON {table} FOR EACH ROW "
        "EXECUTE FUNCTION suppress_redundant_updates_trigger()",
    ],
)
def test_the_app_role_cannot_wipe_rewrite_or_unprotect_the_records(db, as_app, table, sql):
    error = refused(as_app, sql.format(table=table, trigger=trigger_names(table)[0]))
    assert error.pgcode == INSUFFICIENT_PRIVILEGE, error.pgerror


@pytest.mark.parametrize(
    "sql",
    [
        "SET session_replication_role = replica",  # would skip every trigger
        "CREATE TABLE public.scratch (id integer)",
        'CREATE OR REPLACE FUNCTION "public"._pgtrigger_should_ignore(trigger_name NAME) '
        "RETURNS BOOLEAN AS $$ BEGIN RETURN TRUE; END; $$ LANGUAGE plpgsql",
        "ALTER TABLE indicators_instrumentversion DISABLE TRIGGER ALL",
    ],
)
def test_nor_switch_off_the_triggers_any_other_way(db, as_app, sql):
    error = refused(as_app, sql)
    assert error.pgcode == INSUFFICIENT_PRIVILEGE, error.pgerror


def test_nor_grant_itself_more(db, as_app):
    with as_app.cursor() as cursor:
        # PostgreSQL only warns ("no privileges were granted"): nothing changes.
        cursor.execute(f"GRANT DELETE, TRUNCATE ON accounts_auditevent TO PUBLIC, {APP_ROLE}")
        cursor.execute("SELECT has_table_privilege(current_user, 'accounts_auditevent', 'DELETE, TRUNCATE')")
        assert cursor.fetchone() == (False,)
    as_app.rollback()


@pytest.fixture
def committed(committed_db, caseworker, youth_case):
    """An audit event and a published instrument version, committed, so another login sees them."""
    loading.load_files()
    event = audit.record(None, audit.Action.VIEWED, case=youth_case, user=caseworker, summary="case")
    version = InstrumentVersion.objects.filter(status=PUBLISHED).order_by("pk").first()
    return event, version


def ignoring(conn, *triggers: str) -> None:
    """What pgtrigger.ignore() does: the trigger names in the session's pgtrigger.ignore."""
    with conn.cursor() as cursor:
        cursor.execute("SELECT set_config('pgtrigger.ignore', %s, false)", ["{" + ",".join(triggers) + "}"])


def test_skipping_the_triggers_does_not_let_the_app_role_delete_an_audit_event(committed, as_app):
    event, _ = committed
    ignoring(as_app, *trigger_names("accounts_auditevent"))
    for sql in (
        "DELETE FROM accounts_auditevent WHERE id = %s",
        "UPDATE accounts_auditevent SET summary = 'x' WHERE id = %s",
    ):
        error = refused(as_app, sql, [event.pk])
        assert error.pgcode == INSUFFICIENT_PRIVILEGE
    assert AuditEvent.objects.filter(pk=event.pk, summary="case").exists()


def test_skipping_the_triggers_does_not_let_the_app_role_change_a_published_version(committed, as_app):
    """The app role may UPDATE instrument versions (drafts), so the trigger is what guards a published
    one: pgtrigger.ignore, which any role may set, is honoured for the tables' owner only."""
    _, version = committed
    table = "indicators_instrumentversion"
    ignoring(as_app, *trigger_names(table))
    error = refused(as_app, f"UPDATE {table} SET number = number + 100 WHERE id = %s", [version.pk])
    assert "never changes" in error.pgerror
    error = refused(as_app, f"DELETE FROM {table} WHERE id = %s", [version.pk])
    assert "never changes" in error.pgerror
    version.refresh_from_db()
    assert version.status == PUBLISHED

    # The same setting works for the owner (so the check above has teeth): rolled back.
    owner = login(connection.settings_dict["USER"])
    try:
        ignoring(owner, *trigger_names(table))
        with owner.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET number = number + 100 WHERE id = %s", [version.pk])
            assert cursor.rowcount == 1
        owner.rollback()
    finally:
        owner.close()


def test_the_app_role_does_what_the_app_needs(committed, as_app):
    """(The committed fixture wrote its rows through the suite's connection, as the app role.)"""
    event, version = committed
    with as_app.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM accounts_auditevent WHERE id = %s", [event.pk])
        assert cursor.fetchone() == (1,)
        cursor.execute("UPDATE cases_case SET legal_name = legal_name")
        assert cursor.rowcount == 1
        cursor.execute("DELETE FROM django_session")
        cursor.execute("SELECT nextval(pg_get_serial_sequence('cases_case', 'id'))")
    as_app.rollback()


def test_granting_is_idempotent_and_refuses_a_wrong_role(db):
    with suite_role.table_owner():
        first = database_role.grant_app_role(APP_ROLE)
        again = database_role.grant_app_role(APP_ROLE)
        assert first == again
        assert database_role.ignore_function_is_guarded()
        owner = connection.settings_dict["USER"]
        for role, message in [
            (owner, "another one than the owner"),
            ("postgres", "superuser"),
            ("nobody_at_all", "does not exist"),
        ]:
            with pytest.raises(CommandError, match=message):
                call_command("grant_app_role", role)
    # Acting as the app role, the grants cannot be made at all.
    with pytest.raises(database_role.RoleError, match="does not own the tables"):
        database_role.grant_app_role(APP_ROLE)


def manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "false", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def url(role: str) -> str:
    d = connection.settings_dict
    return f"postgres://{role}@{d['HOST'] or '127.0.0.1'}:{d['PORT']}/{d['NAME']}"


def test_migrate_logs_in_as_the_owner_and_grants_the_app_role(django_db_setup):
    """Production's commands: the app's DATABASE_URL is the app role; DATABASE_OWNER_URL is set
    where migrations run, and `migrate` uses it, then grants the app role again."""
    env = {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "testserver"}
    as_app_only = manage("migrate", "--check", DATABASE_URL=url(APP_ROLE), **env)
    assert as_app_only.returncode == 0, as_app_only.stderr  # nothing to migrate; reading is allowed

    owner = connection.settings_dict["USER"]
    result = manage("migrate", DATABASE_URL=url(APP_ROLE), DATABASE_OWNER_URL=url(owner), **env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f'Granted the app role "{APP_ROLE}"' in result.stdout

    result = manage("grant_app_role", DATABASE_URL=url(APP_ROLE), **env)
    assert result.returncode != 0
    assert "does not own the tables" in result.stderr
