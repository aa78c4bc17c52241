"""The deadline facts kept on each case (what the home pages read from an index) always agree
with the episodes and screenings they come from, whoever saves what, in whatever order."""

import datetime

from django.utils import timezone

from cases.models import Case
from screening import deadlines
from screening.models import Screening
from tests import factories

from .conftest import answer_all, start, submit


def facts(case) -> tuple:
    case = Case.objects.get(pk=case.pk)
    return case.return_screening_due_since, case.opening_screening_due_since


def ago(**kwargs):
    return timezone.now() - datetime.timedelta(**kwargs)


def test_a_return_starts_the_clock_and_a_screening_stops_it(caseworker, youth_case, library):
    assert facts(youth_case) == (None, None)
    episode = factories.MissingEpisodeFactory(
        case=youth_case, went_missing_at=ago(days=2), returned_at=ago(hours=5)
    )
    assert facts(youth_case)[0] == episode.returned_at
    screening = start(caseworker, youth_case, library.tier1, context="return_from_missing", episode=episode)
    assert facts(youth_case)[0] == episode.returned_at  # a draft screens nothing
    submit(caseworker, screening, answer_all(screening))
    assert facts(youth_case) == (None, None)


def test_a_return_recorded_after_the_last_screening_is_due_again(caseworker, youth_case, library):
    screening = start(caseworker, youth_case, library.tier1)
    submit(caseworker, screening, answer_all(screening))
    Screening.objects.filter(pk=screening.pk).update(submitted_at=ago(days=1))
    later = factories.MissingEpisodeFactory(
        case=youth_case, went_missing_at=ago(hours=20), returned_at=ago(hours=2)
    )
    assert facts(youth_case)[0] == later.returned_at


def test_the_opening_clock_runs_until_the_first_screening(caseworker, team_a, library):
    case = factories.CaseFactory(team=team_a, assigned_caseworker=caseworker, known_runaway_history=True)
    assert facts(case)[1] == deadlines.opening_start(case.opened_on)
    screening = start(caseworker, case, library.tier1)
    submit(caseworker, screening, answer_all(screening))
    assert facts(case)[1] is None


def test_saving_an_old_copy_of_the_case_does_not_bring_a_deadline_back(caseworker, team_a, library):
    case = factories.CaseFactory(team=team_a, assigned_caseworker=caseworker, known_runaway_history=True)
    stale = Case.objects.get(pk=case.pk)  # an edit form opened before the screening
    screening = start(caseworker, case, library.tier1)
    submit(caseworker, screening, answer_all(screening))
    stale.county = "Elsewhere"
    stale.save()
    assert facts(case)[1] is None


def test_refresh_recomputes_what_a_bulk_insert_left_unset(caseworker, youth_case, library):
    episode = factories.MissingEpisodeFactory(
        case=youth_case, went_missing_at=ago(days=2), returned_at=ago(hours=5)
    )
    Case.objects.filter(pk=youth_case.pk).update(
        return_screening_due_since=None
    )  # as a bulk insert leaves it
    deadlines.refresh()
    assert facts(youth_case)[0] == episode.returned_at


def test_a_runaway_history_recorded_later_starts_the_opening_clock(caseworker, team_a, library):
    case = factories.CaseFactory(team=team_a, assigned_caseworker=caseworker)
    assert facts(case) == (None, None)  # created without: nothing to refresh
    case.known_runaway_history = True
    case.save()
    assert facts(case)[1] == deadlines.opening_start(case.opened_on)
    assert Case.objects.get(pk=case.pk).screening_due_at is not None


def test_a_return_recorded_on_an_open_episode_starts_the_clock(caseworker, youth_case, library):
    episode = factories.MissingEpisodeFactory(
        case=youth_case, went_missing_at=ago(days=1), returned_at=None, recovery_location_type=""
    )
    assert facts(youth_case)[0] is None
    episode.returned_at = ago(hours=1)
    episode.save()
    assert facts(youth_case)[0] == episode.returned_at
