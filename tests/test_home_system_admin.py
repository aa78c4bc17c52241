"""The system administrator's home: per team, overdue required reports and screenings and reviews
waiting (screening/agency.py); sign-in failures and lockouts (accounts/signins.py) with links into
the audit log; bounded whatever the number of teams and cases; audited; nobody else sees it."""

import datetime
import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import audit
from accounts.models import AuditEvent
from screening import agency
from screening.models import GuidanceAction, ReviewStatus, Screening
from tests import factories
from tests.screening.conftest import library, tier1_possible, tier2_disclosure

__all__ = ["library", "tier1_possible", "tier2_disclosure"]  # fixtures


def ago(**kwargs):
    return timezone.now() - datetime.timedelta(**kwargs)


def overdue_screenings(team, caseworker, count):
    """Open cases opened with a runaway history days ago, never screened: screenings overdue."""
    return [
        factories.CaseFactory(
            team=team,
            assigned_caseworker=caseworker,
            known_runaway_history=True,
            opened_on=timezone.localdate() - datetime.timedelta(days=10),
        )
        for _ in range(count)
    ]


def unreported(team, caseworker, count):
    """Youth missing since two days ago, reported to nobody: two reports overdue each."""
    for _ in range(count):
        factories.MissingEpisodeFactory(
            case=factories.CaseFactory(team=team, assigned_caseworker=caseworker),
            went_missing_at=ago(days=2),
            returned_at=None,
            recovery_location_type="",
            reported_to_law_enforcement_at=None,
            reported_to_ncmec_at=None,
        )


def waiting(screening, team, caseworker, count, *, hours=1):
    for n in range(count):
        copy = Screening.objects.get(pk=screening.pk)
        copy.pk = None
        copy.case = factories.CaseFactory(team=team, assigned_caseworker=caseworker)
        copy.review_status = ReviewStatus.PENDING
        copy.review_waiting_since = ago(hours=hours + n)
        copy.save()


def late_report(screening):
    """The screening's report to law enforcement, past its deadline."""
    action = screening.actions.get(code="report-law-enforcement")
    GuidanceAction.objects.filter(pk=action.pk).update(due_at=ago(hours=3))
    return action


