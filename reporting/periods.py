"""Reporting periods: a calendar month, a calendar quarter, a federal fiscal year (October 1 to
September 30, named by the year it ends in). Bounds are local midnights in the agency's time
zone; a period includes its start and excludes its end."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

MONTH, QUARTER, FISCAL_YEAR = "month", "quarter", "fiscal_year"
# How far back the form offers periods.
MONTHS_OFFERED = 36
QUARTERS_OFFERED = 12
FISCAL_YEARS_OFFERED = 5


@dataclass(frozen=True)
class Period:
    kind: str
    first_day: date
    end_day: date  # the day after the last

    @property
    def key(self) -> str:
        if self.kind == MONTH:
            return f"{self.first_day:%Y-%m}"
        if self.kind == QUARTER:
            return f"{self.first_day.year}-Q{(self.first_day.month - 1) // 3 + 1}"
        return f"FY{self.end_day.year}"

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            return date_format(self.first_day, "F Y")
        if self.kind == QUARTER:
            return _("Quarter %(n)s of %(year)s") % {
                "n": (self.first_day.month - 1) // 3 + 1,
                "year": self.first_day.year,
            }
        return _("Federal fiscal year %(year)s") % {"year": self.end_day.year}

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.first_day, time.min))

    @property
    def end(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.end_day, time.min))

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.end_day.toordinal() - 1)

    def months(self) -> list[date]:
        """The first day of each month of the period."""
        out, day = [], self.first_day
        while day < self.end_day:
            out.append(day)
            day = _next_month(day)
        return out


def _next_month(day: date, n: int = 1) -> date:
    index = day.year * 12 + day.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def month(year: int, month_number: int) -> Period:
    first = date(year, month_number, 1)
    return Period(MONTH, first, _next_month(first))


def quarter(year: int, number: int) -> Period:
    first = date(year, 3 * (number - 1) + 1, 1)
    return Period(QUARTER, first, _next_month(first, 3))


def fiscal_year(year: int) -> Period:
    """Federal fiscal year `year`: October 1 of the year before to September 30."""
    return Period(FISCAL_YEAR, date(year - 1, 10, 1), date(year, 10, 1))


def fiscal_year_of(day: date) -> int:
    return day.year + 1 if day.month >= 10 else day.year


def last_full_month(today: date | None = None) -> Period:
    today = today or timezone.localdate()
    first = _next_month(today.replace(day=1), -1)
    return month(first.year, first.month)


def offered(today: date | None = None) -> list[Period]:
    """The periods the form offers, newest first in each kind: the months, quarters and fiscal
    years that have started."""
    today = today or timezone.localdate()
    this_month = today.replace(day=1)
    months = [_next_month(this_month, -n) for n in range(MONTHS_OFFERED)]
    out = [month(m.year, m.month) for m in months]
    q = quarter(today.year, (today.month - 1) // 3 + 1)
    for _n in range(QUARTERS_OFFERED):
        out.append(q)
        previous = _next_month(q.first_day, -3)
        q = quarter(previous.year, (previous.month - 1) // 3 + 1)
    fy = fiscal_year_of(today)
    out += [fiscal_year(fy - n) for n in range(FISCAL_YEARS_OFFERED)]
    return out


def by_key(key: str, today: date | None = None) -> Period | None:
    """The offered period with this key, or None."""
    for period in offered(today):
        if period.key == key:
            return period
    return None
