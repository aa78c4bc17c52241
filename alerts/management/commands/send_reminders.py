"""Make the due-soon and overdue reminders, e-mail what is to be e-mailed now, and the daily
digests at the configured hour. Run it from cron or a systemd timer (README, "Alerts and
e-mail"), every 15 minutes; running it again sends nothing twice."""

from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accounts.models import User
from alerts import delivery, reminders


def parse_now(value: str):
    try:
        moment = parse_datetime(value)
    except ValueError:
        moment = None
    if moment is None:
        raise CommandError(
            f"--now {value!r} is not a date and time: use ISO 8601, e.g. 2026-12-02T08:30:00+00:00."
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class Command(BaseCommand):
    help = "Make due-soon and overdue reminders, e-mail them, and send the daily digests."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            help="Act as if it were this moment (ISO 8601; a time without a zone is in TIME_ZONE): "
            "for tests and drills.",
        )
        parser.add_argument(
            "--digest",
            action="store_true",
            help="Send the digests now, whatever the hour (only what was not e-mailed yet).",
        )

    def handle(self, *args, **options):
        now = parse_now(options["now"]) if options["now"] is not None else timezone.now()
        made = reminders.make_reminders(now)
        emailed = delivery.send_immediate(now)
        digested: Counter = Counter()
        if options["digest"] or delivery.digest_due(now):
            digested = delivery.send_digests(now, force=options["digest"])
        people = set(made) | set(emailed) | set(digested)
        names = dict(User.objects.filter(pk__in=people).values_list("pk", "username"))
        for user_id in sorted(people, key=lambda pk: names.get(pk, "")):
            self.stdout.write(
                f"{names.get(user_id, user_id)}: {_count(made[user_id], 'reminder')} made, "
                f"{emailed[user_id]} e-mailed, {digested[user_id]} in a digest"
            )
        self.stdout.write(
            f"send_reminders at {now.isoformat()}: {_count(sum(made.values()), 'reminder')} made, "
            f"{_count(sum(emailed.values()), 'e-mail')} sent, {_count(len(digested), 'digest')} sent"
        )


def _count(n: int, noun: str) -> str:
    """ "1 reminder", "2 reminders": the log is read by people too."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
