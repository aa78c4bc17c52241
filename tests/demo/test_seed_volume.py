"""`seed_demo --cases N --screenings M --pathological-caseload K`: realistic volume, fast.

Small runs (a few hundred cases): the shares and bounds hold at any size.
"""

import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from accounts import roles
from accounts.models import AuditEvent, Team, User
from cases.access import cases_visible_to
from cases.models import Case, MissingEpisode
from demo import data as demo_data
from indicators import engine
from screening import deadlines, review, services
from screening.models import GuidanceAction, ReviewDecision, Screening
from tests.screening.conftest import library

pytestmark = pytest.mark.django_db
__all__ = ["library"]  # the fixture, imported for the tests below

CW, SUP = demo_data.SYNTHETIC_CASEWORKER_PREFIX, demo_data.SYNTHETIC_SUPERVISOR_PREFIX


def seed(*args, **kwargs) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out, **kwargs)
    return out.getvalue()


def open_caseloads() -> dict[str, int]:
    rows = (
        Case.objects.filter(assigned_caseworker__username__startswith=CW, status=Case.Status.OPEN)
        .values_list("assigned_caseworker__username")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def everything() -> dict:
    return {
        "users": User.objects.count(),
        "teams": Team.objects.count(),
        "cases": Case.objects.count(),
        "episodes": MissingEpisode.objects.count(),
        "screenings": Screening.objects.count(),
        "actions": GuidanceAction.objects.count(),
        "decisions": ReviewDecision.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def asked_for(tier: Screening) -> set[str]:
    """The codes of the outcome when this tier was submitted: a Tier 1's own (before any
    interview), an interview's over both tiers (kept on the Tier 1)."""
    if tier.follows_id:
        return {a["code"] for a in tier.follows.outcome["actions"]}
    follow_up = services.follow_up_version(tier)
    outcome = engine.outcome(
        [engine.Tier(tier.content, tier.result)],
        age=tier.youth_age,
        profile=tier.jurisdiction.profile(),
        next_tier=follow_up.content if follow_up else None,
    )
    return {a.code for a in outcome.actions}


def test_synthetic_cases_go_to_realistic_caseloads_on_synthetic_teams():
    output = seed("--cases", "300")
    caseloads = open_caseloads()
    assert caseloads and all(15 <= n <= 40 for n in caseloads.values()), caseloads
    synthetic = Case.objects.filter(case_number__startswith=demo_data.SYNTHETIC_PREFIX)
    assert synthetic.filter(status=Case.Status.CLOSED).count() == round(
        300 * demo_data.SYNTHETIC_CLOSED_SHARE
    )
    assert sum(caseloads.values()) == synthetic.filter(status=Case.Status.OPEN).count()
    # Every case is on its caseworker's team; the teams are synthetic, each with 1-2 supervisors.
    for case in synthetic.select_related("team", "assigned_caseworker"):
        assert case.team.name.startswith(demo_data.SYNTHETIC_TEAM_PREFIX)
        assert case.assigned_caseworker.teams.filter(pk=case.team_id).exists()
    for team in Team.objects.filter(name__startswith=demo_data.SYNTHETIC_TEAM_PREFIX):
        assert 1 <= team.supervisors.count() <= 2
        assert all(u.username.startswith(SUP) for u in team.supervisors.all())
        assert 1 <= team.caseworkers.count() <= demo_data.SYNTHETIC_TEAM_SIZE["max"]
    # Volume, not logins: role groups as the demo users have them, no usable password.
    for user in User.objects.filter(username__startswith="syn-"):
        role = roles.CASEWORKER if user.username.startswith(CW) else roles.SUPERVISOR
        assert set(user.groups.values_list("name", flat=True)) == {role}
        assert not user.has_usable_password()
    # The demo logins keep their small demo caseloads.
    caseworker = User.objects.get(username="caseworker")
    assert 8 <= cases_visible_to(caseworker).count() <= 25
    assert (
        not cases_visible_to(User.objects.get(username="supervisor"))
        .filter(case_number__startswith=demo_data.SYNTHETIC_PREFIX)
        .exists()
    )
    assert "open cases each" in output


def test_synthetic_records_are_valid_with_episodes_and_deadline_facts():
    seed("--cases", "1500")
    synthetic = Case.objects.filter(case_number__startswith=demo_data.SYNTHETIC_PREFIX)
    for case in random.Random(1).sample(list(synthetic), 60):
        case.full_clean()
    episodes = list(MissingEpisode.objects.filter(case__case_number__startswith=demo_data.SYNTHETIC_PREFIX))
    assert episodes, "some synthetic youth went missing"
    for episode in episodes:
        episode.full_clean()  # no overlap, nothing before going missing or in the future
    assert any(e.returned_at is None for e in episodes)
    assert any(e.recovery_location_type for e in episodes)
    assert any(e.reported_to_ncmec_at is None for e in episodes)
    missing = synthetic.filter(status=Case.Status.OPEN, placement_type=Case.Placement.MISSING)
    assert all(c.episodes.filter(returned_at=None).exists() for c in missing)
    assert MissingEpisode.history.filter(case_id__in=synthetic.values("pk")).count() == len(episodes)
    assert 0.03 < synthetic.filter(known_runaway_history=True).count() / 1500 < 0.2
    # The deadline facts are what deadlines.refresh computes from the rows.
    fields = ("pk", "return_screening_due_since", "opening_screening_due_since")
    before = list(synthetic.order_by("pk").values_list(*fields))
    deadlines.refresh(list(synthetic.values_list("pk", flat=True)))
    assert list(synthetic.order_by("pk").values_list(*fields)) == before
    assert any(row[1] for row in before) and any(row[2] for row in before)


def test_re_running_continues_numbering_and_tops_up_the_caseworkers():
    seed("--cases", "300")
    workers = set(open_caseloads())
    seed(cases=100)
    numbers = set(Case.objects.filter(case_number__startswith="SYN-").values_list("case_number", flat=True))
    assert numbers == {f"SYN-{n:07d}" for n in range(1, 401)}
    caseloads = open_caseloads()
    assert all(15 <= n <= 40 for n in caseloads.values()), caseloads
    assert workers <= set(caseloads)  # the existing caseworkers are found, not duplicated
    usernames = sorted(caseloads)
    assert usernames == [f"{CW}{n:06d}" for n in range(1, len(usernames) + 1)]


def test_a_pathological_caseload_goes_to_one_demo_login_on_a_supervised_team():
    seed("--cases", "300", "--pathological-caseload", "120")
    worker = User.objects.get(username=demo_data.PATHOLOGICAL_LOGIN)
    theirs = Case.objects.filter(case_number__startswith="SYN-", assigned_caseworker=worker)
    assert theirs.count() == 120
    assert theirs.filter(status=Case.Status.CLOSED).count() == round(120 * demo_data.SYNTHETIC_CLOSED_SHARE)
    team = worker.teams.get()
    assert set(theirs.values_list("team", flat=True)) == {team.pk}
    supervisor = User.objects.get(username="supervisor")
    assert team.supervisors.filter(pk=supervisor.pk).exists()
    assert cases_visible_to(supervisor).filter(case_number__startswith="SYN-").count() == 120
    # The others still have realistic caseloads.
    assert all(15 <= n <= 40 for n in open_caseloads().values())


def test_screenings_in_bulk_are_scored_by_the_engine(library):
    seed("--cases", "300", "--screenings", "60", "--pathological-caseload", "60")
    submitted = Screening.objects.submitted()
    assert submitted.count() == 60
    assert Screening.objects.drafts().exists()
    assert not submitted.exclude(case__case_number__startswith="SYN-").exists()
    roots = list(submitted.screenings().select_related("instrument_version__instrument", "jurisdiction"))
    assert {s.outcome_level for s in roots} >= {"none", "possible"}
    assert not submitted.exclude(instrument_version__status="published").exists()
    # What is stored is what the engine gives for the answers (a sample of every kind).
    for screening in random.Random(2).sample(list(submitted.select_related("instrument_version")), 25):
        result = services.score_answers(screening, screening.answers).to_dict()
        assert result == screening.result, screening.pk
        assert screening.level == result["level"]
    for root in random.Random(3).sample(roots, 20):
        assert services.compute_outcome(root).to_dict() == root.outcome, root.pk
        assert root.outcome_level == root.outcome["level"]
        assert root.submitted_at and root.created_at < root.submitted_at
    interviews = submitted.exclude(follows=None)
    for interview in interviews:
        assert interview.follows.case_id == interview.case_id and interview.setting_confirmed
    # The guidance actions are those the outcome asked for when each tier was submitted.
    actions = GuidanceAction.objects.select_related(
        "screening__follows", "screening__jurisdiction", "screening__instrument_version__instrument"
    )
    codes: dict[int, set[str]] = {}
    for action in actions:
        if action.screening_id not in codes:
            codes[action.screening_id] = asked_for(action.screening)
        assert action.code in codes[action.screening_id], action.code
        assert (action.closed_at is None) == (action.status == "open")
    # The pathological caseload is screened too (proportionally: about 60 of 210 open cases).
    assert submitted.filter(case__assigned_caseworker__username=demo_data.PATHOLOGICAL_LOGIN).exists()


def test_flagged_screenings_wait_for_a_supervisor_who_sees_them(library):
    seed("--cases", "300", "--screenings", "60")
    flagged = Screening.objects.submitted().screenings().filter(outcome_level__in=["possible", "clear"])
    assert flagged.exists()
    assert all(s.review_status for s in flagged)
    pending = flagged.filter(review_status="pending")
    assert pending.exists()
    for screening in pending.select_related("case__team"):
        assert screening.review_waiting_since
        supervisors = screening.case.team.supervisors.all()
        assert any(review.queue_for(s).filter(pk=screening.pk).exists() for s in supervisors)
    for decision in ReviewDecision.objects.select_related("screening__case__team"):
        assert decision.screening.case.team.supervisors.filter(pk=decision.decided_by_id).exists()
        if decision.screening.review_status != "pending":  # else waiting again since a response
            assert decision.decided_at >= decision.screening.review_waiting_since
    assert (
        not Screening.objects.submitted()
        .screenings()
        .filter(outcome_level="none")
        .exclude(review_status="")
        .exists()
    )
    assert AuditEvent.objects.filter(summary="Screening submitted").count() == 60


def test_screenings_again_go_to_other_cases(library):
    seed("--cases", "300", "--screenings", "30")
    first = set(Screening.objects.values_list("case_id", flat=True))
    last = Screening.objects.order_by("-pk").values_list("pk", flat=True).first()
    seed("--screenings", "30")
    assert Screening.objects.submitted().count() == 60
    second = set(Screening.objects.filter(pk__gt=last).values_list("case_id", flat=True))
    assert second and not second & first


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--screenings", "-1"], "--screenings must be a whole number from 0 to 1,000,000"),
        (["--screenings", "abc"], "--screenings must be a whole number from 0 to 1,000,000"),
        (["--screenings", "1000001"], "--screenings must be a whole number"),
        (["--cases", "10", "--pathological-caseload", "11"], "more than --cases"),
        (["--pathological-caseload", "5"], "needs --cases"),
        (["--cases", "10", "--pathological-caseload", "abc"], "--pathological-caseload must be a whole"),
        (["--cases", "10", "--screenings", "5000"], "needs as many open synthetic cases"),
    ],
)
def test_bad_arguments_are_refused_and_change_nothing(library, args, message):
    before = everything()
    with pytest.raises(CommandError, match=message):
        seed(*args)
    assert everything() == before


def test_screenings_need_the_instrument_library(db):
    before = everything()
    with pytest.raises(CommandError, match="load_instruments"):
        seed("--cases", "50", "--screenings", "10")
    assert everything() == before


def test_synthetic_logins_only_when_asked(settings):
    settings.DEMO_PASSWORD = "demo-pass-1"
    seed("--cases", "40", "--synthetic-logins")
    person = User.objects.filter(username__startswith=CW).first()
    assert person.check_password("demo-pass-1")
