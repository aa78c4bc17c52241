"""On PostgreSQL the database itself refuses changes to a published or retired version.

A version row may change while it is a draft; once published, only the step published ->
retired (status, the "status" key of its content, retired_at/by) is accepted, and it cannot be
deleted. Sections, items, rules and guidance actions may be written only while their version is
a draft.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION indicators_version_frozen() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' THEN
            RAISE EXCEPTION 'instrument version % is % and never changes (DELETE refused); make a new version',
                OLD.id, OLD.status;
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status = 'draft' THEN
        RETURN NEW;
    END IF;
    IF NOT ((OLD.status = 'published' AND NEW.status IN ('published', 'retired'))
            OR (OLD.status = 'retired' AND NEW.status = 'retired'))
       OR NEW.instrument_id IS DISTINCT FROM OLD.instrument_id
       OR NEW.number IS DISTINCT FROM OLD.number
       OR NEW.checksum IS DISTINCT FROM OLD.checksum
       OR NEW.answer_scales IS DISTINCT FROM OLD.answer_scales
       OR NEW.vignettes IS DISTINCT FROM OLD.vignettes
       OR NEW.change_note IS DISTINCT FROM OLD.change_note
       OR (NEW.content - 'status') IS DISTINCT FROM (OLD.content - 'status')
       OR NEW.created_at IS DISTINCT FROM OLD.created_at
       OR NEW.created_by_id IS DISTINCT FROM OLD.created_by_id
       OR NEW.published_at IS DISTINCT FROM OLD.published_at
       OR NEW.published_by_id IS DISTINCT FROM OLD.published_by_id
       OR (OLD.status = 'retired' AND (NEW.retired_at IS DISTINCT FROM OLD.retired_at
                                       OR NEW.retired_by_id IS DISTINCT FROM OLD.retired_by_id))
    THEN
        RAISE EXCEPTION 'instrument version % is % and never changes (UPDATE refused); make a new version',
            OLD.id, OLD.status;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER indicators_version_frozen
    BEFORE UPDATE OR DELETE ON indicators_instrumentversion
    FOR EACH ROW EXECUTE FUNCTION indicators_version_frozen();

CREATE OR REPLACE FUNCTION indicators_draft_rows_only() RETURNS trigger AS $$
DECLARE
    version_status text;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        SELECT status INTO version_status FROM indicators_instrumentversion WHERE id = OLD.version_id;
        IF version_status IS NOT NULL AND version_status <> 'draft' THEN
            RAISE EXCEPTION '% of instrument version % refused: the version is % and never changes',
                TG_OP, OLD.version_id, version_status;
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        SELECT status INTO version_status FROM indicators_instrumentversion WHERE id = NEW.version_id;
        IF version_status IS NOT NULL AND version_status <> 'draft' THEN
            RAISE EXCEPTION '% of instrument version % refused: the version is % and never changes',
                TG_OP, NEW.version_id, version_status;
        END IF;
        RETURN NEW;
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;
"""

ROW_TABLES = ["indicators_section", "indicators_item", "indicators_rule", "indicators_guidanceaction"]

CREATE_ROW_TRIGGERS = "".join(
    f"""
CREATE TRIGGER indicators_draft_rows_only
    BEFORE INSERT OR UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION indicators_draft_rows_only();
"""
    for table in ROW_TABLES
)

DROP = "".join(f"DROP TRIGGER IF EXISTS indicators_draft_rows_only ON {table};\n" for table in ROW_TABLES) + """
DROP TRIGGER IF EXISTS indicators_version_frozen ON indicators_instrumentversion;
DROP FUNCTION IF EXISTS indicators_version_frozen();
DROP FUNCTION IF EXISTS indicators_draft_rows_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE + CREATE_ROW_TRIGGERS, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0002_roles")]

    operations = [migrations.RunPython(forwards, backwards)]
