"""Two runs of send_reminders at the same moment (cron and a drill, two servers' timers): real
connections on PostgreSQL, one unique key and skipped locks, so every reminder is made and
e-mailed once."""

import threading

import pytest
from django.db import connection

from alerts.models import Notification
from tests import factories

from .conftest import T0, at, send_reminders


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_at_once_make_and_send_each_reminder_once(team_a, caseworker, supervisor, mailoutbox):
    from indicators import loading

    loading.load_files()
    for _ in range(5):
        case = factories.CaseFactory(team=team_a, assigned_caseworker=caseworker)
        factories.MissingEpisodeFactory(case=case, went_missing_at=T0, returned_at=None)
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait(timeout=5)
            send_reminders(at(hours=25))
        except Exception as error:  # a thread's failure is the test's
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    # 5 episodes x 2 reports x 2 people.
    assert Notification.objects.filter(kind="overdue").count() == 20
    assert len(mailoutbox) == 20
    assert len({(m.to[0], m.body) for m in mailoutbox}) == 20
