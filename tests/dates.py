"""Dates and times as the pages, printouts and messages show them (config/formats/): tests build
the text they expect with these, never with a pattern of their own."""

from django.utils import timezone
from django.utils.formats import date_format


def shown_at(moment) -> str:
    """A date and time, in the app's time zone: 12/02/2026 8:05 AM."""
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def shown_on(day) -> str:
    """A date (a date, or a moment's local date): 12/02/2026."""
    if hasattr(day, "tzinfo") and getattr(day, "hour", None) is not None:
        day = timezone.localtime(day)
    return date_format(day, "SHORT_DATE_FORMAT")


def shown_time(moment) -> str:
    """A time of day: 8:05 AM."""
    return date_format(timezone.localtime(moment), "TIME_FORMAT")
