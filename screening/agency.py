"""The system administrator's view across teams: per team, the required reports and screenings
past their deadline, and the flagged screenings waiting for a supervisor.

A state may have hundreds of teams and a million cases (docs/performance.md), so nothing here is
a query per team or a count of everything: each kind of item is one query that reads the team of
at most ROWS_READ of the items (only the overdue or waiting ones, through the partial indexes the
home pages use), and the items are counted per team in Python. When a kind has more than that,
its counts say so ("10,000+") and the teams' figures are of the items read. The page lists the
TEAMS_SHOWN teams with the most overdue; every other team with work is counted, not listed.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from accounts.models import Team
from cases.models import SCREENING_DUE, Case, MissingEpisode
from cases.paging import Tally

from . import deadlines
from .models import GuidanceAction, ReviewStatus, Screening

# The items of each kind read at most (a team id and a few columns each: a small read).
ROWS_READ = 10_000
TEAMS_SHOWN = 25


@dataclass
class TeamFigures:
    team: Team
    overdue_reports: int = 0
    overdue_screenings: int = 0
    reviews_waiting: int = 0
    oldest_waiting: datetime | None = None

    @property
    def overdue(self) -> int:
        return self.overdue_reports + self.overdue_screenings


@dataclass
class AgencyOverview:
    """The teams with the most overdue (then the longest wait for review), and the totals."""

    teams: list[TeamFigures]
    teams_with_work: int
    overdue_reports: Tally
    overdue_screenings: Tally
    reviews_waiting: Tally
    oldest_waiting: datetime | None = None

    @property
    def more_teams(self) -> int:
        """Teams with something overdue or waiting that the page does not list."""
        return max(0, self.teams_with_work - len(self.teams))

    @property
    def capped(self) -> bool:
        return self.overdue_reports.capped or self.overdue_screenings.capped or self.reviews_waiting.capped

    @property
    def team_ids(self) -> list[int]:
        return [figures.team.pk for figures in self.teams]

    @property
    def anything(self) -> bool:
        return self.teams_with_work > 0


def _read(queryset) -> tuple[list, bool]:
    """At most ROWS_READ rows, unordered, and whether there were more."""
    rows = list(queryset.order_by()[: ROWS_READ + 1])
    return rows[:ROWS_READ], len(rows) > ROWS_READ


def _late_reports(now: datetime) -> tuple[Counter, bool]:
    """Required guidance actions past their deadline on open cases, one per task (a report asked
    for by both tiers of a youth's screening counts once), by team."""
    rows, more = _read(
        GuidanceAction.objects.filter(
            status=GuidanceAction.Status.OPEN,
            mandatory=True,
            due_at__lt=now,
            screening__case__status=Case.Status.OPEN,
        ).values_list("screening__case__team_id", "screening__case_id", "code")
    )
    return Counter(team for team, _case, _code in set(rows)), more


def _unreported_episodes(now: datetime, jurisdiction) -> tuple[Counter, bool]:
    """Missing-from-care episodes not reported to law enforcement, or to NCMEC, past the
    jurisdiction's deadline (each report counts), by team."""
    counts: Counter = Counter()
    more = False
    if jurisdiction is None:
        return counts, more
    hours = jurisdiction.deadlines_hours
    for key, reported_field in deadlines.MISSING_REPORTS.values():
        rows, more_of_kind = _read(
            MissingEpisode.objects.filter(
                Q(**{f"{reported_field}__isnull": True}),
                case__status=Case.Status.OPEN,
                went_missing_at__lt=now - timedelta(hours=hours[key]),
            ).values_list("case__team_id", flat=True)
        )
        counts.update(rows)
        more = more or more_of_kind
    return counts, more


def _overdue_screenings(now: datetime) -> tuple[Counter, bool]:
    """Open cases whose screening is past its deadline (after a return, or at opening), by team."""
    rows, more = _read(
        Case.objects.filter(SCREENING_DUE, screening_due_at__lt=now).values_list("team_id", flat=True)
    )
    return Counter(rows), more


def _waiting_reviews() -> tuple[Counter, dict, bool]:
    """Flagged screenings waiting for a supervisor, by team, and the oldest wait of each team."""
    rows, more = _read(
        Screening.objects.filter(review_status=ReviewStatus.PENDING).values_list(
            "case__team_id", "review_waiting_since"
        )
    )
    counts: Counter = Counter()
    oldest: dict = {}
    for team, since in rows:
        counts[team] += 1
        if since is not None and (team not in oldest or since < oldest[team]):
            oldest[team] = since
    return counts, oldest, more


def _tally(counter: Counter, more: bool) -> Tally:
    return Tally(sum(counter.values()), more)


def overview(jurisdiction=None, *, now: datetime | None = None, shown: int | None = None) -> AgencyOverview:
    """Per team: overdue required reports, overdue screenings and reviews waiting. Six queries
    whatever the number of teams and cases (one per kind of item, and the teams listed)."""
    now = now or timezone.now()
    shown = TEAMS_SHOWN if shown is None else shown
    actions, more_actions = _late_reports(now)
    episodes, more_episodes = _unreported_episodes(now, jurisdiction)
    reports = actions + episodes
    screenings, more_screenings = _overdue_screenings(now)
    reviews, oldest, more_reviews = _waiting_reviews()

    with_work = set(reports) | set(screenings) | set(reviews)
    never = datetime.max.replace(tzinfo=now.tzinfo)

    def urgency(team_id):
        # The most overdue first, then the longest wait for a review.
        return (-(reports[team_id] + screenings[team_id]), -reports[team_id], oldest.get(team_id, never))

    first = sorted(with_work, key=lambda team_id: (urgency(team_id), team_id))[:shown]
    teams = Team.objects.in_bulk(first)
    listed = [
        TeamFigures(
            team=teams[team_id],
            overdue_reports=reports[team_id],
            overdue_screenings=screenings[team_id],
            reviews_waiting=reviews[team_id],
            oldest_waiting=oldest.get(team_id),
        )
        for team_id in first
        if team_id in teams
    ]
    # Equal figures: by name.
    listed.sort(key=lambda f: (urgency(f.team.pk), f.team.name.lower(), f.team.pk))
    return AgencyOverview(
        teams=listed,
        teams_with_work=len(with_work),
        overdue_reports=Tally(sum(reports.values()), more_actions or more_episodes),
        overdue_screenings=_tally(screenings, more_screenings),
        reviews_waiting=_tally(reviews, more_reviews),
        oldest_waiting=min(oldest.values(), default=None),
    )
