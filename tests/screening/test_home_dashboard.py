"""The caseworker's home page: due and overdue oldest first, drafts, open actions, nobody else's."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests import factories
from tests.dates import shown_at

from .conftest import T1_INDICATOR_A, answer_all, start, submit


def ago(**kwargs):
    return timezone.now() - datetime.timedelta(**kwargs)


def when(dt):
    return shown_at(dt)


def home(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response


def test_a_return_with_no_screening_is_due_on_the_home_page(client, caseworker, youth_case, library):
    episode = factories.MissingEpisodeFactory(
        case=youth_case,
        went_missing_at=ago(days=2),
        reported_to_law_enforcement_at=ago(days=2),
        reported_to_ncmec_at=ago(days=2),
        returned_at=ago(hours=3),
    )
    page = home(client, caseworker).content.decode()
    due = page[page.index('id="due-heading"') : page.index('id="drafts-heading"')]
    assert "Lexi" in due and "Screening due after a return from missing" in due
    assert when(episode.returned_at + datetime.timedelta(hours=24)) in due
    assert '<span class="badge text-bg-warning">due</span>' in due
    assert f"?context=return_from_missing&amp;episode={episode.pk}" in due


def test_due_items_come_oldest_first_and_overdue_is_marked(client, caseworker, youth_case, team_a, library):
    later = factories.CaseFactory(team=team_a, assigned_caseworker=caseworker, chosen_name="Ari")
    factories.MissingEpisodeFactory(
        case=later,
        went_missing_at=ago(hours=3),
        returned_at=None,
        recovery_location_type="",
        reported_to_ncmec_at=ago(hours=2),
    )
    factories.MissingEpisodeFactory(
        case=youth_case,
        went_missing_at=ago(days=3),
        returned_at=None,
        recovery_location_type="",
        reported_to_ncmec_at=ago(days=3),
    )
    response = home(client, caseworker)
    due = response.context["board"].due
    assert [(d.case, d.overdue) for d in due] == [(youth_case, True), (later, False)]
    page = response.content.decode()
    section = page[page.index('id="due-heading"') : page.index('id="drafts-heading"')]
    assert section.index("Lexi") < section.index("Ari")
    assert '<span class="badge text-bg-danger">overdue</span>' in section


def test_drafts_and_open_actions_are_listed(
    client, caseworker, supervisor, youth_case, library, tier1_possible
):
    draft = start(supervisor, youth_case, library.tier1)
    page = home(client, caseworker).content.decode()
    drafts = page[page.index('id="drafts-heading"') : page.index('id="actions-heading"')]
    assert f'href="/screenings/{draft.pk}/"' in drafts and "Continue" in drafts
    assert "Tier 1: brief indicator tool" in drafts and "Morgan Reyes" in drafts
    actions = page[page.index('id="actions-heading"') : page.index('id="my-cases-heading"')]
    for action in tier1_possible.actions.all():
        assert f'href="/screenings/{tier1_possible.pk}/#action-{action.pk}"' in actions
    assert "Lexi" in actions and "(she/her)" in actions
    cases = page[page.index('id="my-cases-heading"') :]
    assert "1 draft" in cases and "2 open actions" in cases


def test_the_most_pressing_action_comes_first(client, caseworker, tier2_disclosure):
    """Immediate actions (for now) first, then those with a deadline, soonest first, then urgent
    before routine."""
    from screening.models import GuidanceAction

    # An immediate action still open (the stop is usually closed when the interview ends).
    GuidanceAction.objects.filter(screening__case=tier2_disclosure.case, priority="immediate").update(
        status="open", closed_at=None, closed_by=None, done_at=None
    )
    actions = home(client, caseworker).context["board"].actions
    order = {"immediate": 0, "urgent": 1, "routine": 2}
    immediate = [a for a in actions if a.priority == "immediate"]
    assert immediate and actions[: len(immediate)] == immediate
    rest = actions[len(immediate) :]
    due = [a.due_at for a in rest if a.due_at]
    assert due and due == sorted(due) and rest[0].due_at is not None
    undated = [a.priority for a in rest if a.due_at is None]
    assert [order[p] for p in undated] == sorted(order[p] for p in undated)


def test_routine_referrals_fold_away_below_required_and_urgent_actions(client, caseworker, tier2_disclosure):
    board = home(client, caseworker).context["board"]
    assert board.pressing_actions and board.routine_actions
    assert all(a.priority == "routine" and not a.mandatory and not a.due_at for a in board.routine_actions)
    assert all(a.mandatory or a.due_at or a.priority != "routine" for a in board.pressing_actions)
    assert len(board.pressing_actions) + len(board.routine_actions) == len(board.actions)
    page = client.get("/").content.decode()
    section = page[page.index('id="actions-heading"') : page.index('id="my-cases-heading"')]
    folded = section[section.index("<details>") :]
    assert f"{len(board.routine_actions)} routine service referral" in folded
    for action in board.routine_actions:
        assert f"#action-{action.pk}" in folded
    for action in board.pressing_actions:
        assert f"#action-{action.pk}" in section[: section.index("<details>")]


def test_nobody_elses_items_appear(
    client, caseworker, caseworker2, other_caseworker, other_case, team_a, library, youth_case, supervisor
):
    sams_case = factories.CaseFactory(team=team_a, assigned_caseworker=caseworker2, chosen_name="Dee")
    for case, user in ((sams_case, caseworker2), (other_case, other_caseworker)):
        factories.MissingEpisodeFactory(case=case, went_missing_at=ago(days=3), returned_at=ago(days=2))
        start(user, case, library.tier1)
        flagged = start(user, case, library.tier1)
        submit(user, flagged, answer_all(flagged, **{T1_INDICATOR_A: "yes"}))
    board = home(client, caseworker).context["board"]
    assert board.due == [] and board.drafts == [] and board.actions == []
    page = client.get("/").content.decode()
    assert "Dee" not in page and "Taylor" not in page and "Lexi" in page
    # Morgan supervises team A: Sam's case, never team B's.
    page = home(client, supervisor).content.decode()
    assert "Dee" in page and "Taylor" not in page and "B-2001" not in page


def test_a_closed_cases_actions_leave_the_home_page(client, caseworker, youth_case, tier1_possible):
    youth_case.status = youth_case.Status.CLOSED
    youth_case.save()
    assert home(client, caseworker).context["board"].actions == []


# --------------------------------------------------------------------------- no query per row


def caseload(caseworker, team, library, first, count):
    """`count` more cases, each with an unscreened return, an unreported episode, a draft and a
    flagged screening with open actions."""
    for n in range(first, first + count):
        case = factories.CaseFactory(team=team, assigned_caseworker=caseworker, chosen_name=f"Youth {n}")
        factories.MissingEpisodeFactory(case=case, went_missing_at=ago(days=3), returned_at=ago(hours=n + 1))
        start(caseworker, case, library.tier1)
        flagged = start(caseworker, case, library.tier1)
        submit(caseworker, flagged, answer_all(flagged, **{T1_INDICATOR_A: "yes"}))
        case.known_runaway_history = True
        case.save()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["caseworker", "supervisor"], indirect=True)
def test_the_home_page_runs_the_same_queries_for_2_and_10_cases(client, persona, caseworker, team_a, library):
    caseload(caseworker, team_a, library, 0, 2)
    client.force_login(persona)
    client.get("/")
    with_two = count_queries(client, "/")
    caseload(caseworker, team_a, library, 2, 8)
    response = client.get("/")
    with_ten = count_queries(client, "/")
    assert with_ten == with_two
    assert "Youth 9" in response.content.decode()


def test_the_case_page_runs_the_same_queries_for_2_and_10_screenings(client, caseworker, youth_case, library):
    def screenings(count):
        for _ in range(count):
            flagged = start(caseworker, youth_case, library.tier1)
            submit(caseworker, flagged, answer_all(flagged, **{T1_INDICATOR_A: "yes"}))
            factories.MissingEpisodeFactory(
                case=youth_case, went_missing_at=ago(days=3), returned_at=ago(days=2)
            )
        start(caseworker, youth_case, library.tier1)

    url = f"/cases/{youth_case.pk}/"
    client.force_login(caseworker)
    screenings(2)
    client.get(url)
    with_two = count_queries(client, url)
    screenings(8)
    with_ten = count_queries(client, url)
    assert with_ten == with_two


# --------------------------------------------------------------------------- required reports


def late(action, **ago_kwargs):
    """The action's deadline moved into the past."""
    from screening.models import GuidanceAction

    GuidanceAction.objects.filter(pk=action.pk).update(due_at=ago(**ago_kwargs))
    action.refresh_from_db()
    return action


