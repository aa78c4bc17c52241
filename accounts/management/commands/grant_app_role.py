"""`manage.py grant_app_role [ROLE]`: give the app's PostgreSQL role what it needs, nothing more.

Run as the tables' owner after every migrate (`migrate` runs it itself when DATABASE_OWNER_URL is
set). Idempotent. Without ROLE, the role is the user of DATABASE_URL. See accounts/database_role.py.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from accounts import database_role


class Command(BaseCommand):
    help = (
        "Grant the app's database role SELECT/INSERT/UPDATE/DELETE on ordinary tables, SELECT/INSERT "
        "on append-only ones, USAGE on sequences; revoke the rest. Run as the owner after migrate."
    )

    def add_arguments(self, parser):
        parser.add_argument("role", nargs="?", help="The app's role (default: the user of DATABASE_URL).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database alias.")

    def handle(self, *args, role=None, database=DEFAULT_DB_ALIAS, **options):
        role = role or settings.DATABASES[database].get("USER")
        if not role:
            raise CommandError("Name the app's role: manage.py grant_app_role ROLE")
        owner_url = getattr(settings, "DATABASE_OWNER_URL", "")
        try:
            if owner_url:
                with database_role.connected_as(database_role.url_config(owner_url), using=database):
                    given = database_role.grant_app_role(role, using=database)
            else:
                given = database_role.grant_app_role(role, using=database)
        except database_role.RoleError as error:
            raise CommandError(str(error)) from error
        append_only = sorted(t for t, privileges in given.items() if privileges == database_role.APPEND_ONLY)
        self.stdout.write(
            f'Granted "{role}" on {len(given)} tables of "{connections[database].settings_dict["NAME"]}"; '
            f"append-only (SELECT, INSERT): {', '.join(append_only)}."
        )
