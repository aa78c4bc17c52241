"""The database's refusal of changes to a published version covers every column, new ones included.

0003 listed the columns of a version that must not change; a column added later (format, ages,
not_completed in 0004) would have been left out. The function now compares the whole row except
what the step published -> retired may change (status, the "status" key of the content,
retired_at/by while published), so a future column is protected without touching the trigger.
Rows of a version (sections, items, rules, guidance) were already protected column by column:
their trigger refuses any write while the version is not a draft.
"""

import importlib

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
       OR (to_jsonb(NEW) - ARRAY['status', 'content', 'retired_at', 'retired_by_id'])
          IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['status', 'content', 'retired_at', 'retired_by_id'])
       OR (NEW.content - 'status') IS DISTINCT FROM (OLD.content - 'status')
       OR (OLD.status = 'retired' AND (NEW.retired_at IS DISTINCT FROM OLD.retired_at
                                       OR NEW.retired_by_id IS DISTINCT FROM OLD.retired_by_id))
    THEN
        RAISE EXCEPTION 'instrument version % is % and never changes (UPDATE refused); make a new version',
            OLD.id, OLD.status;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # 0003's function (with its list of columns), as it was.
        previous = importlib.import_module("indicators.migrations.0003_frozen_versions")
        start = previous.CREATE.index("CREATE OR REPLACE FUNCTION indicators_version_frozen()")
        end = previous.CREATE.index("CREATE TRIGGER indicators_version_frozen")
        schema_editor.execute(previous.CREATE[start:end], params=None)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0004_v2_keys")]

    operations = [migrations.RunPython(forwards, backwards)]
