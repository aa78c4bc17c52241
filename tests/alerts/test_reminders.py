"""send_reminders: a reminder when a report or a screening becomes due in less than
ALERTS_DUE_SOON_HOURS, another when it goes overdue; each made and e-mailed once, to the case's
caseworker and its team's supervisors, nobody else. The clock is frozen with --now."""

import datetime

import pytest
from django.core.management.base import CommandError

from alerts.models import AlertPreference, Notification
from tests import factories

from .conftest import T0, at, send_reminders

pytestmark = pytest.mark.usefixtures("library")


@pytest.fixture
def missing(youth_case, team_a_people):
    """Youth missing since T0, not reported yet: both reports due at T0 + 24 hours."""
    return factories.MissingEpisodeFactory(case=youth_case, went_missing_at=T0, returned_at=None)


def reminders(**filters):
    return Notification.objects.filter(**filters).exclude(kind=Notification.Kind.OUTCOME)


def recipients(kind):
    return set(reminders(kind=kind).values_list("recipient__username", flat=True))


def test_nothing_is_made_before_the_lead_time(missing, mailoutbox, settings):
    settings.ALERTS_DUE_SOON_HOURS = 4
    send_reminders(at(hours=19, minutes=59))
    assert not reminders().exists()
    assert mailoutbox == []


def test_due_soon_once_it_is_due_in_less_than_the_lead_time(missing, mailoutbox, settings):
    settings.ALERTS_DUE_SOON_HOURS = 4
    out = send_reminders(at(hours=20, minutes=1))
    made = reminders()
    assert {n.kind for n in made} == {"due_soon"}
    assert {n.subject for n in made} == {"report_law_enforcement", "report_ncmec"}
    assert recipients("due_soon") == {"casey", "morgan"}
    assert all(n.due_at == at(hours=24) for n in made)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        ["casey@agency.example", "morgan@agency.example"] * 2
    )
    assert "casey: 2 reminders made, 2 e-mailed" in out


def test_the_lead_time_is_the_setting(missing, settings):
    settings.ALERTS_DUE_SOON_HOURS = 8
    send_reminders(at(hours=16, minutes=1))
    assert recipients("due_soon") == {"casey", "morgan"}


def test_overdue_after_the_deadline_and_each_sent_once(missing, mailoutbox):
    send_reminders(at(hours=21))
    send_reminders(at(hours=21, minutes=15))
    assert reminders(kind="due_soon").count() == 4  # 2 reports x 2 people, not again
    assert len(mailoutbox) == 4
    send_reminders(at(hours=24))  # at the deadline itself: not overdue yet
    assert not reminders(kind="overdue").exists()
    send_reminders(at(hours=24, minutes=1))
    out = send_reminders(at(hours=24, minutes=30))
    assert reminders(kind="overdue").count() == 4
    assert recipients("overdue") == {"casey", "morgan"}
    assert len(mailoutbox) == 8
    assert "0 reminders made, 0 e-mails sent" in out


def test_a_first_run_after_the_deadline_makes_only_the_overdue_reminder(missing):
    send_reminders(at(days=2))
    assert {n.kind for n in reminders()} == {"overdue"}


def test_a_report_made_is_not_reminded(missing):
    missing.reported_to_law_enforcement_at = at(hours=2)
    missing.law_enforcement_report_number = "PD-1"
    missing.save()
    send_reminders(at(hours=23))
    assert {n.subject for n in reminders()} == {"report_ncmec"}


def test_another_team_and_other_caseworkers_hear_nothing(missing, other_case):
    factories.MissingEpisodeFactory(case=other_case, went_missing_at=T0 + datetime.timedelta(days=5))
    send_reminders(at(hours=25))
    assert recipients("overdue") == {"casey", "morgan"}
    assert not reminders(recipient__username__in=["sam", "riley", "jordan"]).exists()


def test_a_closed_case_is_not_reminded(missing, youth_case):
    youth_case.status = "closed"
    youth_case.save()
    send_reminders(at(hours=25))
    assert not reminders().exists()


def test_a_screening_after_a_return(youth_case, team_a_people, mailoutbox):
    factories.MissingEpisodeFactory(
        case=youth_case,
        went_missing_at=T0 - datetime.timedelta(hours=30),
        returned_at=T0,
        reported_to_law_enforcement_at=T0 - datetime.timedelta(hours=29),
        law_enforcement_report_number="PD-2",
        reported_to_ncmec_at=T0 - datetime.timedelta(hours=29),
    )
    send_reminders(at(hours=19))
    assert not reminders().exists()
    send_reminders(at(hours=21))
    soon = reminders(kind="due_soon")
    assert {n.subject for n in soon} == {"screening_after_return"}
    assert recipients("due_soon") == {"casey", "morgan"}
    assert soon.first().link.startswith(f"/cases/{youth_case.pk}/screenings/new/")


