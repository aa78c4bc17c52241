"""`manage.py seed_demo`: demo logins, teams and caseload; idempotent; `--cases N` synthetic."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from accounts import roles
from accounts.models import AuditEvent, Team, User
from cases.access import cases_visible_to
from cases.models import Case, CaseNote, MissingEpisode
from demo import data as demo_data
from tests import factories

pytestmark = pytest.mark.django_db

TEAM_A = demo_data.TEAMS[0]["name"]
TEAM_B = demo_data.TEAMS[1]["name"]


@pytest.fixture
def demo_password(settings):
    settings.DEMO_PASSWORD = "demo-pass-1"
    return settings.DEMO_PASSWORD


def seed(*args, **kwargs) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out, **kwargs)
    return out.getvalue()


def counts() -> dict:
    return {
        "users": User.objects.count(),
        "teams": Team.objects.count(),
        "team_caseworkers": Team.caseworkers.through.objects.count(),
        "team_supervisors": Team.supervisors.through.objects.count(),
        "user_groups": User.groups.through.objects.count(),
        "cases": Case.objects.count(),
        "case_history": Case.history.count(),
        "episodes": MissingEpisode.objects.count(),
        "episode_history": MissingEpisode.history.count(),
        "notes": CaseNote.objects.count(),
    }


def group_names(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def test_creates_logins_roles_and_teams(demo_password):
    output = seed()

    expected_roles = {
        "caseworker": {roles.CASEWORKER},
        "caseworker2": {roles.CASEWORKER},
        "supervisor": {roles.SUPERVISOR},
        "caseworker3": {roles.CASEWORKER},
        "supervisor2": {roles.SUPERVISOR},
        "instruments": {roles.INSTRUMENT_ADMIN},
        "instruments2": {roles.INSTRUMENT_ADMIN},
        "admin": set(),
    }
    for username, role_set in expected_roles.items():
        user = User.objects.get(username=username)
        assert user.check_password(demo_password), username
        assert group_names(user) == role_set, username
        assert user.first_name and user.last_name, username
        assert user.is_active
        assert user.is_superuser == (username == "admin"), username
        # The admin site is for the system and instrument administrators only.
        assert user.is_staff == (username in ("admin", "instruments")), username
        assert username in output
    # Two instrument administrators: a publication requested by one is approved by the other.
    assert {u.username for u in Group.objects.get(name=roles.INSTRUMENT_ADMIN).user_set.all()} == {
        "instruments",
        "instruments2",
    }

    team_a, team_b = Team.objects.get(name=TEAM_A), Team.objects.get(name=TEAM_B)
    assert {u.username for u in team_a.caseworkers.all()} == {"caseworker", "caseworker2"}
    assert {u.username for u in team_a.supervisors.all()} == {"supervisor"}
    assert {u.username for u in team_b.caseworkers.all()} == {"caseworker3"}
    assert {u.username for u in team_b.supervisors.all()} == {"supervisor2"}

    # The logins are printed with their role and the password; the scope is explained.
    assert demo_password in output
    assert "Instrument administrator" in output and "System administrator" in output
    assert "Scope" in output

    event = AuditEvent.objects.get(summary__startswith="seed_demo:")
    assert event.user is None and event.action == AuditEvent.Action.CREATED
    assert len(event.detail["demo_cases_created"]) == len(demo_data.CASES)
    assert demo_password not in str(event.detail)


def test_demo_caseload_is_realistic_and_valid(demo_password):
    seed()
    now = timezone.now()
    team_a_cases = Case.objects.filter(team__name=TEAM_A)
    assert team_a_cases.count() == 21
    per_worker = {
        u: team_a_cases.filter(assigned_caseworker__username=u).count() for u in ("caseworker", "caseworker2")
    }
    assert sum(per_worker.values()) == 21 and min(per_worker.values()) >= 8, per_worker
    team_b_cases = Case.objects.filter(team__name=TEAM_B)
    assert team_b_cases.count() == 3
    assert set(team_b_cases.values_list("assigned_caseworker__username", flat=True)) == {"caseworker3"}

    cases = list(Case.objects.all())
    for case in cases:
        case.full_clean()
        assert 6 <= case.age <= 20, case  # a young child too: the interview is not for him
        assert 1 <= case.notes.count() <= 3, case
    for episode in MissingEpisode.objects.all():
        episode.full_clean()
    for note in CaseNote.objects.select_related("case"):
        note.full_clean()
        assert note.created_at <= now
        assert note.created_at.date() >= note.case.opened_on - timedelta(days=1)

    # Diverse and respectful: non-ASCII names, chosen names, several pronouns and languages.
    names = {c.legal_name for c in cases}
    assert {"José Ñúñez Herrera", "Łucja Kowalczyk", "Nguyễn Thị Mai"} <= names
    assert sum(1 for c in cases if c.chosen_name and c.chosen_name != c.legal_name) >= 3
    assert {"she/her", "he/him", "they/them", "he/they"} <= {c.pronouns for c in cases}
    assert {"English", "Spanish", "Vietnamese", "Haitian Creole"} <= {c.primary_language for c in cases}
    assert any(c.interpreter_needed for c in cases)
    assert {c.placement_type for c in cases} == set(Case.Placement.values)
    assert 2 <= sum(1 for c in cases if c.status == Case.Status.CLOSED) <= 4
    assert any(c.known_runaway_history for c in cases)

    # Episodes: the situations a demo needs.
    episodes = list(MissingEpisode.objects.all())
    by_case = {}
    for episode in episodes:
        by_case.setdefault(episode.case_id, []).append(episode)
    assert max(len(eps) for eps in by_case.values()) >= 3
    assert sum(1 for eps in by_case.values() if len(eps) == 1) >= 3
    open_episodes = [e for e in episodes if e.returned_at is None]
    assert len(open_episodes) == 1
    assert open_episodes[0].reported_to_law_enforcement_at is not None
    assert open_episodes[0].reported_to_ncmec_at is None
    assert any(e.returned_at and now - e.returned_at < timedelta(days=1) for e in episodes)
    late = [
        e
        for e in episodes
        if e.reported_to_ncmec_at and e.reported_to_ncmec_at - e.went_missing_at > timedelta(hours=24)
    ]
    assert late
    assert all(e.law_enforcement_report_number for e in episodes if e.reported_to_law_enforcement_at)
    locations = {e.recovery_location_type for e in episodes}
    assert {"hotel", "truck_stop"} <= locations


def test_scope_differs_between_teams(demo_password):
    seed()
    users = {u.username: u for u in User.objects.all()}
    assert cases_visible_to(users["supervisor"]).count() == 21
    assert not cases_visible_to(users["supervisor"]).filter(team__name=TEAM_B).exists()
    assert cases_visible_to(users["supervisor2"]).count() == 3
    assert cases_visible_to(users["caseworker"]).count() < 21
    assert cases_visible_to(users["instruments"]).count() == 0
    assert cases_visible_to(users["admin"]).count() == 24


def test_running_twice_duplicates_nothing_and_resets_logins_but_not_passwords(settings, demo_password):
    seed()
    before = counts()
    worker = User.objects.get(username="caseworker")
    worker.set_password("something-else")
    worker.first_name = "Changed"
    worker.save()
    worker.groups.set([Group.objects.get(name=roles.SUPERVISOR)])
    Team.objects.get(name=TEAM_B).caseworkers.add(worker)

    settings.DEMO_PASSWORD = "demo-pass-2"
    output = seed()

    assert counts() == before
    assert AuditEvent.objects.filter(summary__startswith="seed_demo:").count() == 2
    worker.refresh_from_db()
    assert worker.check_password("something-else")  # a re-run logs nobody out
    assert worker.first_name == "Maribel"
    assert group_names(worker) == {roles.CASEWORKER}
    assert not Team.objects.get(name=TEAM_B).caseworkers.filter(pk=worker.pk).exists()
    assert "24 already present" in output


def test_synthetic_cases_with_history_and_no_collisions(demo_password):
    seed()
    history_before = Case.history.count()

    output = seed("--cases", "50")
    synthetic = Case.objects.filter(case_number__startswith="SYN-")
    assert synthetic.count() == 50
    assert set(synthetic.values_list("case_number", flat=True)) == {f"SYN-{n:07d}" for n in range(1, 51)}
    assert Case.history.count() == history_before + 50
    assert Case.history.filter(case_number="SYN-0000050", history_type="+").exists()
    assert "50 synthetic cases" in output and " s" in output
    for case in synthetic.select_related("team", "assigned_caseworker"):
        case.full_clean()
        assert case.assigned_caseworker.teams.filter(pk=case.team_id).exists()
    # On synthetic teams and caseworkers, not the demo logins (tests/demo/test_seed_volume.py).
    assert not synthetic.exclude(assigned_caseworker__username__startswith="syn-cw-").exists()

    seed(cases=50)
    assert synthetic.count() == 100
    assert synthetic.filter(case_number="SYN-0000100").exists()
    assert Case.history.count() == history_before + 100
    event = AuditEvent.objects.filter(summary__startswith="seed_demo:").first()
    assert event.detail["synthetic_cases"]["first"] == "SYN-0000051"


def test_synthetic_numbers_continue_after_the_highest(demo_password):
    seed()
    team = Team.objects.get(name=TEAM_A)
    worker = User.objects.get(username="caseworker")
    factories.CaseFactory(case_number="SYN-0000998", team=team, assigned_caseworker=worker)
    factories.CaseFactory(case_number="SYN-NOTANUMBER", team=team, assigned_caseworker=worker)
    seed("--cases", "2")
    assert Case.objects.filter(case_number__in=["SYN-0000999", "SYN-0001000"]).count() == 2


@pytest.mark.parametrize(
    "value", ["0", "-5", "abc", "2000000", "1.5", "", "--5", "9" * 5000, 0, -5, 2_000_000, True]
)
def test_bad_case_counts_are_refused_and_change_nothing(demo_password, value):
    # On an empty database: any write at all (users, teams, demo cases, audit) would show.
    before = counts(), AuditEvent.objects.count()
    with pytest.raises(CommandError, match=r"--cases must be a whole number from 1 to 1,000,000"):
        if isinstance(value, str):
            seed(f"--cases={value}")
        else:
            seed(cases=value)
    assert (counts(), AuditEvent.objects.count()) == before


def test_a_failure_rolls_everything_back(demo_password, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr("accounts.audit.record", fail)
    with pytest.raises(RuntimeError):
        seed("--cases", "5")
    assert all(value == 0 for value in counts().values()), counts()


def test_it_refuses_to_run_where_demo_logins_are_not_allowed(settings):
    settings.SEED_DEMO_ALLOWED = False
    with pytest.raises(CommandError, match="never in production"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.filter(username="admin").exists()


def test_the_instrument_administrator_can_reach_the_admin_site(db):
    call_command("seed_demo", stdout=StringIO())
    assert User.objects.get(username="instruments").is_staff


def test_passwords_are_reset_only_when_asked(settings, demo_password):
    seed()
    worker = User.objects.get(username="caseworker")
    worker.set_password("something-else")
    worker.save()
    settings.DEMO_PASSWORD = "demo-pass-2"
    seed("--reset-passwords")
    worker.refresh_from_db()
    assert worker.check_password("demo-pass-2")


def test_a_big_run_does_not_keep_every_statement_in_memory(settings, demo_password):
    from django.db import connection

    settings.DEBUG = True  # as in the demo: Django keeps the statements' text
    seed("--cases", "2500")
    # The bulk inserts of every batch are forgotten; only what came after the last one is kept.
    assert len(connection.queries) < 50
