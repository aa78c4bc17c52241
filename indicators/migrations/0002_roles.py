"""The instrument administrator's permissions on the instrument library.

Same technique as accounts/migrations/0002_roles.py. Caseworkers and supervisors get nothing
here: they never reach the instrument library. No delete permission is granted to anyone:
removing an item, rule, guidance action or section from a *draft* is part of changing the
draft (the admin allows it with the change permission); a published version is never deleted.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["instrument", "instrumentversion", "section", "item", "rule", "guidanceaction",
          "jurisdiction", "jurisdictioninstrument"]

INSTRUMENT_ADMIN_PERMISSIONS = (
    [f"{action}_{model}" for model in MODELS for action in ("view", "add", "change")]
    + ["publish_instrumentversion", "export_instrumentversion"]
)

GROUP = "Instrument administrator"


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    permissions = Permission.objects.filter(content_type__app_label="indicators",
                                            codename__in=INSTRUMENT_ADMIN_PERMISSIONS)
    missing = set(INSTRUMENT_ADMIN_PERMISSIONS) - set(permissions.values_list("codename", flat=True))
    if missing:
        raise RuntimeError(f"permissions not found for {GROUP}: {sorted(missing)}")
    group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="indicators"))


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0001_initial"),
        ("accounts", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
