"""Recent sign-in failures and lockouts, for the system administrator's home page.

- **Failures**: the failed logins of the audit trail (accounts/signals.py records each one, a try
  refused during a lockout too), newest first.
- **Locked now**: django-axes' current attempts (kept for the cool-off only), added up per
  address and per username as axes counts them (accounts/throttling.py); at AXES_FAILURE_LIMIT
  or more, logging in is locked until the cool-off ends.
- **Lockouts**: from axes' failure log (AXES_ENABLE_ACCESS_FAILURE_LOG), the failures made while
  locked (the one that locked, and every try refused after it), one row per username and address,
  the latest first.

Bounded whatever the volume: SHOWN rows of each list, read in order from the newest; counts stop
at COUNT_CAP ("1,000+"). Three queries; five when a list has more than it shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.helpers import get_cool_off
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .models import AuditEvent

DAYS = 7
SHOWN = 10
COUNT_CAP = 1_000
# Attempts inside the cool-off are few (axes deletes the older ones); a flood is read this far.
ATTEMPTS_READ = 5_000


@dataclass(frozen=True)
class Counted:
    """How many, up to a cap: shown "1,000+" when `capped`."""

    number: int
    capped: bool = False

    def __str__(self) -> str:
        shown = number_format(self.number, force_grouping=True)
        return _("%(number)s+") % {"number": shown} if self.capped else shown

    def __bool__(self) -> bool:
        return self.number > 0


def counted(queryset, cap: int | None = None) -> Counted:
    """Count at most `cap` + 1 rows (COUNT_CAP unless given)."""
    cap = COUNT_CAP if cap is None else cap
    found = queryset.order_by()[: cap + 1].count()
    return Counted(cap, True) if found > cap else Counted(found)


@dataclass(frozen=True)
class Lock:
    """A username or an address locked out now: its failures in the cool-off, and until when."""

    kind: str  # "username" or "address"
    value: str
    failures: int
    last_failure: datetime
    until: datetime | None  # None: until an administrator lifts it (no cool-off set)


@dataclass(frozen=True)
class Lockout:
    """A username tried from an address while locked out: the last such try, how many there were."""

    last: datetime
    username: str
    ip_address: str | None
    tries: int
    still_locked: bool  # locked now (a lock lifted by an administrator is not)


@dataclass
class SignIns:
    days: int
    since: datetime
    failures: list[AuditEvent]
    failures_count: Counted
    locked_now: list[Lock]
    lockouts: list[Lockout]
    lockouts_count: Counted
    lockouts_recorded: bool  # axes' failure log is on (otherwise only the current locks are known)

    @property
    def more_failures(self) -> bool:
        return self.failures_count.number > len(self.failures)

    @property
    def more_lockouts(self) -> bool:
        return self.lockouts_count.number > len(self.lockouts)


def failed_logins(since: datetime):
    return AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED, at__gte=since)


def _failure_limit() -> int | None:
    limit = settings.AXES_FAILURE_LIMIT
    return limit if isinstance(limit, int) else None


def locked_now(now: datetime) -> list[Lock]:
    """Who is locked out now: the attempts of the cool-off, added up per address and per username."""
    cool_off: timedelta | None = get_cool_off()
    limit = _failure_limit()
    if limit is None:
        return []
    attempts = AccessAttempt.objects.all()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=now - cool_off)
    totals: dict[tuple[str, str], list] = {}
    for username, address, failures, at in attempts.order_by("-attempt_time").values_list(
        "username", "ip_address", "failures_since_start", "attempt_time"
    )[:ATTEMPTS_READ]:
        for kind, value in (("username", username), ("address", address)):
            if value:
                total = totals.setdefault((kind, value), [0, at])
                total[0] += failures
                total[1] = max(total[1], at)
    locks = [
        Lock(kind, value, failures, last, last + cool_off if cool_off is not None else None)
        for (kind, value), (failures, last) in totals.items()
        if failures >= limit
    ]
    return sorted(locks, key=lambda lock: (lock.last_failure, lock.kind, lock.value), reverse=True)[:SHOWN]


def recent(days: int = DAYS, *, now: datetime | None = None) -> SignIns:
    """The sign-in failures and lockouts of the last `days` days, newest first."""
    now = now or timezone.now()
    since = now - timedelta(days=days)
    failures = failed_logins(since).order_by("-at", "-pk")
    shown = list(failures.only("at", "username", "ip_address", "user_agent")[: SHOWN + 1])
    failures_count = Counted(len(shown)) if len(shown) <= SHOWN else counted(failed_logins(since))
    recorded = bool(settings.AXES_ENABLE_ACCESS_FAILURE_LOG)
    locks = locked_now(now)
    locked = {(lock.kind, lock.value) for lock in locks}
    per_pair = AccessFailureLog.objects.filter(locked_out=True, attempt_time__gte=since).values(
        "username", "ip_address"
    )
    latest_first = per_pair.annotate(last=Max("attempt_time"), tries=Count("id")).order_by(
        "-last", "username"
    )
    read = list(latest_first[: SHOWN + 1])
    lockouts = [
        Lockout(
            last=row["last"],
            username=row["username"] or "",
            ip_address=row["ip_address"],
            tries=row["tries"],
            still_locked=("username", row["username"]) in locked or ("address", row["ip_address"]) in locked,
        )
        for row in read[:SHOWN]
    ]
    lockouts_count = Counted(len(read)) if len(read) <= SHOWN else counted(per_pair.distinct())
    return SignIns(
        days=days,
        since=since,
        failures=shown[:SHOWN],
        failures_count=failures_count,
        locked_now=locks,
        lockouts=lockouts,
        lockouts_count=lockouts_count,
        lockouts_recorded=recorded,
    )
