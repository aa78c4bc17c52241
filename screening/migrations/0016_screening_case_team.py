"""The case's team kept on each screening (Screening.case_team_id) by triggers, so that a
team's screenings waiting for review are one index range (docs/performance.md, "Waiting for
review now").

- screening_case_team (BEFORE INSERT OR UPDATE on screening_screening): on insert, and when an
  update changes the case or writes another team than the stored one, reads the case's team
  (FOR SHARE: a case being moved at the same moment is waited for, so its move sees the row);
  any other update keeps the stored team. The app never writes the column.
- case_team_to_screenings (AFTER UPDATE OF team_id on cases_case): a case moved to another team
  moves its screenings.
On PostgreSQL both are declared on the models (django-pgtrigger) and installed by the next
migrations; on SQLite (the demo), which pgtrigger does not serve, the same by AFTER triggers here.
"""

from django.db import migrations, models

# PostgreSQL: the triggers are declared on the models (django-pgtrigger; installed by 0017 and
# cases 0009); here only the column is filled for the screenings already there.
FORWARD = """
UPDATE screening_screening AS s SET case_team_id = c.team_id
  FROM cases_case AS c WHERE c.id = s.case_id;
"""

# SQLite (the demo): one writer at a time, so no locking; AFTER triggers write the row again.
SQLITE_FORWARD = [
    """CREATE TRIGGER screening_case_team_insert AFTER INSERT ON screening_screening
    BEGIN
        UPDATE screening_screening
           SET case_team_id = (SELECT team_id FROM cases_case WHERE id = NEW.case_id)
         WHERE id = NEW.id;
    END""",
    """CREATE TRIGGER screening_case_team_update AFTER UPDATE OF case_id, case_team_id ON screening_screening
    WHEN NEW.case_team_id IS NOT (SELECT team_id FROM cases_case WHERE id = NEW.case_id)
    BEGIN
        UPDATE screening_screening
           SET case_team_id = (SELECT team_id FROM cases_case WHERE id = NEW.case_id)
         WHERE id = NEW.id;
    END""",
    """CREATE TRIGGER case_team_to_screenings AFTER UPDATE OF team_id ON cases_case
    WHEN OLD.team_id IS NOT NEW.team_id
    BEGIN
        UPDATE screening_screening SET case_team_id = NEW.team_id WHERE case_id = NEW.id;
    END""",
    """UPDATE screening_screening
       SET case_team_id = (SELECT team_id FROM cases_case WHERE cases_case.id = screening_screening.case_id)""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS screening_case_team_insert",
    "DROP TRIGGER IF EXISTS screening_case_team_update",
    "DROP TRIGGER IF EXISTS case_team_to_screenings",
]

def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0015_open_mandated_reports_index"),
        ("cases", "0008_report_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="screening",
            name="case_team_id",
            field=models.BigIntegerField(
                blank=True, editable=False, null=True, verbose_name="team of the case"
            ),
        ),
        migrations.RunPython(
            run({"postgresql": [FORWARD], "sqlite": SQLITE_FORWARD}),
            run({"sqlite": SQLITE_BACKWARD}),
        ),
        migrations.AddIndex(
            model_name="screening",
            index=models.Index(
                condition=models.Q(("review_status", "pending")),
                fields=["case_team_id", "review_waiting_since", "id"],
                name="screening_review_pending_team",
            ),
        ),
    ]
