"""Store the agency's figures of every closed month per team (reporting/aggregates.py), replacing
what was stored: run it nightly from the same cron or systemd timer as send_reminders (README,
"Alerts and e-mail"). Running it again gives the same rows; a month not stored yet, and a team's
month changed since the last run, are computed live meanwhile (docs/performance.md)."""

import re
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reporting import aggregates


def parse_month(value: str) -> date:
    found = re.fullmatch(r"(\d{4})-(\d{2})", value or "")
    if not found or not 1 <= int(found[2]) <= 12 or int(found[1]) < 1900:
        raise CommandError(f"--since {value!r} is not a month: use YYYY-MM, e.g. 2026-10.")
    return date(int(found[1]), int(found[2]), 1)


class Command(BaseCommand):
    help = "Store the agency's figures of the closed months, per team and month."

    def add_arguments(self, parser):
        parser.add_argument(
            "--since",
            help="Rebuild the closed months from this one (YYYY-MM); default: from the first month "
            "with a record.",
        )

    def handle(self, *args, **options):
        now = timezone.now()
        since = parse_month(options["since"]) if options["since"] is not None else None
        months = aggregates.closed_months(now, since)
        started = time.monotonic()
        teams = 0
        for month in months:
            teams += aggregates.rebuild(month, now)
        self.stdout.write(
            f"Aggregated {len(months)} closed month(s), {teams} team-month(s) with records, "
            f"in {time.monotonic() - started:.1f} s."
        )
