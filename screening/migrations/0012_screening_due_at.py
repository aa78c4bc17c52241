"""Fill `Case.screening_due_at` (cases 0007) where 0011 ran before it existed."""

from django.db import migrations


def fill(apps, schema_editor):
    from screening.deadlines import refresh_due_at

    # The jurisdiction's hours are a property of the model: the app's own model reads them.
    refresh_due_at(case_model=apps.get_model("cases", "Case"))


class Migration(migrations.Migration):
    dependencies = [("screening", "0011_deadline_facts"), ("cases", "0007_screening_due_at")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
