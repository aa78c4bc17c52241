"""Store the agency's figures of every closed month per team (reporting/aggregates.py), and of the
open month up to the start of the current hour, replacing what was stored: run it nightly from the
same cron or systemd timer as send_reminders (README, "Alerts and e-mail"), and with
`--open-month` every hour (the open month only, and a month that closed since its last run), and
with `--stale` every few minutes (the months a change marked stale since their last run).
Running it again gives the same rows; what is not stored (the rest of the open month, a month not
stored yet, a team's month changed since the last run) is computed live (docs/performance.md)."""

import re
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reporting import aggregates
from reporting.pieces import month_of


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
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--open-month",
            action="store_true",
            help="Only the open month, up to the start of the current hour (and a closed month "
            "stored before it closed): the hourly run.",
        )
        which.add_argument(
            "--stale",
            action="store_true",
            help="Only the months a change marked stale since their last run (a late report, a "
            "return screened later, a case moved): every few minutes.",
        )

    def handle(self, *args, **options):
        now = timezone.now()
        since = parse_month(options["since"]) if options["since"] is not None else None
        if since is not None and (options["open_month"] or options["stale"]):
            raise CommandError("--since rebuilds the closed months: use it without --open-month or --stale.")
        if options["stale"] and options["open_month"]:
            raise CommandError("--open-month and --stale are two different runs: use one of them.")
        if options["stale"]:
            months = aggregates.stale_months()
        elif options["open_month"]:
            months = aggregates.partly_stored(now)
        else:
            months = aggregates.closed_months(now, since) + [month_of(now)]
        started = time.monotonic()
        teams = 0
        for month in months:
            teams += aggregates.rebuild(month, now)
        self.stdout.write(
            f"Aggregated {len(months)} month(s) (the open one up to {aggregates.cutoff(now):%H:%M} UTC), "
            f"{teams} team-month(s) with records, "
            f"in {time.monotonic() - started:.1f} s."
        )
