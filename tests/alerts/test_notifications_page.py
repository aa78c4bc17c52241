"""The notifications page: the person's own, newest first, paged; marking one or all read (htmx
or a plain post); another person's notification is not found."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AuditEvent
from alerts.models import Notification
from tests.dates import shown_at
from tests.rows import row_counts

HTMX = {"HTTP_HX_REQUEST": "true"}


def note(user, n=1, **kwargs):
    defaults = {
        "recipient": user,
        "kind": "overdue",
        "subject": "report_ncmec",
        "object_id": n,
        "case_id": None,
        "occasion": f"o{n}",
        "link": "/cases/",
        "due_at": timezone.now() - datetime.timedelta(hours=n),
    }
    defaults.update(kwargs)
    return Notification.objects.create(**defaults)


def test_the_list_shows_only_ones_own_newest_first(client, caseworker, supervisor):
    older = note(caseworker, 1)
    newer = note(caseworker, 2, kind="due_soon", subject="report_law_enforcement")
    note(supervisor, 3)
    client.force_login(caseworker)
    page = client.get("/notifications/").content.decode()
    assert page.count('id="notification-') == 2
    assert page.index(f'id="notification-{newer.pk}"') < page.index(f'id="notification-{older.pk}"')
    assert "The report of a missing youth to law enforcement is due soon" in page
    assert f"it was due {shown_at(older.due_at)}" in page
    assert AuditEvent.objects.filter(user=caseworker, action="viewed", detail__page="notifications").exists()


def test_the_nav_link_shows_the_unread_count(client, caseworker):
    note(caseworker, 1)
    note(caseworker, 2)
    client.force_login(caseworker)
    page = client.get("/").content.decode()
    assert 'href="/notifications/">Notifications <span class="badge text-bg-light">2' in page


def test_the_list_is_paged_with_a_fixed_number_of_queries(client, caseworker):
    client.force_login(caseworker)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/notifications/").status_code == 200
        return len(captured)

    for n in range(3):
        note(caseworker, n)
    few = queries()
    for n in range(3, 60):
        note(caseworker, n)
    assert queries() == few
    page = client.get("/notifications/").content.decode()
    assert page.count('id="notification-') == 25
    assert client.get("/notifications/?page=3").content.decode().count('id="notification-') == 10


def test_mark_one_read_plain_post_and_htmx(client, caseworker):
    first, second = note(caseworker, 1), note(caseworker, 2)
    client.force_login(caseworker)
    response = client.post("/notifications/read/", {"notification": first.pk})
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    first.refresh_from_db()
    assert first.read_at is not None
    fragment = client.post("/notifications/read/", {"notification": second.pk}, **HTMX)
    assert fragment.status_code == 200
    assert f'id="notification-{second.pk}"' in fragment.content.decode()
    assert "Mark as read" not in fragment.content.decode()
    assert Notification.objects.get(pk=second.pk).read_at is not None


def test_mark_all_read(client, caseworker, supervisor):
    note(caseworker, 1)
    note(caseworker, 2)
    theirs = note(supervisor, 3)
    client.force_login(caseworker)
    response = client.post("/notifications/read-all/", **HTMX)
    assert response.status_code == 200 and "Mark as read" not in response.content.decode()
    assert not Notification.objects.filter(recipient=caseworker, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert client.post("/notifications/read-all/").status_code == 302


@pytest.mark.parametrize(
    "persona", ["supervisor", "caseworker2", "other_supervisor", "admin_user"], indirect=True
)
def test_another_persons_notification_is_not_found(client, caseworker, persona):
    mine = note(caseworker, 1)
    client.force_login(persona)
    before = row_counts()
    assert client.post("/notifications/read/", {"notification": mine.pk}).status_code == 404
    assert client.post("/notifications/read/", {"notification": mine.pk}, **HTMX).status_code == 404
    assert f"notification-{mine.pk}" not in client.get("/notifications/").content.decode()
    assert Notification.objects.get(pk=mine.pk).read_at is None
    assert row_counts() == before


@pytest.mark.parametrize("value", ["", "0", "-1", "abc", "1.5", "99999999999999999999", "<script>"])
def test_a_bad_id_or_page_is_not_a_server_error(client, caseworker, value):
    note(caseworker, 1)
    client.force_login(caseworker)
    assert client.get(f"/notifications/?page={value}").status_code == 200
    assert client.post("/notifications/read/", {"notification": value}).status_code == 404


def test_anonymous_is_sent_to_log_in(client, caseworker):
    mine = note(caseworker, 1)
    for url in ("/notifications/", "/notifications/read-all/", "/notifications/read/"):
        response = client.post(url, {"notification": mine.pk}) if "read" in url else client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")
    assert client.post("/notifications/read/", {"notification": mine.pk}, **HTMX).status_code == 401
    assert Notification.objects.get(pk=mine.pk).read_at is None


def test_reading_needs_a_post(client, caseworker):
    mine = note(caseworker, 1)
    client.force_login(caseworker)
    assert client.get(f"/notifications/read/?notification={mine.pk}").status_code == 405
    assert Notification.objects.get(pk=mine.pk).read_at is None
