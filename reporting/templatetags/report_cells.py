"""A figure's cell as the page shows it, in one filter call instead of an included template per
cell (the whole agency's page has some 250 cells): the same HTML, localised the same way."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import localize
from django.utils.html import format_html
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
