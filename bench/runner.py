"""`python -m bench` (run by bench/run.sh, `make bench`): prepare the database, serve it with
gunicorn, time every page of issue 14 interleaved with a trivial logged-in page, run the mixed
load, and print and save the report (bench-results/latest.md)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from . import data, load, stats
from .client import Session
from .server import WORKERS, Gunicorn, machine, memory_of
from .stats import BenchError, BenchSettings, PageResult, Report, Samples, SummaryRow, Target

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench-results"
TRIVIAL_PATH = "/accounts/password/"  # logged in, the whole layout, reads no record
LOAD_SESSIONS = 10  # sessions per person shared by the load's clients (data.py, load.Clients)
LOAD_SLICES = 4  # the trivial and the mixed load alternate this many times each


@dataclass(frozen=True)
class Page:
    page: str
    who: str
    login: str
    path: str
    target: Target | None


def say(message: str) -> None:
    print(message, flush=True)


def django_env(database_url: str) -> dict[str, str]:
    """Production-like settings (DEBUG off, a throwaway key) for plain HTTP on localhost: the
    secure-cookie and HTTPS redirect switches off, as a TLS-terminating proxy would make them."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=database_url,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
    )
    return env


def manage(env: dict[str, str], *args: str, capture: bool = False) -> str:
    command = [sys.executable, "manage.py", *args]
    done = subprocess.run(  # noqa: S603 (our own arguments)
        command, cwd=ROOT, env={**env, "SEED_DEMO_ALLOWED": "true"}, text=True, capture_output=capture
    )
    if done.returncode != 0:
        detail = f"\n{done.stderr}" if capture else ""
        raise BenchError(f"`manage.py {' '.join(args)}` failed (exit {done.returncode}).{detail}")
    return done.stdout or ""


def prepare(settings: BenchSettings, env: dict[str, str], notes: list[str]) -> None:
    """Migrate, load the instruments, collect the static files (the production steps), then seed
    unless the database already holds BENCH_CASES cases, then aggregate the figures' closed
    months (`manage.py aggregate_figures`, as the nightly run does)."""
    say("== migrate, load_instruments, collectstatic (as the tables' owner)")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_instruments")
    manage(env, "collectstatic", "--noinput", "-v0")
    data.setup(env)
    data.postgres_version()  # refuses anything but PostgreSQL before the long part
    before = data.counts()
    seed = ["seed_demo", "--reset-passwords"]
    if before["cases"] >= settings.cases:
        notes.append(f"Seeding skipped: the database already held {before['cases']:,} cases.")
    else:
        options = manage(env, "seed_demo", "--help", capture=True)
        seed += ["--cases", str(settings.cases - before["cases"])]
        screenings = settings.screenings - before["screenings"]
        if screenings > 0 and "--screenings" in options:
            seed += ["--screenings", str(screenings)]
        elif screenings > 0:
            notes.append("seed_demo has no --screenings option: seeded without bulk screenings.")
        pathological = min(
            settings.pathological - data.visible_cases(data.PATHOLOGICAL), settings.cases - before["cases"]
        )
        if pathological > 0 and "--pathological-caseload" in options:
            seed += ["--pathological-caseload", str(pathological)]
        elif pathological > 0:
            notes.append("seed_demo has no --pathological-caseload option: no pathological caseload.")
    say(f"== {' '.join(seed)}")
    started = time.monotonic()
    manage(env, *seed)
    manage(env, "seed_demo_screenings")
    if len(seed) > 2:
        notes.append(f"Seeded in {time.monotonic() - started:,.0f} s: `manage.py {' '.join(seed)}`.")
        say("== VACUUM (ANALYZE)")
        data.vacuum_analyze()
    # The agency's figures of the closed months, stored per team (docs/performance.md), as the
    # nightly run leaves them; idempotent, so a second run on a kept database redoes it.
    say("== aggregate_figures")
    started = time.monotonic()
    manage(env, "aggregate_figures")
    notes.append(f"Figures of the closed months aggregated in {time.monotonic() - started:,.0f} s.")


def pages_to_measure(password: str) -> list[Page]:
    cw = data.typical_caseworker(password)
    paths = data.paths(cw)
    cw2, sup, admin = data.PATHOLOGICAL, data.SUPERVISOR, data.ADMIN
    n = {login: data.visible_cases(login) for login in (cw2, sup, admin)}
    page, search = stats.PAGE_TARGET, stats.SEARCH_TARGET
    return [
        Page("trivial page (change password)", cw, cw, TRIVIAL_PATH, None),
        Page("home", f"{cw} ({data.open_cases(cw)} open cases)", cw, "/", page),
        Page("home", f"{cw2} ({n[cw2]:,} cases)", cw2, "/", page),
        Page("home", f"{sup} ({n[sup]:,} cases)", sup, "/", page),
        Page("case list", cw, cw, "/cases/", page),
        Page("case list", cw2, cw2, "/cases/", page),
        Page("case list", f"{admin} ({n[admin]:,} cases)", admin, "/cases/", page),
        Page("search by name", admin, admin, paths.search_name, search),
        Page("search by case number", admin, admin, paths.search_number, search),
        Page("case list, page 500", admin, admin, "/cases/?page=500", page),
        Page("review queue", sup, sup, "/reviews/", page),
        Page("case page", cw, cw, paths.case_page, page),
        Page("screening form", cw, cw, paths.screening_form, page),
        # The agency's figures (reporting/): the whole agency over the fiscal year, and a
        # supervisor's teams over the last month (the form's default).
        Page("report, fiscal year", f"{admin} (whole agency)", admin, report_path(), page),
        Page("report, last month", sup, sup, "/reports/", page),
    ]


