"""Alerts fixtures: a clock to run send_reminders at, and its output."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

# The screening fixtures (the instrument library loaded, screenings in each state).
from tests.screening.conftest import library, tier1_possible, tier2_disclosure  # noqa: F401

# A fixed moment (a Wednesday morning, local time) every test counts from: the frozen clock.
T0 = timezone.make_aware(datetime.datetime(2026, 3, 4, 9, 0))


def at(**kwargs) -> datetime.datetime:
    return T0 + datetime.timedelta(**kwargs)


def send_reminders(now: datetime.datetime | None = None, *args: str) -> str:
    """Run the command at `now` (the frozen clock), return what it printed."""
    out = StringIO()
    options = [f"--now={now.isoformat()}"] if now is not None else []
    call_command("send_reminders", *options, *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def team_a_people(caseworker, caseworker2, supervisor, other_caseworker, other_supervisor):
    """Everyone of both teams exists (so a test can show who did not hear)."""
    return caseworker, caseworker2, supervisor, other_caseworker, other_supervisor
