"""Charts drawn on the server as SVG (no script, no library, nothing fetched): the geometry and
the SVG are made here (`svg`, one string: a template loop per bar costs a whole agency's page more
than its figures), templates/reporting/_chart.html places it with its legend. Colors are SVG presentation
attributes (no style attribute: the Content-Security-Policy), dark enough against white for
graphics (3:1), and each chart's table follows it for screen readers and print."""

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .figures.base import Figure

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 44
# Level none / possible / clear, then sex / labor / either.
PALETTE = ["#4a6378", "#a85200", "#a1142b", "#6a3d9a", "#1f6f43", "#0b5394"]


def _nice_ticks(top: int) -> list[int]:
    """0 and four or five round steps up to at least `top`."""
    if top <= 5:
        return list(range(0, max(top, 1) + 1))
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 25000, 50000):
        if top / step <= 5:
            break
    else:
        step = 10 ** len(str(top))
    return list(range(0, top + step, step)) if top % step else list(range(0, top + 1, step))


# What an export hides: (the threshold, its words). A count under the threshold (not 0) is drawn
# as an outline up to the threshold, its label the words ("fewer than 5"), never its height.
Small = tuple[int, str] | None


def _bar(value: int, small: Small) -> tuple[int, str | None]:
    """The height a value is drawn at, and its words when it is hidden."""
    if small is not None and 0 < value < small[0]:
        return small[0], small[1]
    return value, None


def draw(figure: Figure, small: Small = None) -> dict | None:
    """The figure's chart (figure.chart_spec: its kind and the columns drawn), or None."""
    if figure.chart_spec is None:
        return None
    kind, series = figure.chart_spec
    return (grouped_bars if kind == "grouped" else stacked_rows)(figure, series, small=small)


def grouped_bars(
    figure: Figure, series: list[int], *, small: Small = None, colors: list[str] | None = None
) -> dict:
    """Vertical bars: one group per row of the figure, one bar per column in `series`."""
    colors = colors or PALETTE
    values = [[_bar(row.cells[i].value or 0, small)[0] for i in series] for row in figure.rows]
    top = max([v for group in values for v in group] + [0])
    ticks = _nice_ticks(int(top))
    scale_top = ticks[-1] or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    group_w = plot_w / max(len(values), 1)
    bar_w = max(group_w * 0.8 / max(len(series), 1), 1)
    bars, labels = [], []
    for g, (row, group) in enumerate(zip(figure.rows, values, strict=True)):
        x0 = LEFT + g * group_w + group_w * 0.1
        for s, value in enumerate(group):
            h = plot_h * value / scale_top
            hidden = _bar(row.cells[series[s]].value or 0, small)[1]
            color = colors[s % len(colors)]
            bars.append(
                {
                    "x": round(x0 + s * bar_w, 1),
                    "y": round(TOP + plot_h - h, 1),
                    "w": round(bar_w - 1, 1),
                    "h": round(h, 1),
                    "fill": "none" if hidden else color,
                    "stroke": color if hidden else "",
                    "title": f"{row.label}, {figure.columns[series[s]]}: {hidden or value}",
                }
            )
        # "Oct 2026" under a group: the month, and the year on a second line only where it
        # changes (twelve months' names and years do not fit on one line).
        text, _space, sub = row.label.partition(" ")
        if g and sub == figure.rows[g - 1].label.partition(" ")[2]:
            sub = ""
        x = round(LEFT + (g + 0.5) * group_w, 1)
        labels.append(
            {"x": x, "y": HEIGHT - BOTTOM + 16, "text": text, "sub": sub, "sub_y": HEIGHT - BOTTOM + 31}
        )
    return {
        "kind": "grouped",
        "width": WIDTH,
        "height": HEIGHT,
        "bars": bars,
        "labels": labels,
        "ticks": [{"y": round(TOP + plot_h - plot_h * t / scale_top, 1), "text": t} for t in ticks],
        "axis": {"x1": LEFT, "x2": WIDTH - RIGHT, "y": TOP + plot_h, "label_x": LEFT - 6},
        "legend": [
            {"fill": colors[s % len(colors)], "text": figure.columns[i]} for s, i in enumerate(series)
        ],
    }


