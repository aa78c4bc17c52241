"""On PostgreSQL the database itself refuses UPDATE and DELETE of review decisions and responses."""

from django.db import migrations

TABLES = ("screening_reviewdecision", "screening_reviewresponse")

CREATE = """
CREATE OR REPLACE FUNCTION screening_review_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'review decisions and responses are kept as made (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
""" + "".join(f"""
CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION screening_review_append_only();
""" for table in TABLES)

DROP = "".join(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};\n" for table in TABLES) + \
    "DROP FUNCTION IF EXISTS screening_review_append_only();\n"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("screening", "0002_review")]

    operations = [migrations.RunPython(forwards, backwards)]
