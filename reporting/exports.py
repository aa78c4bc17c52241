"""The figures as they leave the app (CSV, JSON, PDF): counts under the small-count threshold
(settings.REPORT_SMALL_COUNT_THRESHOLD, default 5) are shown as "fewer than 5", never as the
number; a zero stays 0 (it names nobody). A share or a median resting on fewer records than the
threshold is not shown either. Nothing here ever holds a youth's name, case number or date of
birth: the figures are counts by period, team, level, kind, age band and placement type.
"""

import csv
import io

from django.conf import settings
from django.utils.translation import gettext as _

from . import charts
from .figures import Report
from .figures.base import COUNT, PERCENT, Cell, Row
from .scope import Scope

# For the data warehouse: the same words whatever the reader's language.
SUPPRESSED_JSON = "fewer than {n}"


def threshold() -> int:
    return settings.REPORT_SMALL_COUNT_THRESHOLD


def is_small(value) -> bool:
    return isinstance(value, int) and 0 < value < threshold()


def suppressed(cell: Cell, row: Row) -> bool:
    if cell.kind == COUNT:
        return is_small(cell.value)
    return row.base is not None and is_small(row.base)


def fewer_than() -> str:
    return _("fewer than %(n)s") % {"n": threshold()}


def shown(cell: Cell, row: Row, *, machine: bool = False):
    """The value as exported: the number, or "fewer than 5"."""
    if suppressed(cell, row):
        return SUPPRESSED_JSON.format(n=threshold()) if machine else fewer_than()
    return cell.value


def _printed(cell: Cell, row: Row):
    value = shown(cell, row)
    return f"{value} %" if cell.kind == PERCENT and isinstance(value, float) else value


def rows_for_print(report: Report) -> list:
    """Each figure with its rows' values and its chart as exported (for the PDF)."""
    small = (threshold(), fewer_than())
    return [
        {
            "figure": f,
            "chart": charts.draw(f, small),
            "rows": [{"label": r.label, "values": [_printed(c, r) for c in r.cells]} for r in f.rows],
        }
        for f in report.figures
    ]


def _safe(text) -> str:
    """A text cell a spreadsheet will not run as a formula."""
    text = "" if text is None else str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def as_csv(report: Report, scope: Scope) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("period"), _("scope"), _("figure"), _("row"), _("column"), _("value")])
    head = [report.period.label, _safe(scope.label)]
    for figure in report.figures:
        writer.writerow([*head, figure.title, "", _("definition"), figure.definition])
        for row in figure.rows:
            for column, cell in zip(figure.columns, row.cells, strict=True):
                value = shown(cell, row)
                writer.writerow(
                    [*head, figure.title, _safe(row.label), column, "" if value is None else value]
                )
    return out.getvalue()


def as_json(report: Report, scope: Scope) -> dict:
    period = report.period
    return {
        "period": {
            "kind": period.kind,
            "key": period.key,
            "label": period.label,
            "first_day": period.first_day.isoformat(),
            "last_day": period.last_day.isoformat(),
        },
        "scope": {"key": scope.key, "label": scope.label},
        "small_count_threshold": threshold(),
        "suppressed_value": SUPPRESSED_JSON.format(n=threshold()),
        "figures": [
            {
                "key": figure.key,
                "title": figure.title,
                "definition": figure.definition,
                "columns": figure.columns,
                "rows": [
                    {"label": row.label, "values": [shown(c, row, machine=True) for c in row.cells]}
                    for row in figure.rows
                ],
            }
            for figure in report.figures
        ],
    }
