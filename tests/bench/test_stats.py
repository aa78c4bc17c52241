"""The bench's own logic (bench/stats.py): its settings from the environment (a bad one is refused
with a message before anything runs), the interleaved rounds, the slow-page rule, the targets of
issue 14 and the report."""

import pytest

from bench import stats
from bench.stats import BenchError, PageResult, Report, Samples, SummaryRow


def test_the_defaults_follow_bench_cases():
    settings = stats.settings_from_env({})
    assert settings.cases == 100_000
    assert settings.screenings == 5_000  # BENCH_CASES / 20
    assert settings.pathological == 33_333
    assert settings.clients == 50
    settings = stats.settings_from_env({"BENCH_CASES": "1_000_000", "BENCH_CLIENTS": " 20 "})
    assert (settings.cases, settings.screenings, settings.clients) == (1_000_000, 50_000, 20)
    assert stats.settings_from_env({"BENCH_CASES": "1,000"}).cases == 1000
    assert stats.settings_from_env({"BENCH_SCREENINGS": ""}).screenings == 5_000


@pytest.mark.parametrize(
    "name, value",
    [
        ("BENCH_CASES", "0"),
        ("BENCH_CASES", "-5"),
        ("BENCH_CASES", "1e6"),
        ("BENCH_CASES", "lots"),
        ("BENCH_CASES", "9" * 40),
        ("BENCH_CLIENTS", "501"),
        ("BENCH_ROUNDS", "2"),
        ("BENCH_LOAD_SECONDS", "1.5"),
    ],
)
def test_a_bad_setting_is_refused_with_its_name_and_range(name, value):
    with pytest.raises(BenchError) as refused:
        stats.settings_from_env({name: value})
    assert name in str(refused.value) and "whole number from" in str(refused.value)


def test_screenings_may_not_exceed_the_cases():
    with pytest.raises(BenchError, match="BENCH_SCREENINGS"):
        stats.settings_from_env({"BENCH_CASES": "100", "BENCH_SCREENINGS": "101"})


def test_every_round_has_every_page_once_in_a_new_order():
    pages = [str(i) for i in range(12)]
    orders = stats.round_orders(pages, 6)
    assert len(orders) == 6
    assert all(sorted(order) == sorted(pages) for order in orders)
    assert len({tuple(order) for order in orders}) == 6
    assert orders == stats.round_orders(pages, 6)  # the same run twice: the same order


def test_warm_up_rounds_are_kept_apart_and_not_counted():
    samples = Samples()
    for r, seconds in enumerate([0.9, 0.8, 0.1, 0.3, 0.2]):
        samples.add(seconds, r, warmup_rounds=2)
    assert samples.warmup == [0.9, 0.8]
    assert samples.median == 0.2


def test_a_slow_page_is_measured_in_a_few_rounds_only():
    fast, slow = Samples(), Samples()
    fast.add(0.05, 0, 1)
    slow.add(12.0, 0, 1)
    for r in range(1, 10):
        for samples, seconds in ((fast, 0.05), (slow, 11.0)):
            if samples.wanted(r, warmup_rounds=1, slow_seconds=5):
                samples.add(seconds, r, 1)
    assert len(fast.times) == 9
    assert len(slow.times) == stats.SLOW_PAGE_ROUNDS


def test_ratios_and_targets():
    assert stats.ratio(0.03, 0.01) == pytest.approx(3.0)
    assert stats.ratio(None, 0.01) is None and stats.ratio(0.03, 0) is None
    assert stats.PAGE_TARGET.check(3.0) == "PASS" and stats.PAGE_TARGET.check(3.01) == "MISS"
    assert stats.SEARCH_TARGET.check(2.5) == "MISS"
    assert stats.THROUGHPUT_TARGET.check(0.5) == "PASS" and stats.THROUGHPUT_TARGET.check(0.4) == "MISS"
    assert stats.PAGE_SIZE_TARGET.check(300_001) == "MISS"
    assert stats.MEMORY_TARGET.check(200 * 1024 * 1024) == "PASS"
    assert stats.PAGE_TARGET.check(None) == "n/a"


PAGE, SEARCH = stats.PAGE_TARGET, stats.SEARCH_TARGET


def report() -> Report:
    return Report(
        context=[("commit", "abc1234 with uncommitted changes")],
        pages=[
            PageResult("trivial page", "caseworker", "/accounts/password/", None, 0.01, 1.0, 10, 8, 6300),
            PageResult("home", "caseworker2 (33,333 cases)", "/", PAGE, 0.5, 50.0, 3, 30, 25_000_000),
            PageResult("search | name", "admin", "/cases/?q=x", SEARCH, 0.015, 1.5, 10, 12, 9000),
            PageResult("review queue", "supervisor", "/reviews/", stats.PAGE_TARGET, error="HTTP 500"),
        ],
        summary=[SummaryRow("largest page", "25,000.0 KB", stats.PAGE_SIZE_TARGET, 25_000_000)],
        notes=["home, caseworker2: measured in 3 rounds only."],
    )


def test_the_text_report_has_a_row_per_page_with_its_verdict():
    text = stats.render_text(report())
    lines = text.splitlines()
    home = next(line for line in lines if line.startswith("home"))
    assert "500.0" in home and "50x" in home and "<= 3x" in home and "MISS" in home and "25,000.0" in home
    search = next(line for line in lines if line.startswith("search"))
    assert "1.50x" in search and "<= 2x" in search and "PASS" in search
    assert "1 (base)" in text and "HTTP 500" in text and "ERROR" in text
    assert "largest page" in text and "<= 300 KB" in text
    assert "abc1234 with uncommitted changes" in text


def test_the_markdown_report_is_a_table_with_escaped_cells():
    markdown = stats.render_markdown(report())
    rows = [line for line in markdown.splitlines() if line.startswith("| ")]
    assert rows[0].startswith("| page | who | median ms | ratio |")
    assert any("search \\| name" in row for row in rows)
    # Every row of the page table has the same number of cells as its header.
    table = rows[: 1 + len(report().pages)]
    assert len({row.replace("\\|", "").count("|") for row in table}) == 1
    assert "- **commit**: abc1234 with uncommitted changes" in markdown


def test_a_cold_first_request_does_not_make_a_page_slow():
    samples = Samples()
    samples.add(9.0, 0, 2)  # the first request after start-up
    samples.add(0.2, 1, 2)
    assert not samples.is_slow(slow_seconds=5)
    assert samples.wanted(12, warmup_rounds=2, slow_seconds=5)
