"""Lists that stay the same size whatever the caseload (issue 14): the home pages show the first
few of each list (dashboard.SHOWN) with the count of all and a "See all" link; the lists behind
the links come a page at a time; the review queue too; and the queries per page do not grow
with the rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from screening import dashboard
from screening.models import ReviewStatus, Screening
from tests import factories


def opened_with_runaway_history(team, caseworker, count, *, days_ago=10):
    """Cases whose screening at opening is overdue (the opening clock is days old)."""
    opened = timezone.localdate() - datetime.timedelta(days=days_ago)
    return [
        factories.CaseFactory(
            team=team,
            assigned_caseworker=caseworker,
            known_runaway_history=True,
            opened_on=opened - datetime.timedelta(days=n % 5),
        )
        for n in range(count)
    ]


def waiting_for_review(screening, team, caseworker, count):
    """Copies of a flagged, submitted screening on new cases of the team, all waiting for review."""
    made = []
    for n in range(count):
        copy = Screening.objects.get(pk=screening.pk)
        copy.pk = None
        copy.case = factories.CaseFactory(team=team, assigned_caseworker=caseworker)
        copy.review_status = ReviewStatus.PENDING
        copy.review_waiting_since = timezone.now() - datetime.timedelta(hours=n + 1)
        copy.save()
        made.append(copy)
    return made


def section(page: str, heading: str, next_heading: str) -> str:
    return page[page.index(f'id="{heading}"') : page.index(f'id="{next_heading}"')]


def queries_of(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


SHOWN = dashboard.SHOWN


def test_the_home_page_shows_the_first_due_items_with_the_count_of_all(client, caseworker, team_a, library):
    opened_with_runaway_history(team_a, caseworker, 53)
    client.force_login(caseworker)
    response = client.get("/")
    board = response.context["board"]
    assert len(board.due) == SHOWN < 53
    assert board.due_count.number == 53 and board.overdue_count.number == 53
    due = section(response.content.decode(), "due-heading", "drafts-heading")
    assert due.count("Start screening") == SHOWN
    assert '<span class="badge text-bg-secondary">53</span>' in due
    assert f"See all ({SHOWN} of 53 shown)" in due and 'href="/work/due/"' in due
    assert len(board.cases) == dashboard.MY_CASES_SHOWN
    # Oldest deadline first, as without a cap.
    assert [d.due_at for d in board.due] == sorted(d.due_at for d in board.due)


def test_the_list_behind_see_all_comes_a_page_at_a_time(client, caseworker, team_a, library):
    opened_with_runaway_history(team_a, caseworker, 53)
    client.force_login(caseworker)
    first = client.get("/work/due/")
    assert first.status_code == 200
    assert len(first.context["page"].object_list) == 50 and first.context["page"].has_next
    second = client.get("/work/due/?page=2")
    rows = second.context["page"].object_list
    assert len(rows) == 3 and not second.context["page"].has_next
    assert {d.case.pk for d in first.context["page"]}.isdisjoint({d.case.pk for d in rows})
    assert max(d.due_at for d in first.context["page"]) <= min(d.due_at for d in rows)
    assert "Page 2 of 2" in second.content.decode()
    # A page past the end or not a number: a page, never an error.
    for bad in ("99", "abc", "-1", "0", "1e9"):
        assert client.get(f"/work/due/?page={bad}").status_code == 200


def missing_now(team, caseworker, count):
    """Open cases of youth missing since yesterday, reported to nobody yet."""
    for _ in range(count):
        factories.MissingEpisodeFactory(
            case=factories.CaseFactory(team=team, assigned_caseworker=caseworker),
            went_missing_at=timezone.now() - datetime.timedelta(days=1),
            returned_at=None,
            recovery_location_type="",
            reported_to_law_enforcement_at=None,
            reported_to_ncmec_at=None,
        )


def test_home_queries_do_not_grow_with_the_caseload(client, caseworker, team_a, library, tier1_possible):
    client.force_login(caseworker)
    few = queries_of(client, "/")
    # Every kind of row, more than a section shows: the counts are then queries of their own.
    opened_with_runaway_history(team_a, caseworker, SHOWN + 2)
    missing_now(team_a, caseworker, SHOWN + 2)
    many = queries_of(client, "/")
    many_list = queries_of(client, "/work/due/")
    opened_with_runaway_history(team_a, caseworker, 40)
    missing_now(team_a, caseworker, 30)
    assert queries_of(client, "/") == many
    # At most as many: a page whose rows are all of one kind skips the details of the others.
    assert queries_of(client, "/work/due/") <= many_list
    # A caseload whose lists fit needs no count at all: fewer queries, never more.
    assert few < many


def test_the_supervisor_sees_the_oldest_waiting_and_a_paged_queue(
    client, supervisor, caseworker, team_a, tier1_possible
):
    waiting_for_review(tier1_possible, team_a, caseworker, 54)  # with tier1_possible: 55 waiting
    client.force_login(supervisor)
    response = client.get("/")
    board = response.context["supervisor_board"]
    assert len(board.queue) == SHOWN and board.queue_count.number == 55
    oldest = Screening.objects.filter(review_status="pending").order_by("review_waiting_since").first()
    assert board.queue[0].pk == oldest.pk
    queue = section(response.content.decode(), "queue-heading", "team-overdue-heading")
    assert f"See all ({SHOWN} of 55 shown)" in queue and 'href="/reviews/"' in queue
    page_two = client.get("/reviews/?page=2")
    assert len(page_two.context["screenings"]) == 5
    assert "55 screenings waiting" in page_two.content.decode()
    assert queries_of(client, "/reviews/") == queries_of(client, "/reviews/?page=2")


def test_review_queue_queries_do_not_grow_with_the_queue(
    client, supervisor, caseworker, team_a, tier1_possible
):
    client.force_login(supervisor)
    waiting_for_review(tier1_possible, team_a, caseworker, SHOWN + 2)
    queue = queries_of(client, "/reviews/")
    home = queries_of(client, "/")
    waiting_for_review(tier1_possible, team_a, caseworker, 30)
    assert queries_of(client, "/reviews/") == queue
    assert queries_of(client, "/") == home


def test_team_overdue_is_capped_on_the_home_page_and_listed_behind_see_all(
    client, supervisor, caseworker, team_a, library
):
    opened_with_runaway_history(team_a, caseworker, 52)
    client.force_login(supervisor)
    board = client.get("/").context["supervisor_board"]
    assert len(board.overdue) == SHOWN and board.overdue_count.number == 52 and board.more_overdue
    listed = client.get("/work/overdue/?page=2")
    assert listed.status_code == 200 and len(listed.context["page"].object_list) == 2


@pytest.mark.parametrize("kind", ["due", "actions", "drafts", "returned", "overdue"])
def test_a_work_list_needs_a_login(client, kind):
    response = client.get(f"/work/{kind}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_work_lists_follow_the_roles(client, caseworker, supervisor, instrument_admin, library):
    client.force_login(caseworker)
    for kind in ("due", "actions", "drafts", "returned"):
        assert client.get(f"/work/{kind}/").status_code == 200
    assert client.get("/work/overdue/").status_code == 403
    assert client.get("/work/nothing/").status_code == 404
    assert client.post("/work/due/").status_code == 405
    client.force_login(instrument_admin)
    assert client.get("/work/due/").status_code == 403


def test_a_work_list_shows_only_the_cases_in_scope(
    client, caseworker, other_caseworker, team_a, team_b, library
):
    mine = opened_with_runaway_history(team_a, caseworker, 2)
    opened_with_runaway_history(team_b, other_caseworker, 3)
    client.force_login(caseworker)
    rows = client.get("/work/due/").context["page"].object_list
    assert {d.case.pk for d in rows} == {c.pk for c in mine}
