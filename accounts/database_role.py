"""The app's own PostgreSQL role: what it may do, and nothing more (README, "Running in production").

Two roles share the database:

- the **owner** owns the tables: migrations run as it (``DATABASE_OWNER_URL``; ``migrate`` switches
  to it by itself), and so do backups;
- the **app role** is what the running app logs in as (``DATABASE_URL``). :func:`grant_app_role`
  gives it SELECT, INSERT, UPDATE and DELETE on the ordinary tables, only SELECT and INSERT on the
  append-only ones (every model on :class:`accounts.append_only.AppendOnly`: audit events, review
  decisions and responses, action closures), SELECT on ``django_migrations`` and USAGE on the
  sequences. No TRUNCATE, no REFERENCES or TRIGGER, and as it owns nothing it cannot ALTER, DROP or
  disable a trigger.

What the app role may UPDATE but a trigger still guards (an instrument version once published, the
rows of a version that is no longer a draft) stays guarded: django-pgtrigger lets a session skip a
trigger by setting ``pgtrigger.ignore``, which any role may set, so :data:`IGNORE_FUNCTION` replaces
pgtrigger's check with one that honours the setting only for a role that owns the table (who could
disable the trigger anyway). pgtrigger writes its own version back whenever a migration installs a
trigger, hence: grant after every migrate (``migrate`` does when ``DATABASE_OWNER_URL`` is set).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from .append_only import AppendOnly

# pgtrigger's "_pgtrigger_should_ignore" (compiler.py, installation template v1), with one
# condition added: the trigger is skipped only for a role that has its table owner's privileges.
IGNORE_FUNCTION = """
CREATE OR REPLACE FUNCTION "public"._pgtrigger_should_ignore(trigger_name NAME)
RETURNS BOOLEAN AS $$
    DECLARE
        _pgtrigger_ignore TEXT[];
        _result BOOLEAN;
    BEGIN
        BEGIN
            SELECT INTO _pgtrigger_ignore CURRENT_SETTING('pgtrigger.ignore');
            EXCEPTION WHEN OTHERS THEN
        END;
        IF _pgtrigger_ignore IS NOT NULL THEN
            SELECT trigger_name = ANY(_pgtrigger_ignore) INTO _result;
            IF _result IS TRUE THEN
                -- screening: only the table's owner may skip its trigger (accounts/database_role.py)
                RETURN EXISTS (
                    SELECT 1 FROM pg_catalog.pg_trigger t
                    JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
                    WHERE t.tgname = trigger_name
                      AND pg_catalog.pg_has_role(current_user, c.relowner, 'USAGE')
                );
            END IF;
            RETURN _result;
        ELSE
            RETURN FALSE;
        END IF;
    END;
