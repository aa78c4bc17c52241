"""`manage.py load_instruments [PATH ...] [--check]`: load instrument and jurisdiction fixtures.

Every file is validated first (schema, vignettes, and against the database: a published
version never changes); every problem is printed as `file: $.json.path: message`. Then all
files are written in one transaction, or, on any error, nothing at all. Loading the same files
again changes nothing. Default: every *.json of fixtures/instruments/ and fixtures/jurisdictions/.
"""

from django.core.management.base import BaseCommand, CommandError

from indicators import loading


class Command(BaseCommand):
    help = (
        "Validate and load instrument versions and jurisdictions from JSON fixtures "
        "(default: fixtures/instruments/ and fixtures/jurisdictions/). All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", metavar="PATH", help="fixture files or folders (a folder's *.json files)"
        )
        parser.add_argument(
            "--check", action="store_true", help="validate only; write nothing to the database"
        )

    def handle(self, *args, paths=(), check=False, **options):
        report = loading.load_files(paths or None, check_only=check)
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            count = len(report.errors)
            raise CommandError(
                f"{count} problem{'s' if count != 1 else ''} found; nothing was loaded and the "
                "database is unchanged."
            )
        for result in report.results:
            if check:
                line = (
                    f"{result.file}: {result.label}: ok (would be {result.outcome})"
                    if result.outcome != "unchanged"
                    else f"{result.file}: {result.label}: ok (unchanged)"
                )
            else:
                line = str(result)
            self.stdout.write(line)
        if check:
            self.stdout.write(
                self.style.SUCCESS(f"{len(report.results)} file(s) valid; nothing was written (--check).")
            )
        else:
            changed = sum(1 for r in report.results if r.outcome != "unchanged")
            self.stdout.write(
                self.style.SUCCESS(
                    f"{len(report.results)} file(s) loaded: {changed} changed, "
                    f"{len(report.results) - changed} unchanged."
                )
            )