def report_path() -> str:
    """The report of the current federal fiscal year (October to September), every team."""
    today = datetime.now(UTC).date()
    year = today.year + 1 if today.month >= 10 else today.year
    return f"/reports/?period=FY{year}&scope=all"


def interleaved(
    pages: list[Page], sessions: dict[str, Session], settings: BenchSettings
) -> tuple[dict[int, Samples], dict[int, int], dict[int, str]]:
    """Every page once per round, in a new order each round; the first rounds warm up."""
    samples = {i: Samples() for i in range(len(pages))}
    sizes: dict[int, int] = {}
    errors: dict[int, str] = {}
    total = settings.warmup + settings.rounds
    started = time.monotonic()
    for r, order in enumerate(stats.round_orders([str(i) for i in range(len(pages))], total)):
        for i in map(int, order):
            if i in errors or not samples[i].wanted(r, settings.warmup, settings.slow_seconds):
                continue
            try:
                response = sessions[pages[i].login].get(pages[i].path)
            except OSError as error:
                errors[i] = f"no answer ({type(error).__name__})"
                continue
            if response.status != 200:
                errors[i] = f"HTTP {response.status}"
                continue
            samples[i].add(response.seconds, r, settings.warmup)
            sizes[i] = max(sizes.get(i, 0), len(response.body))
        kind = "warm-up" if r < settings.warmup else "round"
        say(f"  {kind} {r + 1}/{total} done ({time.monotonic() - started:,.0f} s)")
    return samples, sizes, errors


def mixed_load(
    server: Gunicorn, settings: BenchSettings, password: str, caseworker: str, paths: dict[str, str]
):
    size = min(settings.clients, LOAD_SESSIONS)
    say(f"== mixed load: logging in {size} sessions each for 3 people")
    pool = load.Clients(
        caseworker=[server.session().login(caseworker, password) for _ in range(size)],
        admin=[server.session().login(data.ADMIN, password) for _ in range(size)],
        autosaver=[server.session().login(data.AUTOSAVER, password) for _ in range(size)],
    )
    drafts = data.autosave_drafts(settings.clients)
    each = settings.load_seconds / LOAD_SLICES
    results = {"trivial": load.LoadResult(0), "mixed": load.LoadResult(0)}
    trivial = load.trivial_step(pool, TRIVIAL_PATH)
    mixed = load.mixed_step(pool, paths, drafts, data.draft_version)
    say(f"  {settings.clients} clients, trivial page then mixed load, {LOAD_SLICES} times {each:.1f} s each")
    for _ in range(LOAD_SLICES):
        for name, step in (("trivial", trivial), ("mixed", mixed)):
            results[name].merge(load.run(settings.clients, each, step))
    return results


def git_commit() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)  # noqa: S603,S607
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return commit + (" with uncommitted changes" if git("status", "--porcelain") else "")


def run(settings: BenchSettings, env: dict[str, str]) -> int:
    notes: list[str] = []
    prepare(settings, env, notes)
    from django.conf import settings as django_settings

    password = django_settings.DEMO_PASSWORD
    pages = pages_to_measure(password)
    amounts = data.counts()
    RESULTS.mkdir(exist_ok=True)
    say(f"== gunicorn, {WORKERS} workers")
    load_before = machine()["load"]
    server = Gunicorn(ROOT, env, RESULTS / "gunicorn.log")
    try:
        server.wait_ready()
        first_workers = server.worker_pids()
        logins = sorted({p.login for p in pages})
        sessions = {login: server.session().login(login, password) for login in logins}
        say(f"== {len(pages)} pages, {settings.warmup} warm-up + {settings.rounds} rounds, interleaved")
        samples, sizes, errors = interleaved(pages, sessions, settings)
        by_path = {p.page: p.path for p in pages}
        load_paths = {
            "home": "/",
            "search": by_path["search by name"],
            "case page": by_path["case page"],
        }
        loads = mixed_load(server, settings, password, pages[0].login, load_paths)
        workers = server.worker_pids()
        memory = {pid: memory_of(pid) for pid in workers}
    finally:
        server.stop()
    if set(workers) != set(first_workers):
        notes.append("A gunicorn worker was replaced during the run (a crash or a timeout): see the log.")

    say("== queries per page (the same requests in this process, counted)")
    queries = {}
    for i, p in enumerate(pages):
        count, status = data.queries_of(p.login, p.path)
        queries[i] = count
        if status != 200 and i not in errors:
            errors[i] = f"HTTP {status} in-process"

    base = samples[0].median
    results = []
    for i, p in enumerate(pages):
        s = samples[i]
        results.append(
            PageResult(
                page=p.page,
                who=p.who,
                path=p.path,
                target=p.target,
                median_s=s.median,
                ratio=stats.ratio(s.median, base),
                samples=len(s.times),
                queries=queries.get(i),
                html_bytes=sizes.get(i),
                error=errors.get(i, ""),
            )
        )
        if 0 < len(s.times) < settings.rounds:
            notes.append(
                f"{p.page}, {p.who}: slower than {settings.slow_seconds} s, measured in "
                f"{len(s.times)} rounds only."
            )
    report = Report(
        context=context(settings, amounts, base, load_before),
        pages=results,
        summary=summary(results, memory, loads),
        notes=notes + load_notes(loads) + [f"Paths: {', '.join(sorted({p.path for p in pages}))}"],
    )
    text = stats.render_text(report)
    say("\n" + text)
    markdown = stats.render_markdown(report)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%MZ")
    (RESULTS / "latest.md").write_text(markdown)
    (RESULTS / f"{stamp}-{amounts['cases']}-cases.md").write_text(markdown)
    say(f"Saved as {RESULTS.relative_to(ROOT)}/latest.md")
    return 1 if errors else 0


