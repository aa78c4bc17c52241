"""`manage.py migrate`, as the tables' owner when DATABASE_OWNER_URL is set.

The app logs in as its own role (DATABASE_URL), which may not change the schema; migrations log in as
the owner (DATABASE_OWNER_URL, set only where migrations run, never in the app's environment), and
then the app role's grants are made again (`grant_app_role`), since a migration may add a table.
Without DATABASE_OWNER_URL this is Django's migrate, unchanged.
"""

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands import migrate
from django.db import DEFAULT_DB_ALIAS

from accounts import database_role


class Command(migrate.Command):
    help = migrate.Command.help + " As the owner (DATABASE_OWNER_URL) when set, then grants the app role."

    def handle(self, *args, **options):
        owner_url = getattr(settings, "DATABASE_OWNER_URL", "")
        alias = options["database"]
        if not owner_url or alias != DEFAULT_DB_ALIAS:
            return super().handle(*args, **options)
        owner = database_role.url_config(owner_url)
        app_role = settings.DATABASES[alias].get("USER")
        try:
            with database_role.connected_as(owner, using=alias):
                super().handle(*args, **options)
                if options["plan"] or options["check_unapplied"] or not app_role or app_role == owner["USER"]:
                    return
                database_role.grant_app_role(app_role, using=alias)
        except database_role.RoleError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] >= 1:
            self.stdout.write(f'Granted the app role "{app_role}" what it needs (grant_app_role).')
