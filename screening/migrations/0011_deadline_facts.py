"""Fill the deadline facts kept on each case (cases 0005) from its episodes and screenings."""

from django.db import migrations


def fill(apps, schema_editor):
    from screening.deadlines import refresh

    refresh(
        due_at=False,  # its column comes with cases 0007 (0012 fills it)
        models=(apps.get_model("cases", "Case"), apps.get_model("cases", "MissingEpisode"), apps.get_model("screening", "Screening"))
    )


class Migration(migrations.Migration):
    dependencies = [("screening", "0010_list_indexes"), ("cases", "0006_name_search_trigrams")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
