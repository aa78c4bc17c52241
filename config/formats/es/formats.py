"""Dates and times for Spanish readers in the US: day first, as the browser's date inputs show them
in US Spanish (es-US): 02/12/2026, 8:05 a. m. — the same names as config/formats/en (never a
pattern of a page's own)."""

SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y g:i a"
TIME_FORMAT = "g:i a"
