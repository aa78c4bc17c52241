"""The screenings waiting for review now, by team: the case's team is kept on each screening by
the database (Screening.case_team_id, migration screening 0016), so a supervisor's queue, its
count and the report's "Waiting for review now" read one index range, and follow a case moved to
another team at once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting import figures
from screening import review
from screening.models import Screening
from tests.screening.conftest import tier1_possible  # noqa: F401 (a fixture)

from .conftest import MARCH, NOW, at, screening


def waiting(ids) -> int:
    report = figures.build(MARCH, ids, NOW)
    return (
        next(r for r in report.figure("review_turnaround").rows if r.label == "Waiting for review now")
        .cells[0]
        .value
    )


def pending(case, library, when):
    row = screening(case, when, version=library.tier1, level="possible")
    Screening.objects.filter(pk=row.pk).update(review_status="pending", review_waiting_since=when)
    return Screening.objects.get(pk=row.pk)


def test_a_case_moved_to_another_team_moves_its_waiting_screenings(
    library, team_a, team_b, case_a, case_b, supervisor, other_supervisor
):
    row = pending(case_a, library, at(2))
    pending(case_b, library, at(3))
    assert [s.pk for s in review.queue_for(supervisor)] == [row.pk]
    assert (waiting([team_a.pk]), waiting([team_b.pk]), waiting(None)) == (1, 1, 2)

    stale = Screening.objects.get(pk=row.pk)  # loaded before the move, saved after it
    case_a.team = team_b
    case_a.save()
    stale.notes = "saved by a page opened before the case moved"
    stale.save()

    assert Screening.objects.get(pk=row.pk).case_team_id == team_b.pk
    assert review.waiting_for(supervisor).count() == 0
    assert row.pk in [s.pk for s in review.queue_for(other_supervisor)]
    assert (waiting([team_a.pk]), waiting([team_b.pk]), waiting(None)) == (0, 2, 2)


def test_the_queue_page_follows_the_case_to_its_new_team(
    tier1_possible,  # noqa: F811 (the fixture imported above)
    youth_case,
    team_b,
    supervisor,
    other_supervisor,
    client,
):
    """A screening submitted through the services, waiting for review, its case moved."""
    assert tier1_possible.review_status == "pending"
    client.force_login(supervisor)
    assert "Lexi" in client.get("/reviews/").content.decode()
    youth_case.team = team_b
    youth_case.save()
    assert "Lexi" not in client.get("/reviews/").content.decode()
    client.force_login(other_supervisor)
    assert "Lexi" in client.get("/reviews/").content.decode()


def test_a_new_screening_takes_its_case_team(library, team_b, case_b):
    row = pending(case_b, library, at(4))
    assert row.case_team_id == team_b.pk
    # Written with another team by mistake: the database puts the case's team back.
    Screening.objects.filter(pk=row.pk).update(case_team_id=None)
    assert Screening.objects.get(pk=row.pk).case_team_id == team_b.pk


def test_the_waiting_count_reads_no_case(library, team_a, case_a, supervisor):
    pending(case_a, library, at(2))
    with CaptureQueriesContext(connection) as captured:
        assert review.waiting_for(supervisor).count() == 1
        assert waiting([team_a.pk]) == 1
    counts = [q["sql"] for q in captured if "COUNT(" in q["sql"].upper() and "pending" in q["sql"]]
    assert len(counts) == 2
    assert not any("cases_case" in sql for sql in counts)
