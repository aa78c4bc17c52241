"""A figure's table and chart as the page shows them, each made in one call instead of template
loops (the whole agency's page has 14 tables, some 250 cells, and two charts): the same HTML,
localised the same way."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from reporting import charts

register = template.Library()


@register.filter
def report_cell(cell) -> str:
    if cell.value is None:
        return format_html('<span aria-label="{}">–</span>', gettext("not applicable"))
    if cell.kind == "percent":
        return format_html("{} %", floatformat(cell.value, 1))
    if cell.kind == "hours":
        return format_html("{}", floatformat(cell.value, 1))
    return format_html("{}", localize(cell.value))


@register.simple_tag
def report_chart(figure, chart, small_words=None):
    """The figure's chart as SVG (reporting.charts.svg), drawn in one piece."""
    return charts.svg(figure, chart, small_words)


@register.simple_tag
def report_table(figure):
    """The figure's table, with its definition under it. Exact counts: the page is for people who
    may see them (the exports hide small counts, reporting/exports.py)."""
    e = conditional_escape
    head = "".join(f'<th scope="col" class="text-end">{e(column)}</th>' for column in figure.columns)
    rows = "".join(
        f'<tr><th scope="row">{e(row.label)}</th>'
        + "".join(f'<td class="text-end">{report_cell(cell)}</td>' for cell in row.cells)
        + "</tr>"
        for row in figure.rows
    ) or (f'<tr><td colspan="{len(figure.columns) + 1}">{e(gettext("Nothing in this period."))}</td></tr>')
    return mark_safe(  # noqa: S308 (every text escaped above)
        '<div class="table-responsive" tabindex="0" role="region" '
        f'aria-labelledby="figure-{e(figure.key)}">\n'
        '<table class="table table-sm align-middle report-table">\n'
        f'  <caption class="visually-hidden">{e(figure.title)}</caption>\n'
        f'  <thead><tr><th scope="col"><span class="visually-hidden">{e(gettext("Row"))}</span></th>{head}'
        "</tr></thead>\n"
        f"  <tbody>\n  {rows}\n  </tbody>\n</table>\n</div>\n"
        '<p class="small text-body-secondary report-definition">'
        f"<strong>{e(gettext('Definition:'))}</strong> "
        f"{e(figure.definition)}</p>"
    )
