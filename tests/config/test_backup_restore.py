"""Backups that restore (README, "Backups"; docs/operations.md): a seeded database dumped with
`pg_dump -Fc` and restored with `pg_restore` into a new database has the same rows in every table,
the same audit chain (every event, in order, with the same id and contents), the triggers that
guard it, and sequences that carry on after the restored ids."""

import os
import shutil
import subprocess
import time
from io import StringIO
from pathlib import Path

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection

from accounts import audit
from accounts.models import AuditEvent

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump and pg_restore: PostgreSQL"
)


def tool(name: str) -> str:
    """The client tools of the server's own version (Debian keeps them beside the server)."""
    bindir = os.environ.get("PG_CLUSTER_BIN")
    if bindir and Path(bindir, name).exists():
        return str(Path(bindir, name))
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]))
    if candidates:
        return str(candidates[-1])
    found = shutil.which(name)
    if not found:
        pytest.skip(f"{name} is not installed")
    return found


def connect_args(dbname: str) -> dict:
    d = connection.settings_dict
    return {"dbname": dbname, "user": d["USER"], "host": d["HOST"] or None, "port": d["PORT"] or None}


def cli_args() -> list[str]:
    d = connection.settings_dict
    args = ["--username", d["USER"]]
    if d["HOST"]:
        args += ["--host", d["HOST"]]
    if d["PORT"]:
        args += ["--port", str(d["PORT"])]
    return args


def cli_env() -> dict:
    password = connection.settings_dict.get("PASSWORD")
    return {**os.environ, **({"PGPASSWORD": password} if password else {})}


def fingerprint(dbname: str) -> dict:
    """Rows per table, and the audit chain, as a database holds them (read as the owner)."""
    with psycopg2.connect(**connect_args(dbname)) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [name for (name,) in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
        # Every column of every event (whatever columns the audit log has).
        cursor.execute("SELECT * FROM accounts_auditevent ORDER BY id")
        columns = [column.name for column in cursor.description]
        chain = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
        cursor.execute(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE NOT t.tgisinternal ORDER BY 1, 2"
        )
        triggers = cursor.fetchall()
    conn.close()
    return {"counts": counts, "chain": chain, "triggers": triggers}


@pytest.fixture
def seeded(committed_db):
    """The demo: teams, logins, caseload, the instrument library, screenings in every state
    (reviews, closed actions: the append-only tables), and the audit events they left."""
    out = StringIO()
    call_command("load_instruments", stdout=out)
    call_command("seed_demo", stdout=out)
    call_command("seed_demo_screenings", stdout=out)
    for n in range(3):
        audit.record(None, audit.Action.VIEWED, summary=f"read {n}", username="auditor")


@pytest.fixture
def scratch_database():
    name = f"{connection.settings_dict['NAME']}_restored"
    admin = psycopg2.connect(**connect_args("postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    # Not WITH (FORCE): that would have to signal the autovacuum worker a fresh restore wakes,
    # which only a superuser may. A plain DROP asks autovacuum to stop by itself; retry while
    # it winds down.
    with admin.cursor() as cursor:
        for attempt in range(30):
            try:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
                break
            except psycopg2.errors.ObjectInUse:
                if attempt == 29:
                    raise
                time.sleep(1)
    admin.close()


def test_a_dump_restores_with_the_same_rows_and_audit_chain(seeded, scratch_database, tmp_path):
    source = connection.settings_dict["NAME"]
    dump = tmp_path / "screening.dump"
    subprocess.run(
        [tool("pg_dump"), "--format=custom", "--file", str(dump), *cli_args(), source],
        check=True,
        env=cli_env(),
        capture_output=True,
        timeout=300,
    )
    assert dump.stat().st_size > 0
    subprocess.run(
        [
            tool("pg_restore"),
            "--exit-on-error",
            "--no-owner",
            "--dbname",
            scratch_database,
            *cli_args(),
            str(dump),
        ],
        check=True,
        env=cli_env(),
        capture_output=True,
        timeout=300,
    )

    before, after = fingerprint(source), fingerprint(scratch_database)
    assert after["counts"] == before["counts"]
    # The seed wrote something worth restoring, in the append-only tables too.
    for table in ("accounts_auditevent", "cases_case", "screening_reviewdecision", "screening_screening"):
        assert before["counts"][table] > 0, table
    assert after["chain"] == before["chain"]
    ids = [event["id"] for event in after["chain"]]
    times = [event["at"] for event in after["chain"]]
    assert ids == sorted(ids) and times == sorted(times)  # in order: by id is by time
    assert len(after["chain"]) == AuditEvent.objects.count()
    assert after["triggers"] == before["triggers"]

    with psycopg2.connect(**connect_args(scratch_database)) as conn, conn.cursor() as cursor:
        # The restored audit log still refuses to be changed ...
        with pytest.raises(psycopg2.Error, match="append-only"):
            cursor.execute("DELETE FROM accounts_auditevent")
        conn.rollback()
        # ... and the next event gets an id after the restored ones.
        cursor.execute("SELECT nextval(pg_get_serial_sequence('accounts_auditevent', 'id'))")
        assert cursor.fetchone()[0] > max(ids)
    conn.close()
