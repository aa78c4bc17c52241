"""Trigram indexes for the case search (`UPPER(column) LIKE '%...%'`, Django's icontains on
PostgreSQL), so a search reads the index instead of every case.

PostgreSQL only, and only where the extension can be created: pg_trgm is a trusted extension
(PostgreSQL 13+), which the database's owner may create; on a managed database where it cannot,
the migration says so and search keeps working, unindexed (docs/operations.md). Not model
indexes, because SQLite (the demo) must never be asked for them.
"""

from django.db import DatabaseError, migrations, transaction

COLUMNS = ("legal_name", "chosen_name", "case_number")


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DatabaseError as error:
            print(
                f"\n  Case search stays unindexed: the pg_trgm extension could not be created ({error}).\n"
                "  Ask the database administrator to run CREATE EXTENSION pg_trgm, then run\n"
                "  `manage.py migrate cases 0005` and `manage.py migrate` again."
            )
            return
        for column in COLUMNS:
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS case_{column}_trigram ON cases_case "
                f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for column in COLUMNS:
            cursor.execute(f"DROP INDEX IF EXISTS case_{column}_trigram")


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_deadline_facts_and_list_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
