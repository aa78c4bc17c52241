"""The pure parts of the benchmark: its settings from the environment, the statistics, the targets
of issue 14 and the report (plain text and Markdown). No Django and no I/O here, so that
tests/bench/ can check them without a server."""

from __future__ import annotations

import random
import re
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


class BenchError(Exception):
    """A bad setting or a step that failed: `make bench` prints the message and stops."""


# --- settings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class BenchSettings:
    cases: int
    screenings: int
    pathological: int
    clients: int
    rounds: int
    warmup: int
    load_seconds: int
    slow_seconds: int


def _whole_number(environ: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = environ.get(name, "")
    if raw.strip() == "":
        return default
    # Digits with optional thousands separators (100000, 100_000, 100,000); at most ten digits, so
    # int() never sees a huge string.
    text = raw.strip().replace("_", "").replace(",", "")
    if not re.fullmatch(r"[0-9]{1,10}", text) or not low <= int(text) <= high:
        raise BenchError(f"{name} must be a whole number from {low:,} to {high:,}; got {raw!r}.")
    return int(text)


def settings_from_env(environ: Mapping[str, str]) -> BenchSettings:
    """BENCH_* from the environment, each checked before anything runs (README, "Benchmark")."""
    cases = _whole_number(environ, "BENCH_CASES", 100_000, 1, 10_000_000)
    return BenchSettings(
        cases=cases,
        screenings=_whole_number(environ, "BENCH_SCREENINGS", cases // 20, 0, cases),
        # The worst case: a third of all cases on one person's desk.
        pathological=_whole_number(environ, "BENCH_PATHOLOGICAL", cases // 3, 0, cases),
        clients=_whole_number(environ, "BENCH_CLIENTS", 50, 1, 500),
        rounds=_whole_number(environ, "BENCH_ROUNDS", 10, 3, 1000),
        warmup=_whole_number(environ, "BENCH_WARMUP", 2, 0, 100),
        load_seconds=_whole_number(environ, "BENCH_LOAD_SECONDS", 20, 1, 3600),
        slow_seconds=_whole_number(environ, "BENCH_SLOW_SECONDS", 5, 1, 3600),
    )


# --- statistics -----------------------------------------------------------------------------

# A page whose warm-up took longer than BENCH_SLOW_SECONDS is measured in this many rounds only,
# so that a page of 30 s does not make the run last hours; it stays interleaved with the others.
SLOW_PAGE_ROUNDS = 3


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def ratio(value: float | None, base: float | None) -> float | None:
    if value is None or not base:
        return None
    return value / base


def round_orders(pages: Sequence[str], rounds: int, seed: int = 14) -> list[list[str]]:
    """Every page once per round, in a new order each round (seeded: the same run twice gives the
    same order): no page always follows the same other page or always comes first."""
    rng = random.Random(seed)
    orders = []
    for _ in range(rounds):
        order = list(pages)
        rng.shuffle(order)
        orders.append(order)
    return orders


@dataclass
class Samples:
    """One page's timings in the interleaved run: warm-up rounds are kept apart and not counted."""

    warmup: list[float] = field(default_factory=list)
    times: list[float] = field(default_factory=list)

    def is_slow(self, slow_seconds: float) -> bool:
        # Every warm-up slow, not only the first request of a cold start.
        first = self.warmup or self.times[:1]
        return bool(first) and min(first) > slow_seconds

    def wanted(self, round_index: int, warmup_rounds: int, slow_seconds: float) -> bool:
        """Whether to request this page in this round (warm-up rounds: always)."""
        if round_index < warmup_rounds:
            return True
        return not self.is_slow(slow_seconds) or len(self.times) < SLOW_PAGE_ROUNDS

    def add(self, seconds: float, round_index: int, warmup_rounds: int) -> None:
        (self.warmup if round_index < warmup_rounds else self.times).append(seconds)

    @property
    def median(self) -> float | None:
        return median(self.times)


# --- targets of issue 14 --------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    label: str
    limit: float
    at_most: bool = True

    def check(self, value: float | None) -> str:
        if value is None:
            return "n/a"
        met = value <= self.limit if self.at_most else value >= self.limit
        return "PASS" if met else "MISS"


PAGE_TARGET = Target("<= 3x", 3.0)
SEARCH_TARGET = Target("<= 2x", 2.0)
PAGE_SIZE_TARGET = Target("<= 300 KB", 300_000)
MEMORY_TARGET = Target("<= 300 MB", 300 * 1024 * 1024)
THROUGHPUT_TARGET = Target(">= 0.5x", 0.5, at_most=False)


# --- the report -----------------------------------------------------------------------------


@dataclass
class PageResult:
    page: str
    who: str
    path: str
    target: Target | None  # None: the trivial page itself
    median_s: float | None = None
    ratio: float | None = None
    samples: int = 0
    queries: int | None = None
    html_bytes: int | None = None
    error: str = ""

    @property
    def result(self) -> str:
        if self.error:
            return "ERROR"
        return self.target.check(self.ratio) if self.target else "base"


@dataclass
class SummaryRow:
    measure: str
    value: str
    target: Target | None = None
    raw: float | None = None

    @property
    def result(self) -> str:
        return self.target.check(self.raw) if self.target else ""


@dataclass
class Report:
    context: list[tuple[str, str]]
    pages: list[PageResult]
    summary: list[SummaryRow]
    notes: list[str] = field(default_factory=list)


def kilobytes(size: int | None) -> str:
    return "" if size is None else f"{size / 1000:,.1f}"


def megabytes(size: int | None) -> str:
    return "" if size is None else f"{size / 1024 / 1024:,.0f} MB"


def _ratio_text(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.2f}x" if value < 10 else f"{value:,.0f}x"


PAGE_HEADERS = ("page", "who", "median ms", "ratio", "target", "result", "queries", "HTML KB", "n")


def page_rows(report: Report) -> list[tuple[str, ...]]:
    rows = []
    for p in report.pages:
        rows.append(
            (
                p.page,
                p.who,
                "" if p.median_s is None else f"{p.median_s * 1000:,.1f}",
                p.error or ("1 (base)" if p.target is None else _ratio_text(p.ratio)),
                p.target.label if p.target else "",
                p.result,
                "" if p.queries is None else str(p.queries),
                kilobytes(p.html_bytes),
                str(p.samples),
            )
        )
    return rows


SUMMARY_HEADERS = ("measure", "value", "target", "result")


def summary_rows(report: Report) -> list[tuple[str, ...]]:
    return [(s.measure, s.value, s.target.label if s.target else "", s.result) for s in report.summary]


def text_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    rule = "  ".join("-" * w for w in widths)
    head = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()
    return "\n".join([head, rule, *lines])


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    def cells(row: Sequence[str]) -> str:
        return "| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |"

    return "\n".join([cells(headers), "|" + "---|" * len(headers), *(cells(r) for r in rows)])


def render_text(report: Report) -> str:
    width = max(len(k) for k, _ in report.context) if report.context else 0
    parts = [f"{k.ljust(width)}  {v}" for k, v in report.context]
    parts += ["", text_table(PAGE_HEADERS, page_rows(report))]
    parts += ["", text_table(SUMMARY_HEADERS, summary_rows(report))]
    parts += [""] + [f"- {note}" for note in report.notes]
    return "\n".join(parts).rstrip() + "\n"


def render_markdown(report: Report) -> str:
    parts = ["# make bench: results", ""]
    parts += [f"- **{k}**: {v}" for k, v in report.context]
    parts += ["", markdown_table(PAGE_HEADERS, page_rows(report))]
    parts += ["", markdown_table(SUMMARY_HEADERS, summary_rows(report))]
    if report.notes:
        parts += [""] + [f"- {note}" for note in report.notes]
    return "\n".join(parts) + "\n"
