"""The mixed load of issue 14: N clients at once, each going round home, search, a case page and
an autosave of its own draft, against the same N clients asking for the trivial page only; the
two alternate in slices (runner.mixed_load), so that a drift of the machine touches both alike."""

from __future__ import annotations

import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from .client import VERSION_FIELD, Response, Session
from .data import Draft
from .stats import median

MIX = ("home", "search", "case page", "autosave")


@dataclass
class LoadResult:
    seconds: float
    ok: int = 0
    failed: Counter = field(default_factory=Counter)  # (what, status or error) -> count
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    @property
    def throughput(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def merge(self, other: LoadResult) -> None:
        self.seconds += other.seconds
        self.ok += other.ok
        self.failed.update(other.failed)
        for what, times in other.times.items():
            self.times[what].extend(times)

    def medians_ms(self) -> dict[str, float]:
        return {what: (median(t) or 0) * 1000 for what, t in self.times.items()}


@dataclass
class Clients:
    """Logged-in sessions for the load. Logging in costs a password hash, so a pool of sessions
    per person is shared round-robin by the clients (each client uses one session of each)."""

    caseworker: list[Session]
    admin: list[Session]
    autosaver: list[Session]


def run(
    clients: int, seconds: float, step: Callable[[int, int], tuple[str, Response | None, str]]
) -> LoadResult:
    """`clients` threads call step(client, i) until the time is up; what completes by then counts.
    A step returns (what, response, error)."""
    result = LoadResult(seconds)
    lock = threading.Lock()
    start = time.perf_counter()
    deadline = start + seconds

    def client(index: int) -> None:
        i = index  # each client starts at another place in the mix
        while time.perf_counter() < deadline:
            what, response, error = step(index, i)
            i += 1
            done = time.perf_counter()
            with lock:
                if done > deadline:
                    break
                if response is not None and not error:
                    result.ok += 1
                    result.times[what].append(response.seconds)
                else:
                    result.failed[(what, error)] += 1

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


def _get(session: Session, what: str, path: str) -> tuple[str, Response | None, str]:
    try:
        response = session.get(path)
    except OSError as error:
        return what, None, type(error).__name__
    return what, response, "" if response.status == 200 else f"HTTP {response.status}"


def trivial_step(pool: Clients, path: str) -> Callable[[int, int], tuple[str, Response | None, str]]:
    def step(client: int, i: int):
        return _get(pool.caseworker[client % len(pool.caseworker)], "trivial page", path)

    return step


def mixed_step(
    pool: Clients, paths: dict[str, str], drafts: list[Draft], refresh: Callable[[int], int]
) -> Callable[[int, int], tuple[str, Response | None, str]]:
    versions = {d.pk: d.version for d in drafts}

    def autosave(client: int, i: int):
        draft = drafts[client % len(drafts)]
        session = pool.autosaver[client % len(pool.autosaver)]
        data = {"version": str(versions[draft.pk]), draft.field: draft.choices[i % len(draft.choices)]}
        try:
            response = session.post(f"/screenings/{draft.pk}/save/", data, headers={"HX-Request": "true"})
        except OSError as error:
            return "autosave", None, type(error).__name__
        found = VERSION_FIELD.search(response.body)
        if response.status == 200 and found:
            versions[draft.pk] = int(found.group(1))
            return "autosave", response, ""
        versions[draft.pk] = refresh(draft.pk)
        return "autosave", response, f"HTTP {response.status}"

    def step(client: int, i: int):
        what = MIX[i % len(MIX)]
        if what == "autosave":
            return autosave(client, i)
        sessions = pool.admin if what == "search" else pool.caseworker
        return _get(sessions[client % len(sessions)], what, paths[what])

    return step