def test_an_overdue_required_report_is_due_and_overdue_and_comes_first(
    client, caseworker, team_a, tier2_disclosure
):
    reports = tier2_disclosure.actions.filter(mandated_report=True)
    police = late(reports.get(code="report-law-enforcement"), hours=2)
    hotline = reports.get(code="report-child-abuse-hotline")  # due tomorrow
    # Another youth back from missing an hour ago: a screening due before the hotline report.
    factories.MissingEpisodeFactory(
        case=factories.CaseFactory(team=team_a, assigned_caseworker=caseworker, chosen_name="Ari"),
        went_missing_at=ago(days=2),
        reported_to_law_enforcement_at=ago(days=2),
        reported_to_ncmec_at=ago(days=2),
        returned_at=ago(hours=1),
    )
    response = home(client, caseworker)
    board = response.context["board"]
    assert [item.label for item in board.due] == [
        "Report to law enforcement",
        "Screening due after a return from missing",
        hotline.title,
    ]
    assert board.due[0].overdue and not board.due[2].overdue
    assert board.due_count.number == 3
    assert board.overdue_due_count.number == 1 and board.overdue_count.number == 1
    page = response.content.decode()
    # The first thing on the page is what is due, the overdue report first.
    main = page[page.index('<main id="main"') :]
    assert main.index("<h2") == main.index('<h2 id="due-heading"')
    due = section(page, "due-heading", "drafts-heading")
    assert '<span class="badge text-bg-secondary">3</span>' in due
    assert '<span class="badge text-bg-danger">1 overdue</span>' in due
    first_row = due[due.index("<tbody>") : due.index("</tr>", due.index("<tbody>"))]
    assert "Report to law enforcement" in first_row and "Record the report" in first_row
    assert f'href="/screenings/{tier2_disclosure.pk}/#action-{police.pk}"' in first_row
    assert '<span class="badge text-bg-danger">overdue</span>' in first_row
    # The report is still an open action of the checklist below.
    actions = section(page, "actions-heading", "my-cases-heading")
    assert f"#action-{police.pk}" in actions


