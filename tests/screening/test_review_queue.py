"""The supervisor's review queue (/reviews/) and the review part of the home page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from screening.models import Screening
from tests import factories

from .conftest import T1_INDICATOR_A, T1_INDICATOR_B, answer_all, start, submit

# Database tests (so they run before the transactional ones, with the role groups in place).
pytestmark = pytest.mark.django_db


def flagged(user, case, version, *, level="possible", waiting_hours=1):
    screening = start(user, case, version)
    # Clear concern needs a combination the instrument names (branding with a controlling adult),
    # never a count of signs.
    yes = [T1_INDICATOR_A, T1_INDICATOR_B] + (["T1-PS-02", "T1-RC-01"] if level == "clear" else [])
    screening = submit(user, screening, answer_all(screening, **dict.fromkeys(yes, "yes")))
    assert screening.level == level
    since = timezone.now() - timedelta(hours=waiting_hours)
    Screening.objects.filter(pk=screening.pk).update(review_waiting_since=since)
    return screening


def test_the_supervisor_sees_the_queue_oldest_first_clear_before_possible(
    client, library, supervisor, caseworker, youth_case
):
    newer = flagged(caseworker, youth_case, library.tier1, waiting_hours=1)
    possible_old = flagged(caseworker, youth_case, library.tier1, waiting_hours=30)
    clear_old = flagged(caseworker, youth_case, library.tier1, level="clear", waiting_hours=30)
    Screening.objects.filter(pk=possible_old.pk).update(
        review_waiting_since=Screening.objects.get(pk=clear_old.pk).review_waiting_since
    )
    client.force_login(supervisor)
    response = client.get("/reviews/")
    assert response.status_code == 200
    order = [s.pk for s in response.context["screenings"]]
    assert order == [clear_old.pk, possible_old.pk, newer.pk]
    assert "1\xa0day" in response.content.decode()  # how long the oldest has waited (timesince)


def test_screenings_without_concern_never_enter_the_queue(
    client, library, supervisor, caseworker, youth_case
):
    screening = start(caseworker, youth_case, library.tier1)
    screening = submit(caseworker, screening, answer_all(screening))
    assert screening.level == "none" and screening.review_status == ""
    client.force_login(supervisor)
    assert list(client.get("/reviews/").context["screenings"]) == []


def test_another_teams_supervisor_sees_nothing_of_this_team(
    client, library, other_supervisor, caseworker, youth_case
):
    flagged(caseworker, youth_case, library.tier1)
    client.force_login(other_supervisor)
    response = client.get("/reviews/")
    assert list(response.context["screenings"]) == []
    assert "Lexi" not in response.content.decode()
    assert "Lexi" not in client.get("/").content.decode()


@pytest.mark.parametrize("persona", ["caseworker", "instrument_admin"], indirect=True)
def test_people_who_do_not_review_get_403(client, persona):
    client.force_login(persona)
    assert client.get("/reviews/").status_code == 403


def test_anonymous_goes_to_login(client, db):
    response = client.get("/reviews/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_queue_queries_do_not_grow_with_its_length(client, library, supervisor, caseworker, team_a):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/reviews/").status_code == 200
        return len(queries)

    client.force_login(supervisor)
    for _ in range(2):
        flagged(caseworker, factories.CaseFactory(team=team_a, assigned_caseworker=caseworker), library.tier1)
    few = count()
    for _ in range(8):
        flagged(caseworker, factories.CaseFactory(team=team_a, assigned_caseworker=caseworker), library.tier1)
    assert count() == few
    assert len(client.get("/reviews/").context["screenings"]) == 10


def test_supervisor_home_shows_queue_overdue_items_and_counts(
    client, library, supervisor, caseworker, youth_case
):
    screening = flagged(caseworker, youth_case, library.tier1, level="clear")
    # A required report action past its deadline (clear concern, under 18: the child abuse hotline).
    report = screening.actions.get(code="report-child-abuse-hotline")
    screening.actions.filter(pk=report.pk).update(due_at=timezone.now() - timedelta(hours=2))
    factories.MissingEpisodeFactory(
        case=youth_case,
        went_missing_at=timezone.now() - timedelta(days=3),
        reported_to_law_enforcement_at=None,
        reported_to_ncmec_at=None,
        returned_at=None,
    )
    client.force_login(supervisor)
    response = client.get("/")
    board = response.context["supervisor_board"]
    assert [s.pk for s in board.queue] == [screening.pk]
    labels = [item.label for item in board.overdue]
    assert report.title in labels
    assert any("law enforcement" in label and "missing" in label for label in labels)
    assert [o.due_at for o in board.overdue] == sorted(o.due_at for o in board.overdue)
    clear_row = next(r for r in board.counts["rows"] if r["level"] == "clear")
    assert clear_row["this"] == 1
    content = response.content.decode()
    assert "Waiting for your review" in content and "Overdue on your teams" in content
    overdue = content[content.index('id="team-overdue-heading"') : content.index('id="counts-heading"')]
    assert "(she/her)" in overdue


def test_supervisor_home_queries_do_not_grow(client, library, supervisor, caseworker, team_a):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    client.force_login(supervisor)
    for _ in range(2):
        s = flagged(
            caseworker,
            factories.CaseFactory(team=team_a, assigned_caseworker=caseworker),
            library.tier1,
            level="clear",
        )
        s.actions.update(due_at=timezone.now() - timedelta(hours=1))
    few = count()
    for _ in range(6):
        s = flagged(
            caseworker,
            factories.CaseFactory(team=team_a, assigned_caseworker=caseworker),
            library.tier1,
            level="clear",
        )
        s.actions.update(due_at=timezone.now() - timedelta(hours=1))
    assert count() == few


def test_a_correction_to_clear_counts_in_the_queue_order(client, library, supervisor, caseworker, youth_case):
    from screening import services

    from .conftest import fake_request

    first = flagged(caseworker, youth_case, library.tier1, waiting_hours=5)
    corrected = flagged(caseworker, youth_case, library.tier1, waiting_hours=5)
    same = Screening.objects.get(pk=first.pk).review_waiting_since
    Screening.objects.filter(pk=corrected.pk).update(review_waiting_since=same)
    services.add_addendum(
        request=fake_request(caseworker),
        screening=corrected,
        body="Branding and a controlling adult.",
        corrections={"T1-PS-02": "yes", "T1-RC-01": "yes"},
    )
    client.force_login(supervisor)
    response = client.get("/reviews/")
    assert [s.pk for s in response.context["screenings"]] == [corrected.pk, first.pk]
    page = response.content.decode()
    assert page.count("after a correction") == 1
