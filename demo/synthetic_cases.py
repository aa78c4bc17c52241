"""Synthetic cases for `seed_demo --cases N`: plausible youth, their missing episodes, in bulk.

Every field value is valid for the model (tests run full_clean on a sample); the shares are in
demo/data.py. Rows go in with bulk inserts of BATCH_SIZE, with their history rows, so that a run
of 1,000,000 cases holds one batch in memory at a time.
"""

import itertools
import random
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta

from django.db import reset_queries
from django.utils import timezone

from cases.models import Case, MissingEpisode
from demo import data as demo_data
from demo.bulk import BATCH_SIZE, ExactShare, Writer, weighted
from demo.workforce import Assigner, PlannedTeam
from screening import deadlines

CHANGE_REASON = "seed_demo --cases"


def birth_date(today: date, age: int, days_since_birthday: int) -> date:
    """A date of birth that makes the youth `age` today, their birthday that many days ago."""
    try:
        anniversary = today.replace(year=today.year - age)
    except ValueError:  # 29 February
        anniversary = today.replace(year=today.year - age, day=28)
    return anniversary - timedelta(days=days_since_birthday)


class SyntheticYouth:
    """Plausible, valid field values for one synthetic youth at a time (names, language, ...)."""

    def __init__(self, rng: random.Random, today: date):
        self.rng, self.today = rng, today
        self.pools = demo_data.NAME_POOLS
        self.pool_weights = list(itertools.accumulate(p["weight"] for p in self.pools))
        self.pronouns = demo_data.PRONOUNS
        self.pronoun_weights = list(itertools.accumulate(w for _, w, _ in self.pronouns))
        self.placements = [value for value, _ in demo_data.PLACEMENTS]
        self.placement_weights = list(itertools.accumulate(w for _, w in demo_data.PLACEMENTS))
        self.language_weights = [
            list(itertools.accumulate(w for _, w, _ in p["languages"])) for p in self.pools
        ]

    def fields(self) -> dict:
        rng = self.rng
        index = rng.choices(range(len(self.pools)), cum_weights=self.pool_weights)[0]
        pool = self.pools[index]
        pronouns, _, group = rng.choices(self.pronouns, cum_weights=self.pronoun_weights)[0]
        given_group = group if group != "n" or rng.random() < 0.3 else rng.choice("fm")
        given = rng.choice(pool[given_group])
        names = [given]
        if rng.random() < demo_data.SYNTHETIC_MIDDLE_NAME_SHARE:
            middle = rng.choice(pool[given_group])
            if middle != given:
                names.append(middle)
        names.append(rng.choice(pool["last"]))
        chosen = ""
        nonbinary = pronouns not in ("she/her", "he/him")
        share = (
            demo_data.SYNTHETIC_CHOSEN_NAME_SHARE_NONBINARY
            if nonbinary
            else demo_data.SYNTHETIC_CHOSEN_NAME_SHARE
        )
        if rng.random() < share:
            candidate = rng.choice(pool["n" if nonbinary else group])
            chosen = "" if candidate == given else candidate
        language, _, interpreter_chance = rng.choices(
            pool["languages"], cum_weights=self.language_weights[index]
        )[0]
        age = rng.randint(10, 20)
        placement = rng.choices(self.placements, cum_weights=self.placement_weights)[0]
        if placement == "independent_living" and age < 17:
            placement = "foster_family"
        return {
            "legal_name": " ".join(names),
            "chosen_name": chosen,
            "pronouns": pronouns,
            "date_of_birth": birth_date(self.today, age, rng.randint(0, 360)),
            "primary_language": language,
            "interpreter_needed": rng.random() < interpreter_chance,
            "placement_type": placement,
            # At most five years ago: the youth is at least 10, so never before birth.
            "opened_on": self.today - timedelta(days=rng.randint(0, 5 * 365)),
        }


class SyntheticEpisodes:
    """Missing episodes of one synthetic youth: an open one when the placement says "missing",
    earlier ones (each returned, none overlapping) for a share of the others; reports to law
    enforcement and NCMEC mostly in time, some late, some not made."""

    def __init__(self, rng: random.Random, now: datetime):
        self.rng, self.now = rng, now
        self.numbers = itertools.count(rng.randint(100_000, 400_000))

    def for_case(self, case: Case) -> list[MissingEpisode]:
        rng, now = self.rng, self.now
        opened = timezone.make_aware(datetime.combine(case.opened_on, datetime.min.time()))
        missing_now = case.status == Case.Status.OPEN and case.placement_type == Case.Placement.MISSING
        earlier = rng.random() < (0.3 if missing_now else demo_data.SYNTHETIC_EPISODE_SHARE)
        episodes = []
        end = now
        if missing_now:
            start = max(opened, now - timedelta(hours=rng.uniform(2, 24 * 60)))
            episodes.append(self._episode(start, None))
            end = start - timedelta(hours=1)
        if earlier and end - opened > timedelta(days=2):
            count = weighted(rng, demo_data.SYNTHETIC_EPISODES_PER_CASE)
            span = (end - opened).total_seconds()
            starts = sorted(opened + timedelta(seconds=rng.uniform(0, span)) for _ in range(count))
            for i, start in enumerate(starts):
                limit = starts[i + 1] if i + 1 < len(starts) else end
                # From a few hours to a few weeks, back before the next one started.
                returned = min(
                    start + timedelta(hours=rng.lognormvariate(3.5, 1.2)), limit - timedelta(hours=1)
                )
                if returned > start:
                    episodes.append(self._episode(start, returned))
        return episodes

    def _report(self, start: datetime, chance: float) -> datetime | None:
        """When a report was made: mostly within hours, now and then late, sometimes never."""
        rng = self.rng
        if rng.random() > chance:
            return None
        hours = rng.uniform(0.5, 12) if rng.random() < 0.75 else rng.uniform(12, 96)
        at = start + timedelta(hours=hours)
        return at if at < self.now else None

    def _episode(self, start: datetime, returned: datetime | None) -> MissingEpisode:
        police = self._report(start, 0.9)
        ncmec = self._report(start, 0.8)
        location = weighted(self.rng, demo_data.SYNTHETIC_RECOVERY_LOCATIONS) if returned else ""
        return MissingEpisode(
            went_missing_at=start,
            reported_to_law_enforcement_at=police,
            law_enforcement_report_number=f"PD-{next(self.numbers):06d}" if police else "",
            reported_to_ncmec_at=ncmec,
            ncmec_case_number=f"{next(self.numbers) + 1_200_000:07d}" if ncmec else "",
            returned_at=returned,
            recovery_location_type=location,
        )


