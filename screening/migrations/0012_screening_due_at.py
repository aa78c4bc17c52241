"""Fill `Case.screening_due_at` (cases 0007) where 0011 ran before it existed."""

from django.db import migrations


def fill(apps, schema_editor):
    from screening.deadlines import refresh_due_at

    # The historical models: the jurisdiction's two hours are read by name, so a later column
    # (e.g. indicators 0008's languages) is never asked for, whatever order the migrations run in.
    refresh_due_at(
        case_model=apps.get_model("cases", "Case"), jurisdiction_model=apps.get_model("indicators", "Jurisdiction")
    )


class Migration(migrations.Migration):
    dependencies = [("screening", "0011_deadline_facts"), ("cases", "0007_screening_due_at")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
