"""The product's roles as groups with their permissions.

Later apps grant their own permissions to these groups in their own migrations.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CASE_PERMISSIONS = [
    "view_case", "add_case", "change_case",
    "view_missingepisode", "add_missingepisode", "change_missingepisode",
    "view_casenote", "add_casenote",
]

ROLES = {
    "Caseworker": CASE_PERMISSIONS,
    "Supervisor": CASE_PERMISSIONS + ["view_case_access_log"],
    # Instruments, not case records: its permissions arrive with the instrument library.
    "Instrument administrator": [],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(content_type__app_label="cases",
                                                codename__in=codenames)
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"permissions not found for role {name}: {sorted(missing)}")
        group.permissions.add(*permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("cases", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