def context(
    settings: BenchSettings, amounts: dict[str, int], base: float | None, load_before: str
) -> list[tuple[str, str]]:
    m = machine()
    where = os.environ.get("BENCH_DATABASE_LABEL", "DATABASE_URL")
    return [
        ("date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("commit", git_commit()),
        ("machine", f"{m['cpus']} CPUs ({m['cpu']}), {m['ram']} RAM"),
        (
            "load average",
            f"{load_before} before the timed run, {m['load']} after (other work on the machine)",
        ),
        ("database", f"PostgreSQL {data.postgres_version()}, {where}; the app logs in as the owner"),
        ("server", f"gunicorn, {WORKERS} sync workers, DEBUG off"),
        ("data", ", ".join(f"{v:,} {k}" for k, v in amounts.items())),
        (
            "method",
            f"{settings.rounds} rounds after {settings.warmup} warm-up, every page once per round in a "
            f"new order; ratio = page median / trivial page median "
            f"({(base or 0) * 1000:,.1f} ms); load: {settings.clients} clients, "
            f"{settings.load_seconds} s of each kind in {LOAD_SLICES} alternating slices",
        ),
    ]


def summary(results: list[PageResult], memory: dict[int, dict[str, int]], loads) -> list[SummaryRow]:
    rows = []
    sized = [r for r in results if r.html_bytes is not None]
    if sized:
        largest = max(sized, key=lambda r: r.html_bytes or 0)
        rows.append(
            SummaryRow(
                "largest page",
                f"{stats.kilobytes(largest.html_bytes)} KB ({largest.page}, {largest.who})",
                stats.PAGE_SIZE_TARGET,
                largest.html_bytes,
            )
        )
    rss = [m["VmRSS"] for m in memory.values() if "VmRSS" in m]
    peak = [m["VmHWM"] for m in memory.values() if "VmHWM" in m]
    rows.append(
        SummaryRow(
            "worker memory after the run (largest RSS)",
            " / ".join(stats.megabytes(v) for v in rss) or "unknown",
            stats.MEMORY_TARGET,
            max(rss) if rss else None,
        )
    )
    rows.append(SummaryRow("worker memory peak (VmHWM)", " / ".join(stats.megabytes(v) for v in peak)))
    trivial_mean = loads["trivial"].throughput
    mixed = loads["mixed"].throughput
    ratio = stats.ratio(mixed, trivial_mean)
    rows.append(
        SummaryRow(
            "mixed load throughput / trivial page's",
            f"{ratio or 0:.2f}x ({mixed:,.1f} vs {trivial_mean:,.1f} requests/s)",
            stats.THROUGHPUT_TARGET,
            ratio,
        )
    )
    return rows


def load_notes(loads) -> list[str]:
    notes = []
    for name, result in loads.items():
        medians = ", ".join(f"{what} {ms:,.0f} ms" for what, ms in sorted(result.medians_ms().items()))
        line = f"Load, {name}: {result.throughput:,.1f} requests/s; medians under load: {medians}."
        if result.failed:
            failed = ", ".join(f"{what} {error} x{n}" for (what, error), n in sorted(result.failed.items()))
            line += f" Failed: {failed}."
        notes.append(line)
    return notes


def main(argv: list[str] | None = None) -> int:
    """`python -m bench`; `python -m bench check` only checks the settings (bench/run.sh, first)."""
    args = sys.argv[1:] if argv is None else argv
    try:
        settings = stats.settings_from_env(os.environ)
        database_url = os.environ.get("DATABASE_URL", "")
        if (database_url or not args) and not database_url.startswith(("postgres://", "postgresql://")):
            raise BenchError(
                "DATABASE_URL must be a postgres:// URL (unset, `make bench` starts a throwaway "
                "PostgreSQL); the bench measures PostgreSQL only."
            )
        if args == ["check"]:
            return 0
        if args:
            raise BenchError(f"Unknown arguments {args!r}: `python -m bench [check]`.")
        return run(settings, django_env(database_url))
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