def home(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response


def section(page: str, heading: str, next_heading: str | None = None) -> str:
    start = page.index(f'id="{heading}"')
    return page[start : page.index(f'id="{next_heading}"') if next_heading else None]


# --------------------------------------------------------------------------- across teams


def test_the_admin_sees_per_team_figures_the_most_overdue_first(
    client, admin_user, caseworker, other_caseworker, team_a, team_b, tier2_disclosure
):
    # Team A: a report past its deadline (and one due tomorrow), 1 overdue screening, 2 reviews
    # waiting (tier2_disclosure's and its copy). Team B: 2 unreported episodes (4 reports), 2
    # overdue screenings.
    late_report(tier2_disclosure)
    overdue_screenings(team_a, caseworker, 1)
    waiting(tier2_disclosure, team_a, caseworker, 1, hours=30)
    unreported(team_b, other_caseworker, 2)
    overdue_screenings(team_b, other_caseworker, 2)
    quiet = factories.TeamFactory(name="Quiet Team C")
    factories.CaseFactory(team=quiet)

    response = home(client, admin_user)
    overview = response.context["overview"]
    rows = [(f.team, f.overdue_reports, f.overdue_screenings, f.reviews_waiting) for f in overview.teams]
    assert rows == [(team_b, 4, 2, 0), (team_a, 1, 1, 2)]
    assert overview.overdue_reports.number == 5 and overview.overdue_screenings.number == 3
    assert overview.reviews_waiting.number == 2 and overview.more_teams == 0

    page = response.content.decode()
    main = page[page.index('<main id="main"') :]
    assert main.index("<h2") == main.index('<h2 id="agency-heading"')
    agency_section = section(page, "agency-heading", "sign-ins-heading")
    assert "North County Team A" in agency_section and "South County Team B" in agency_section
    assert "Quiet Team C" not in agency_section
    assert agency_section.index("South County Team B") < agency_section.index("North County Team A")
    assert 'class="table table-sm align-middle table-stack"' in agency_section
    assert 'data-label="Required overdue"><span class="badge text-bg-danger">4</span>' in agency_section
    assert f'href="/admin/accounts/team/{team_b.pk}/change/"' in agency_section
    # No youth is named on this part of the page.
    assert "Lexi" not in agency_section


def test_done_reports_and_closed_cases_are_not_overdue(
    client, admin_user, caseworker, youth_case, tier2_disclosure
):
    action = late_report(tier2_disclosure)
    assert home(client, admin_user).context["overview"].overdue_reports.number == 1
    GuidanceAction.objects.filter(pk=action.pk).update(
        status="done", done_at=ago(hours=1), closed_at=ago(hours=1), reference="PD-7"
    )
    assert home(client, admin_user).context["overview"].overdue_reports.number == 0
    closed = overdue_screenings(youth_case.team, caseworker, 1)[0]
    late_report(start_and_flag(tier2_disclosure, closed))
    closed.status = closed.Status.CLOSED
    closed.save()
    overview = home(client, admin_user).context["overview"]
    assert overview.overdue_reports.number == 0 and overview.overdue_screenings.number == 0


def start_and_flag(screening, case):
    """A copy of the screening and its report to law enforcement, on another case."""
    copy = Screening.objects.get(pk=screening.pk)
    copy.pk, copy.case = None, case
    copy.save()
    report = screening.actions.get(code="report-law-enforcement")
    report.pk, report.screening = None, copy
    report.save()
    return copy


def test_nothing_overdue_says_so(client, admin_user, youth_case):
    response = home(client, admin_user)
    assert not response.context["overview"].teams
    assert "Nothing is overdue and no screening is waiting for review, on any team." in (
        response.content.decode()
    )


def test_the_teams_listed_are_capped_and_the_others_counted(
    client, admin_user, caseworker, monkeypatch, library
):
    monkeypatch.setattr(agency, "TEAMS_SHOWN", 2)
    for n in range(4):
        overdue_screenings(factories.TeamFactory(name=f"Region {n}"), caseworker, n + 1)
    response = home(client, admin_user)
    overview = response.context["overview"]
    assert [f.team.name for f in overview.teams] == ["Region 3", "Region 2"]
    assert overview.more_teams == 2 and overview.overdue_screenings.number == 10
    assert "2 more teams have something overdue or waiting" in response.content.decode()


def test_each_kind_is_read_up_to_a_cap(client, admin_user, caseworker, team_a, monkeypatch, library):
    monkeypatch.setattr(agency, "ROWS_READ", 3)
    overdue_screenings(team_a, caseworker, 5)
    response = home(client, admin_user)
    overview = response.context["overview"]
    assert str(overview.overdue_screenings) == "3+" and overview.capped
    assert "stop counting at their cap" in response.content.decode()


def queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return len(captured)


def test_the_admin_home_runs_the_same_queries_for_2_and_12_teams(
    client, admin_user, caseworker, tier1_possible, tier2_disclosure
):
    def teams(first, count):
        for n in range(first, first + count):
            team = factories.TeamFactory(name=f"Team {n:03d}")
            overdue_screenings(team, caseworker, 2)
            unreported(team, caseworker, 1)
            waiting(tier1_possible, team, caseworker, 2)
        audit.record(None, audit.Action.LOGIN_FAILED, username=f"guess{first}")

    late_report(tier2_disclosure)
    client.force_login(admin_user)
    teams(0, 2)
    client.get("/")
    with_two = queries(client)
    teams(2, 10)
    with_twelve = queries(client)
    assert with_twelve == with_two
    overview = client.get("/").context["overview"]
    assert len(overview.teams) == 12 + 1  # and team A's late report


# --------------------------------------------------------------------------- sign-ins


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    return settings.AXES_FAILURE_LIMIT


def log_in(username, password, address):
    return Client(raise_request_exception=False).post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_the_admin_sees_failures_and_lockouts_newest_first_with_links_into_the_audit_log(
    client, throttled, admin_user, caseworker
):
    log_in("nobody-here", "guess", "198.51.100.7")
    for _ in range(3):  # the third locks "casey" out
        log_in("casey", "wrong-password", "203.0.113.9")
    # A failure of 8 days ago (audit events never change: recorded as if then).
    eight_days_ago = ago(days=8)
    with pytest.MonkeyPatch.context() as then:
        then.setattr(timezone, "now", lambda: eight_days_ago)
        audit.record(None, audit.Action.LOGIN_FAILED, username="last-month")

    response = home(client, admin_user)
    sign_ins = response.context["sign_ins"]
    assert [e.username for e in sign_ins.failures] == ["casey", "casey", "casey", "nobody-here"]
    assert sign_ins.failures_count.number == 4
    assert [(lock.kind, lock.value) for lock in sign_ins.locked_now] == [
        ("username", "casey"),
        ("address", "203.0.113.9"),
    ]
    assert sign_ins.locked_now[0].failures == 3
    assert [(lo.username, lo.ip_address, lo.tries) for lo in sign_ins.lockouts] == [
        ("casey", "203.0.113.9", 1)
    ]
    assert sign_ins.lockouts[0].still_locked

    page = section(response.content.decode(), "sign-ins-heading")
    assert "last-month" not in page
    assert "Sign-in failures and lockouts, last 7 days" in page
    for table in ("locked-now-heading", "lockouts-heading", "failures-heading"):
        assert f'table-stack" aria-labelledby="{table}"' in page
    links = [
        link.replace("&amp;", "&") for link in re.findall(r'href="(/admin/accounts/auditevent/[^"]*)"', page)
    ]
    every = next(
        link for link in links if re.fullmatch(r".*/\?action__exact=login_failed&at__gte=[^&]+", link)
    )
    casey = next(link for link in links if "username__exact=casey" in link)
    # The links open the audit log filtered the same way: the failures of these days.
    client.force_login(admin_user)
    listed = client.get(every)
    assert listed.status_code == 200
    assert sorted(e.username for e in listed.context["cl"].result_list) == [
        "casey",
        "casey",
        "casey",
        "nobody-here",
    ]
    listed = client.get(casey)
    assert listed.status_code == 200 and {e.username for e in listed.context["cl"].result_list} == {"casey"}
    one = sign_ins.failures[0]
    assert client.get(f"/admin/accounts/auditevent/{one.pk}/change/").status_code == 200


def test_the_lock_ends_with_the_cool_off(client, throttled, admin_user, caseworker):
    for _ in range(4):  # locked at the third, refused at the fourth
        log_in("casey", "wrong-password", "203.0.113.9")
    sign_ins = home(client, admin_user).context["sign_ins"]
    assert [(lo.username, lo.tries, lo.still_locked) for lo in sign_ins.lockouts] == [("casey", 2, True)]
    AccessAttempt.objects.update(attempt_time=ago(hours=1))
    AccessFailureLog.objects.update(attempt_time=ago(hours=1))
    sign_ins = home(client, admin_user).context["sign_ins"]
    assert sign_ins.locked_now == []
    assert len(sign_ins.lockouts) == 1 and not sign_ins.lockouts[0].still_locked
    assert "no longer locked" in client.get("/").content.decode()


def test_a_lock_lifted_by_an_administrator_is_no_longer_locked(client, throttled, admin_user, caseworker):
    from django.core.management import call_command

    for _ in range(3):
        log_in("casey", "wrong-password", "203.0.113.9")
    call_command("axes_reset_username", "casey")
    call_command("axes_reset_ip", "203.0.113.9")
    sign_ins = home(client, admin_user).context["sign_ins"]
    assert sign_ins.locked_now == [] and not sign_ins.lockouts[0].still_locked


def test_failures_are_capped(client, admin_user, monkeypatch):
    from accounts import signins

    monkeypatch.setattr(signins, "COUNT_CAP", 12)
    for n in range(15):
        audit.record(None, audit.Action.LOGIN_FAILED, username=f"guess{n}")
    response = home(client, admin_user)
    sign_ins = response.context["sign_ins"]
    assert len(sign_ins.failures) == signins.SHOWN and str(sign_ins.failures_count) == "12+"
    assert sign_ins.failures[0].username == "guess14"
    assert "The newest 10 of 12+ are shown." in response.content.decode()


def test_no_failure_says_so(client, admin_user):
    page = home(client, admin_user).content.decode()
    assert "Nobody is locked out now." in page and "No failed login in these days." in page


# --------------------------------------------------------------------------- audit, roles


def test_the_admin_home_read_is_audited(client, admin_user, caseworker, team_a, library):
    overdue_screenings(team_a, caseworker, 1)
    home(client, admin_user)
    event = AuditEvent.objects.filter(summary="Home page: across teams").latest("pk")
    assert event.user == admin_user and event.action == "viewed"
    assert event.detail["teams"] == [team_a.pk] and event.detail["overdue_screenings"] == "1"


@pytest.mark.parametrize("persona", ["caseworker", "supervisor", "instrument_admin"], indirect=True)
def test_nobody_else_sees_the_admin_sections(client, persona, caseworker, team_a, library):
    overdue_screenings(team_a, caseworker, 1)
    audit.record(None, audit.Action.LOGIN_FAILED, username="mallory")
    response = home(client, persona)
    page = response.content.decode()
    assert response.context["overview"] is None and response.context["sign_ins"] is None
    assert 'id="agency-heading"' not in page and 'id="sign-ins-heading"' not in page
    assert "mallory" not in page
