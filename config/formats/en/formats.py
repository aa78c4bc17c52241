"""Dates and times as a US caseworker reads them, and as the browser's date and time inputs
(type=date, type=datetime-local) show them in US English: 12/02/2026, 8:05 AM. Every page,
printout and message uses these names (SHORT_DATE_FORMAT, SHORT_DATETIME_FORMAT, TIME_FORMAT),
never a pattern of its own, so a date reads the same wherever it appears."""

SHORT_DATE_FORMAT = "m/d/Y"
SHORT_DATETIME_FORMAT = "m/d/Y g:i A"
TIME_FORMAT = "g:i A"