def stacked_rows(
    figure: Figure, series: list[int], *, small: Small = None, colors: list[str] | None = None
) -> dict:
    """Horizontal stacked bars: one bar per row of the figure (a team), a segment per column."""
    colors = colors or PALETTE
    label_w, row_h = 170, 22
    plot_w = WIDTH - label_w - RIGHT
    totals = [sum(_bar(row.cells[i].value or 0, small)[0] for i in series) for row in figure.rows]
    ticks = _nice_ticks(int(max(totals + [0])))
    scale_top = ticks[-1] or 1
    height = TOP + row_h * max(len(figure.rows), 1) + 24
    bars, labels = [], []
    for r, row in enumerate(figure.rows):
        y = TOP + r * row_h
        x = float(label_w)
        for s, i in enumerate(series):
            value, hidden = _bar(row.cells[i].value or 0, small)
            w = plot_w * value / scale_top
            color = colors[s % len(colors)]
            if value:
                bars.append(
                    {
                        "x": round(x, 1),
                        "y": y + 3,
                        "w": round(w, 1),
                        "h": row_h - 6,
                        "fill": "none" if hidden else color,
                        "stroke": color if hidden else "",
                        "title": f"{row.label}, {figure.columns[i]}: {hidden or value}",
                    }
                )
            x += w
        name = row.label if len(row.label) <= 20 else row.label[:19] + "…"
        labels.append({"x": label_w - 6, "y": y + row_h / 2 + 4, "text": name})
    base = TOP + row_h * max(len(figure.rows), 1)
    return {
        "kind": "stacked",
        "width": WIDTH,
        "height": height,
        "bars": bars,
        "labels": labels,
        "ticks": [
            {"x": round(label_w + plot_w * t / scale_top, 1), "y": base + 16, "text": t} for t in ticks
        ],
        "axis": {"x": label_w, "y1": TOP, "y2": base},
        "legend": [
            {"fill": colors[s % len(colors)], "text": figure.columns[i]} for s, i in enumerate(series)
        ],
    }


GRID = 'stroke="#d0d4d8" stroke-width="1"'
AXIS = 'stroke="#212529" stroke-width="1"'
TEXT = 'font-size="12" fill="#212529"'


def _rects(bars: list[dict]) -> str:
    return "".join(
        f'<rect x="{b["x"]}" y="{b["y"]}" width="{b["w"]}" height="{b["h"]}" fill="{b["fill"]}"'
        + (f' stroke="{b["stroke"]}" stroke-width="2" stroke-dasharray="4 2"' if b["stroke"] else "")
        + f"><title>{escape(b['title'])}</title></rect>"
        for b in bars
    )


def svg(figure: Figure, chart: dict, small_words: str | None = None) -> SafeString:
    """The chart as SVG (numbers with a dot, whatever the language; every text escaped)."""
    c, key = chart, escape(figure.key)
    desc = _("Bar chart. The same figures are in the table under it.")
    if small_words:
        desc += " " + _('A dashed outline is a count shown as "%(words)s".') % {"words": small_words}
    out = [
        f'<svg role="img" aria-labelledby="chart-{key}-title chart-{key}-desc" '
        f'viewBox="0 0 {c["width"]} {c["height"]}" width="100%" preserveAspectRatio="xMinYMin meet">',
        f'<title id="chart-{key}-title">{escape(str(figure.title))}</title>',
        f'<desc id="chart-{key}-desc">{escape(desc, quote=False)}</desc>',
    ]
    a = c["axis"]
    if c["kind"] == "grouped":
        out += [
            f'<line x1="{a["x1"]}" x2="{a["x2"]}" y1="{t["y"]}" y2="{t["y"]}" {GRID}/>'
            f'<text x="{a["label_x"]}" y="{t["y"]}" dy="4" text-anchor="end" {TEXT}>{t["text"]}</text>'
            for t in c["ticks"]
        ]
        out.append(_rects(c["bars"]))
        out.append(f'<line x1="{a["x1"]}" x2="{a["x2"]}" y1="{a["y"]}" y2="{a["y"]}" {AXIS}/>')
        for label in c["labels"]:
            out.append(
                f'<text x="{label["x"]}" y="{label["y"]}" text-anchor="middle" {TEXT}>'
                f"{escape(label['text'])}</text>"
            )
            if label["sub"]:
                out.append(
                    f'<text x="{label["x"]}" y="{label["sub_y"]}" text-anchor="middle" font-size="11" '
                    f'fill="#212529">{escape(label["sub"])}</text>'
                )
    else:
        out += [
            f'<line x1="{t["x"]}" x2="{t["x"]}" y1="{a["y1"]}" y2="{a["y2"]}" {GRID}/>'
            f'<text x="{t["x"]}" y="{t["y"]}" text-anchor="middle" {TEXT}>{t["text"]}</text>'
            for t in c["ticks"]
        ]
        out.append(_rects(c["bars"]))
        out.append(f'<line x1="{a["x"]}" x2="{a["x"]}" y1="{a["y1"]}" y2="{a["y2"]}" {AXIS}/>')
        out += [
            f'<text x="{label["x"]}" y="{label["y"]}" text-anchor="end" {TEXT}>{escape(label["text"])}</text>'
            for label in c["labels"]
        ]
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 (every text escaped above; numbers are ours)