def test_a_report_done_or_on_a_closed_case_is_not_due(client, caseworker, youth_case, tier2_disclosure):
    from screening.models import GuidanceAction

    police = late(tier2_disclosure.actions.get(code="report-law-enforcement"), hours=2)
    GuidanceAction.objects.filter(pk=police.pk).update(
        status="done", done_at=ago(hours=1), closed_at=ago(hours=1), reference="PD-1"
    )
    board = home(client, caseworker).context["board"]
    assert [item.label for item in board.due] == ["Report to your state's child abuse hotline"]
    assert board.overdue_due_count.number == 0
    youth_case.status = youth_case.Status.CLOSED
    youth_case.save()
    board = home(client, caseworker).context["board"]
    assert board.due == [] and board.due_count.number == 0


def test_a_report_asked_for_by_both_tiers_is_due_once(client, caseworker, youth_case, tier2_disclosure):
    from screening.models import GuidanceAction

    police = tier2_disclosure.actions.get(code="report-law-enforcement")
    twin = GuidanceAction.objects.get(pk=police.pk)
    twin.pk, twin.screening = None, tier2_disclosure.follows
    twin.save()
    board = home(client, caseworker).context["board"]
    assert [item.label for item in board.due].count("Report to law enforcement") == 1
    assert board.due_count.number == 2


def test_the_list_behind_see_all_has_the_required_reports(client, caseworker, youth_case, tier2_disclosure):
    police = late(tier2_disclosure.actions.get(code="report-law-enforcement"), hours=2)
    client.force_login(caseworker)
    response = client.get("/work/due/")
    rows = response.context["page"].object_list
    assert [row.label for row in rows][0] == "Report to law enforcement"
    assert response.context["page"].count.number == 2
    assert f"#action-{police.pk}" in response.content.decode()


def many_reports(screening, count, first=0):
    """`count` more required reports past their deadline on this screening."""
    from screening.models import GuidanceAction

    GuidanceAction.objects.bulk_create(
        GuidanceAction(
            screening=screening,
            position=100 + n,
            code=f"report-{n}",
            title=f"Required report {n}",
            priority="urgent",
            mandatory=True,
            mandated_report=True,
            due_at=ago(hours=n + 1),
        )
        for n in range(first, first + count)
    )


def test_home_queries_do_not_grow_with_the_required_reports(client, caseworker, tier2_disclosure):
    from screening import dashboard

    client.force_login(caseworker)
    many_reports(tier2_disclosure, dashboard.SHOWN * 2 + 5)
    client.get("/")
    many = count_queries(client, "/")
    board = client.get("/").context["board"]
    assert len(board.due) == dashboard.SHOWN and board.more_due
    assert board.overdue_due_count.number == dashboard.SHOWN * 2 + 5
    many_reports(tier2_disclosure, 30, first=100)
    assert count_queries(client, "/") == many
    # The oldest deadline first, whichever kind.
    due = client.get("/").context["board"].due
    assert [d.due_at for d in due] == sorted(d.due_at for d in due)
    assert due[0].label == "Required report 129"


def section(page, heading, next_heading):
    return page[page.index(f'id="{heading}"') : page.index(f'id="{next_heading}"')]
