"""Copies of whole tables, taken with PostgreSQL's COPY and put back the same way: for test data
that is expensive to build and the same every time (the instrument library, the demo), built once
per test process and copied back, row for row, for each test that needs it."""

import io
from collections.abc import Iterable

import pgtrigger
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

from tests.database_role import table_owner

Copies = list[tuple[str, bytes]]  # (table, its rows in COPY's text format)


def copy_out(tables: Iterable[str]) -> Copies:
    quote = connection.ops.quote_name
    copies = []
    with table_owner(), connection.cursor() as cursor:
        for table in tables:
            rows = io.BytesIO()
            cursor.copy_expert(f"COPY {quote(table)} TO STDOUT", rows)
            copies.append((table, rows.getvalue()))
    return copies


def copy_in(copies: Copies, *, empty_first: bool = False) -> None:
    """Put the rows back as they were copied (into empty tables, or emptied first), and make the
    tables' next ids come after them.

    As the tables' owner (the app's role may not TRUNCATE nor set a sequence), with every trigger
    ignored: the rows go back exactly as they were (the rows of a published version refuse an
    INSERT, the append-only tables refuse TRUNCATE). The foreign keys are checked at the commit
    (deferred), so the tables' order does not matter."""
    quote = connection.ops.quote_name
    tables = {table for table, _rows in copies}
    models = [m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in tables]
    with transaction.atomic(), table_owner(), pgtrigger.ignore(), connection.cursor() as cursor:
        # pgtrigger's setting lasts until the transaction ends: the first statement sets it, for
        # the COPYs too (which go to psycopg2 directly, past pgtrigger's execute wrapper).
        if empty_first:
            cursor.execute("TRUNCATE " + ", ".join(quote(table) for table in sorted(tables)))
        else:
            cursor.execute("SELECT 1")
        for table, rows in copies:
            if rows:
                cursor.copy_expert(f"COPY {quote(table)} FROM STDIN", io.BytesIO(rows))
        cursor.execute("\n".join(connection.ops.sequence_reset_sql(no_style(), models)))