def test_a_mandated_report_of_a_checklist(tier2_disclosure, team_a_people):
    """The disclosure calls for reports with a deadline; reminded to the caseworker and supervisor."""
    from screening.models import GuidanceAction

    report = (
        GuidanceAction.objects.filter(mandated_report=True, due_at__isnull=False).order_by("due_at").first()
    )
    assert report is not None
    send_reminders(report.due_at + datetime.timedelta(minutes=1))
    overdue = reminders(kind="overdue", subject="mandated_report", object_id=report.pk)
    assert set(overdue.values_list("recipient__username", flat=True)) == {"casey", "morgan"}
    assert overdue.first().link.endswith(f"#action-{report.pk}")


def test_a_mandated_report_done_is_not_reminded(tier2_disclosure, caseworker, team_a_people):
    from screening.models import GuidanceAction

    reports = GuidanceAction.objects.filter(mandated_report=True, due_at__isnull=False)
    latest = max(r.due_at for r in reports)
    reports.update(status="done", done_at=T0, closed_at=T0, reference="R-1", closed_by=caseworker)
    send_reminders(latest + datetime.timedelta(hours=1))
    assert not reminders(subject="mandated_report").exists()


def test_digest_people_get_no_immediate_email_then_one_digest(missing, supervisor, mailoutbox, settings):
    settings.ALERTS_DIGEST_HOUR = 7
    AlertPreference.objects.create(user=supervisor, delivery="digest")
    send_reminders(at(hours=21))  # 06:00 local next day: before the digest hour
    assert {m.to[0] for m in mailoutbox} == {"casey@agency.example"}
    assert reminders(recipient=supervisor).count() == 2  # in the app all the same
    send_reminders(at(hours=22, minutes=5))  # 07:05: the day's digest
    digests = [m for m in mailoutbox if m.to == ["morgan@agency.example"]]
    assert len(digests) == 1
    assert digests[0].body.count("due soon") == 2
    send_reminders(at(hours=22, minutes=20))
    assert len([m for m in mailoutbox if m.to == ["morgan@agency.example"]]) == 1
    assert all(n.in_digest for n in reminders(recipient=supervisor))


def test_digest_on_demand(missing, supervisor, mailoutbox):
    AlertPreference.objects.create(user=supervisor, delivery="digest")
    send_reminders(at(hours=4))
    send_reminders(at(hours=21))
    out = send_reminders(at(hours=21, minutes=1), "--digest")
    assert "1 digest sent" in out
    assert len([m for m in mailoutbox if m.to == ["morgan@agency.example"]]) == 1
    send_reminders(at(hours=21, minutes=2), "--digest")
    assert len([m for m in mailoutbox if m.to == ["morgan@agency.example"]]) == 1


@pytest.mark.parametrize("value", ["yesterday", "2026-13-45T00:00", "", "2026-02-30T25:61"])
def test_a_bad_now_is_a_clear_error_and_sends_nothing(missing, mailoutbox, value):
    with pytest.raises(CommandError, match="--now"):
        send_reminders(None, f"--now={value}")
    assert not reminders().exists()
    assert mailoutbox == []


def test_the_queries_do_not_grow_with_the_items_due(youth_case, team_a, caseworker, supervisor, mailoutbox):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def run(n, minutes):
        for _ in range(n):
            case = factories.CaseFactory(team=team_a, assigned_caseworker=caseworker)
            factories.MissingEpisodeFactory(case=case, went_missing_at=T0, returned_at=None)
        with CaptureQueriesContext(connection) as queries:
            send_reminders(at(hours=25, minutes=minutes))
        # The e-mails are one UPDATE per batch, not per row: count the rest.
        return len(queries)

    assert run(2, 0) == run(12, 5)


def test_a_case_opened_with_a_runaway_history(team_a, caseworker, supervisor):
    case = factories.CaseFactory(
        team=team_a, assigned_caseworker=caseworker, known_runaway_history=True, opened_on=T0.date()
    )
    case.refresh_from_db()
    assert case.screening_due_at is not None
    send_reminders(case.screening_due_at + datetime.timedelta(minutes=1))
    overdue = reminders(kind="overdue", subject="screening_at_opening")
    assert set(overdue.values_list("recipient__username", flat=True)) == {"casey", "morgan"}
    assert overdue.first().link == f"/cases/{case.pk}/screenings/new/"


def test_a_deactivated_person_and_a_supervisor_without_the_role_hear_nothing(missing, supervisor, team_a):
    from tests.factories import UserFactory

    supervisor.is_active = False
    supervisor.save()
    team_a.supervisors.add(UserFactory(username="norole"))
    send_reminders(at(hours=25))
    assert recipients("overdue") == {"casey"}


def test_a_refused_email_is_tried_again_by_the_next_run(missing, mailoutbox, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    sent = EmailBackend.send_messages

    def refuse(self, messages):
        raise ConnectionRefusedError("the relay is down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    out = send_reminders(at(hours=25))
    assert "4 reminders made, 0 e-mails sent" in out
    assert reminders(emailed_at__isnull=True).count() == 4
    monkeypatch.setattr(EmailBackend, "send_messages", sent)
    send_reminders(at(hours=25, minutes=15))
    assert len(mailoutbox) == 4
    assert not reminders(emailed_at__isnull=True).exists()
