"""The Program manager role, as a group like the others (0002_roles).

It carries no model permission: what it sees is the figures of the teams it is given
(Team.program_managers), or of the whole agency with accounts.view_agency_figures, given to the
person in the admin. It never widens which cases a person sees (cases/access.py).
"""

from django.db import migrations

NAME = "Program manager"


def create_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=NAME)


def remove_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0008_team_program_managers")]

    operations = [migrations.RunPython(create_role, remove_role)]