def add_cases(
    *,
    count: int,
    first: int,
    assigner: Assigner,
    pathological: tuple[int, int, int, list] | None,
    now: datetime,
    say: Callable[[str], None],
) -> dict:
    """Add `count` synthetic cases numbered from `first`, with their episodes and history rows.

    `pathological`: (how many, caseworker id, team id, [county, office] pairs): that many of the
    cases, spread over the run, go to that one caseworker. The closed share holds exactly, within
    both groups."""
    started = time.monotonic()
    today = timezone.localdate(now)
    # Deterministic, yet different for each run (the seed is the first number of the run).
    rng = random.Random(f"seed_demo:{first}")
    youth = SyntheticYouth(rng, today)
    episodes = SyntheticEpisodes(rng, now)
    prefix, digits = demo_data.SYNTHETIC_PREFIX, demo_data.SYNTHETIC_DIGITS
    share = demo_data.SYNTHETIC_CLOSED_SHARE
    special, special_worker, special_team, special_locations = pathological or (0, None, None, [])
    is_special = ExactShare(rng, special, count)
    closed = {
        True: ExactShare(rng, round(special * share), special),
        False: ExactShare(rng, round((count - special) * share), count - special),
    }
    totals = {"cases": 0, "closed": 0, "episodes": 0, "open_episodes": 0}
    writer = Writer(now)

    batches = (count + BATCH_SIZE - 1) // BATCH_SIZE
    report_every = max(1, batches // 10)
    for batch_index, start in enumerate(range(0, count, BATCH_SIZE), start=1):
        size = min(BATCH_SIZE, count - start)
        batch, batch_episodes = [], []
        for i in range(size):
            fields = youth.fields()
            special_case = is_special.draw()
            status = Case.Status.CLOSED if closed[special_case].draw() else Case.Status.OPEN
            if special_case:
                worker, team_id = special_worker, special_team
                county, office = rng.choice(special_locations)
            else:
                worker, team = assigner.open_case() if status == Case.Status.OPEN else assigner.closed_case()
                team_id, county, office = _team_place(team)
            if status == Case.Status.CLOSED and fields["placement_type"] == Case.Placement.MISSING:
                fields["placement_type"] = Case.Placement.FOSTER_FAMILY
            case = Case(
                case_number=f"{prefix}{first + start + i:0{digits}d}",
                team_id=team_id,
                assigned_caseworker_id=worker,
                county=county,
                office=office,
                status=status,
                **fields,
            )
            case_episodes = episodes.for_case(case)
            runaway_share = (
                demo_data.SYNTHETIC_RUNAWAY_SHARE_WITH_EPISODES
                if case_episodes
                else demo_data.SYNTHETIC_RUNAWAY_SHARE
            )
            case.known_runaway_history = rng.random() < runaway_share
            _deadline_facts(case, case_episodes)
            batch.append(case)
            batch_episodes.append(case_episodes)
            totals["closed"] += status == Case.Status.CLOSED
        # History rows in bulk too, so every synthetic case and episode has its "created" entry.
        writer.insert(Case, batch, history_reason=CHANGE_REASON)
        rows = []
        for case, case_episodes in zip(batch, batch_episodes, strict=True):
            for episode in case_episodes:
                episode.case = case
                rows.append(episode)
        writer.insert(MissingEpisode, rows, history_reason=CHANGE_REASON)
        totals["cases"] += size
        totals["episodes"] += len(rows)
        totals["open_episodes"] += sum(1 for e in rows if e.returned_at is None)
        # With DEBUG on (the demo), Django keeps the text of the last 9,000 statements, and a
        # bulk insert's text is large: forget them, or a big run holds gigabytes for nothing.
        reset_queries()
        if batch_index % report_every == 0 or batch_index == batches:
            say(f"  {totals['cases']:,} / {count:,} cases ({time.monotonic() - started:.1f} s)")
    totals["seconds"] = round(time.monotonic() - started, 1)
    return totals


def _team_place(team: PlannedTeam) -> tuple[int, str, str]:
    return team.pk, team.county, team.office


def _deadline_facts(case: Case, episodes: list[MissingEpisode]) -> None:
    """The deadline facts deadlines.refresh keeps on a case, for a case with no screening yet:
    every return is unscreened (the oldest counts), and a runaway history at opening is due from
    the day it opened. Set here, as the rows are written, rather than recomputed afterwards for
    a million cases (tests compare them with deadlines.refresh)."""
    returns = [e.returned_at for e in episodes if e.returned_at]
    case.return_screening_due_since = min(returns) if returns else None
    case.opening_screening_due_since = (
        deadlines.opening_start(case.opened_on) if case.known_runaway_history else None
    )
