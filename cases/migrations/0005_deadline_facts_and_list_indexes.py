from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_audit_deleted_action"),
        ("cases", "0004_recovered_with_unfamiliar_adult"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="opening_screening_due_since",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="case",
            name="return_screening_due_since",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["legal_name", "id"], name="case_name_order"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["assigned_caseworker", "legal_name", "id"], name="case_worker_name_order"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["team", "legal_name", "id"], name="case_team_name_order"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(
                    ("status", "open"),
                    models.Q(
                        ("return_screening_due_since__isnull", False),
                        ("opening_screening_due_since__isnull", False),
                        _connector="OR",
                    ),
                ),
                fields=["assigned_caseworker"],
                name="case_worker_screening_due",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(
                    ("status", "open"),
                    models.Q(
                        ("return_screening_due_since__isnull", False),
                        ("opening_screening_due_since__isnull", False),
                        _connector="OR",
                    ),
                ),
                fields=["team"],
                name="case_team_screening_due",
            ),
        ),
        migrations.AddIndex(
            model_name="missingepisode",
            index=models.Index(
                condition=models.Q(("reported_to_law_enforcement_at__isnull", True)),
                fields=["went_missing_at"],
                name="episode_unreported_police",
            ),
        ),
        migrations.AddIndex(
            model_name="missingepisode",
            index=models.Index(
                condition=models.Q(("reported_to_ncmec_at__isnull", True)),
                fields=["went_missing_at"],
                name="episode_unreported_ncmec",
            ),
        ),
    ]
