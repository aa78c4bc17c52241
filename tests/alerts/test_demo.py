"""send_reminders on the demo data (seed_demo, seed_demo_screenings): the due and overdue
reminders are made and e-mailed once, to the case's caseworker and its team's supervisors, and no
youth is named in them."""

from io import StringIO

import pytest
from django.core.management import call_command

from alerts.models import Notification
from cases.models import Case

from .conftest import send_reminders

pytestmark = pytest.mark.django_db


def test_the_demo_reminders_go_once_to_the_right_people(library, mailoutbox):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo_screenings", stdout=StringIO())
    first = send_reminders()
    reminders = Notification.objects.exclude(kind=Notification.Kind.OUTCOME)
    assert reminders.filter(kind="overdue").exists(), first
    made, sent = reminders.count(), len(mailoutbox)
    assert sent >= made > 0
    second = send_reminders()
    assert reminders.count() == made and len(mailoutbox) == sent
    assert "0 reminders made, 0 e-mails sent" in second
    cases = Case.objects.select_related("team").in_bulk({n.case_id for n in reminders})
    for notification in reminders.select_related("recipient"):
        case = cases[notification.case_id]
        allowed = {case.assigned_caseworker_id, *case.team.supervisors.values_list("pk", flat=True)}
        assert notification.recipient_id in allowed, notification
    names = [
        value
        for row in Case.objects.values_list("legal_name", "chosen_name", "case_number")
        for value in row
        if value
    ]
    for message in mailoutbox:
        text = message.subject + message.body
        assert not [name for name in names if name in text]