$$ LANGUAGE plpgsql;
"""
IGNORE_FUNCTION_MARK = "only the table's owner may skip its trigger"

ORDINARY = ("SELECT", "INSERT", "UPDATE", "DELETE")
APPEND_ONLY = ("SELECT", "INSERT")
READ_ONLY = ("SELECT",)


class RoleError(Exception):
    """The grants cannot be made as asked (wrong role, not connected as the owner, ...)."""


def append_only_tables() -> set[str]:
    """The tables of every model on AppendOnly: rows written once, never changed or deleted."""
    return {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if issubclass(model, AppendOnly) and not model._meta.proxy
    }


def privileges_for(table: str, append_only: set[str]) -> tuple[str, ...]:
    if table in append_only:
        return APPEND_ONLY
    if table == "django_migrations":
        return READ_ONLY
    return ORDINARY


def _fetch(cursor, sql: str, params=()) -> list[tuple]:
    cursor.execute(sql, params)
    return cursor.fetchall()


def check_role(cursor, role: str) -> None:
    """Refuse a role that does not exist, is a superuser, or is (or acts as) the owner."""
    found = _fetch(
        cursor, "SELECT rolsuper, rolbypassrls FROM pg_catalog.pg_roles WHERE rolname = %s", [role]
    )
    if not found:
        raise RoleError(
            f'The role "{role}" does not exist. Create it first, as a superuser or a role with '
            f"CREATEROLE: CREATE ROLE {role} LOGIN PASSWORD '...';"
        )
    if found[0][0] or found[0][1]:
        raise RoleError(f'"{role}" is a superuser (or bypasses row security): the app must not be.')
    [(me, owns_tables)] = _fetch(
        cursor,
        "SELECT current_user, COALESCE(bool_and(pg_catalog.pg_has_role(current_user, c.relowner, 'USAGE')), "
        "false) FROM pg_catalog.pg_class c WHERE c.relnamespace = 'public'::regnamespace "
        "AND c.relkind IN ('r', 'p', 'S')",
    )
    if not owns_tables:
        raise RoleError(
            f'Connected as "{me}", which does not own the tables: run this as their owner '
            "(DATABASE_OWNER_URL, or DATABASE_URL set to the owner's)."
        )
    if role == me:
        raise RoleError(f'"{role}" is the role connected: the app role must be another one than the owner.')
    [(acts_as_owner,)] = _fetch(cursor, "SELECT pg_catalog.pg_has_role(%s, current_user, 'USAGE')", [role])
    if acts_as_owner:
        raise RoleError(f'"{role}" is a member of "{me}", so it would act as the owner: revoke that first.')


def grant_app_role(role: str, *, using: str = DEFAULT_DB_ALIAS) -> dict[str, tuple[str, ...]]:
    """Give ``role`` what the app needs and take away anything else, in one transaction.

    Idempotent: run it after every migrate. Returns the privileges given, by table.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        raise RoleError("Database roles are a PostgreSQL matter; this database is " + connection.vendor)
    quote = connection.ops.quote_name
    append_only = append_only_tables()
    given: dict[str, tuple[str, ...]] = {}
    with transaction.atomic(using=using), connection.cursor() as cursor:
        check_role(cursor, role)
        tables = [
            name
            for (name,) in _fetch(
                cursor,
                "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = 'public' ORDER BY tablename",
            )
        ]
        missing = append_only - set(tables)
        if missing:
            raise RoleError(
                f"Append-only tables missing from the database (migrate first): {sorted(missing)}"
            )
        database = _fetch(cursor, "SELECT current_database()")[0][0]
        who = quote(role)
        statements = [
            f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {who}",
            f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {who}",
            f"REVOKE CREATE ON SCHEMA public FROM {who}",
            # Before PostgreSQL 15 every role could create objects in "public".
            "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
            f"GRANT USAGE ON SCHEMA public TO {who}",
            f"GRANT CONNECT ON DATABASE {quote(database)} TO {who}",
        ]
        for table in tables:
            given[table] = privileges_for(table, append_only)
            statements.append(f"GRANT {', '.join(given[table])} ON TABLE {quote(table)} TO {who}")
        statements += [
            f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {who}",
            IGNORE_FUNCTION,
        ]
        for statement in statements:
            cursor.execute(statement)
    return given


def ignore_function_is_guarded(*, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether pgtrigger's ignore check in the database is ours (it returns after a migration
    that installs a trigger until grant_app_role runs again)."""
    with connections[using].cursor() as cursor:
        found = _fetch(
            cursor,
            "SELECT prosrc FROM pg_catalog.pg_proc WHERE proname = '_pgtrigger_should_ignore' "
            "AND pronamespace = 'public'::regnamespace",
        )
    return bool(found) and IGNORE_FUNCTION_MARK in found[0][0]


def url_config(url: str) -> dict:
    """A database URL (postgres://user:password@host:port/name) as Django's settings dict."""
    import environ

    return environ.Env.db_url_config(url)


@contextlib.contextmanager
def connected_as(url_config: dict, *, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Within the block, ``using`` logs in with another role's credentials (same database)."""
    connection = connections[using]
    settings_dict = connection.settings_dict
    if url_config.get("NAME") and url_config["NAME"] != settings_dict["NAME"]:
        raise RoleError(
            f'DATABASE_OWNER_URL names the database "{url_config["NAME"]}" and DATABASE_URL '
            f'"{settings_dict["NAME"]}": they must name the same one.'
        )
    keys = ("USER", "PASSWORD", "HOST", "PORT")
    saved = {key: settings_dict.get(key) for key in keys}
    connection.close()
    settings_dict.update({key: url_config.get(key, "") for key in keys})
    try:
        yield
    finally:
        connection.close()
        settings_dict.update(saved)
