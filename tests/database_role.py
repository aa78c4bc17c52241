"""The suite runs as the app's own database role, as production does (accounts/database_role.py).

pytest-django creates and migrates the test database as its owner (DATABASE_URL's user); then the
app role (TEST_DATABASE_APP_ROLE, made by scripts/pg-cluster.sh) is granted what the app needs, and
every connection of the tests logs in as the owner but acts as the app role from its first statement
(`-c role=...`: the same privileges as a login of its own; RESET ROLE stays there). Only test
set-up that must do what the app may not (emptying the tables between transactional tests,
resetting a sequence, testing the triggers themselves) steps back to the owner, with
`table_owner()`. Without TEST_DATABASE_APP_ROLE (a PostgreSQL of your own) the suite runs as the
owner and the role's own tests are skipped.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from django.db import DEFAULT_DB_ALIAS, Error, connections

APP_ROLE = os.environ.get("TEST_DATABASE_APP_ROLE", "")


def in_use(using: str = DEFAULT_DB_ALIAS) -> bool:
    return bool(APP_ROLE) and connections[using].vendor == "postgresql"


def act_as_app_role(using: str = DEFAULT_DB_ALIAS) -> dict:
    """From the next connection on, the tests' connection acts as the app role. Returns the
    OPTIONS as they were, for `stop_acting`."""
    connection = connections[using]
    options = connection.settings_dict.setdefault("OPTIONS", {})
    saved = dict(options)
    options["options"] = f"{options.get('options', '')} -c role={APP_ROLE}".strip()
    connection.close()
    return saved


def stop_acting(saved: dict, using: str = DEFAULT_DB_ALIAS) -> None:
    connection = connections[using]
    connection.close()
    connection.settings_dict["OPTIONS"] = saved


def _set_role(using: str, role: str) -> None:
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {role}")


@contextlib.contextmanager
def table_owner(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Within the block, the tests' connection acts as the tables' owner (test set-up only)."""
    if not in_use(using):
        yield
        return
    before = current_role(using)  # blocks nest: the inner one gives back what the outer set
    _set_role(using, "NONE")
    try:
        yield
    finally:
        try:
            _set_role(using, connections[using].ops.quote_name(before))
        except Error:
            # A failed transaction: its rollback undoes the SET ROLE NONE as well.
            pass


def current_role(using: str = DEFAULT_DB_ALIAS) -> str:
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT current_user")
        return cursor.fetchone()[0]
