"""No youth is named in any notification: every kind, as an e-mail (immediate and digest) and on
the page, carries a link and never the youth's legal or chosen name or case number."""

import itertools

import pytest
from django.utils import timezone, translation

from alerts import delivery
from alerts.models import AlertPreference, Notification

from .conftest import T0, at, send_reminders

Kind, Subject = Notification.Kind, Notification.Subject


def every_kind(user, case):
    """One notification of each kind and subject the app makes."""
    rows = [
        Notification(
            recipient=user,
            kind=Kind.OUTCOME,
            subject=Subject.SCREENING,
            object_id=1,
            case_id=case.pk,
            occasion=f"clear:{identifies}",
            link="/screenings/1/",
            level="clear",
            identifies=identifies,
        )
        for identifies in ("", "sex", "labor", "labor+sex")
    ]
    reminders = [s for s in Subject.values if s != Subject.SCREENING]
    for n, (kind, subject) in enumerate(itertools.product([Kind.DUE_SOON, Kind.OVERDUE], reminders)):
        rows.append(
            Notification(
                recipient=user,
                kind=kind,
                subject=subject,
                object_id=n,
                case_id=case.pk,
                occasion="o",
                link=f"/cases/{case.pk}/",
                due_at=T0,
            )
        )
    return Notification.objects.bulk_create(rows)


def assert_unnamed(text, case):
    for name in (case.legal_name, case.chosen_name, case.case_number, *case.legal_name.split()):
        assert name not in text, name


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_kind_by_email_and_on_the_page(client, supervisor, youth_case, mailoutbox, language):
    supervisor.language = language
    supervisor.save()
    made = every_kind(supervisor, youth_case)
    assert delivery.send_immediate(timezone.now())[supervisor.pk] == len(made)
    assert len(mailoutbox) == len(made)
    for message in mailoutbox:
        assert_unnamed(message.subject + message.body, youth_case)
        assert "http" in message.body and message.to == [supervisor.email]
    client.force_login(supervisor)
    page = client.get("/notifications/").content.decode()
    assert page.count('id="notification-') == len(made)
    assert_unnamed(page, youth_case)


def test_the_digest_names_nobody(supervisor, youth_case, mailoutbox):
    AlertPreference.objects.create(user=supervisor, delivery="digest")
    made = every_kind(supervisor, youth_case)
    assert delivery.send_digests(timezone.now(), force=True)[supervisor.pk] == len(made)
    (digest,) = mailoutbox
    assert digest.body.count("http") >= len(made)
    assert_unnamed(digest.subject + digest.body, youth_case)


def test_the_reminders_of_a_real_case_name_nobody(
    client, library, caseworker, supervisor, youth_case, mailoutbox
):
    from tests import factories

    factories.MissingEpisodeFactory(case=youth_case, went_missing_at=T0, returned_at=None)
    send_reminders(at(hours=21))
    send_reminders(at(hours=25))
    assert len(mailoutbox) == 8
    for message in mailoutbox:
        assert_unnamed(message.subject + message.body, youth_case)
    with translation.override("en"):
        client.force_login(caseworker)
        assert_unnamed(client.get("/notifications/").content.decode(), youth_case)
