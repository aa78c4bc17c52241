import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AuditEvent
from cases.views import TIMELINE_SHOWN
from tests import factories


def test_it_shows_the_chosen_name_and_pronouns_first(client, caseworker, youth_case):
    client.force_login(caseworker)
    content = client.get(f"/cases/{youth_case.pk}/").content.decode()
    heading = content[content.index("<h1") :]
    assert heading.index("Lexi") < heading.index("she/her") < heading.index("Jordan Alexis Smith")


def test_it_shows_the_age(client, caseworker, youth_case):
    youth_case.date_of_birth = timezone.localdate().replace(year=timezone.localdate().year - 16)
    youth_case.save()
    client.force_login(caseworker)
    assert b"age 16" in client.get(f"/cases/{youth_case.pk}/").content


def test_the_timeline_has_episodes_and_notes_newest_first(client, caseworker, youth_case):
    now = timezone.now()
    factories.MissingEpisodeFactory(
        case=youth_case,
        went_missing_at=now - datetime.timedelta(days=10),
        returned_at=now - datetime.timedelta(days=8),
        recovery_location_type="truck_stop",
    )
    factories.CaseNoteFactory(case=youth_case, body="Met with Lexi at school.")
    client.force_login(caseworker)
    response = client.get(f"/cases/{youth_case.pk}/")
    kinds = [entry.kind for entry in response.context["timeline"]["entries"]]
    assert kinds == ["note", "returned", "missing"]
    assert b"Truck stop" in response.content


def test_three_episodes_raise_the_red_flag(client, caseworker, youth_case):
    now = timezone.now()
    for days in (30, 20, 10):
        factories.MissingEpisodeFactory(
            case=youth_case,
            went_missing_at=now - datetime.timedelta(days=days),
            returned_at=now - datetime.timedelta(days=days - 1),
        )
    client.force_login(caseworker)
    response = client.get(f"/cases/{youth_case.pk}/")
    assert b"Three or more is itself a red flag" in response.content


def test_two_episodes_do_not(client, caseworker, youth_case):
    now = timezone.now()
    for days in (30, 20):
        factories.MissingEpisodeFactory(
            case=youth_case,
            went_missing_at=now - datetime.timedelta(days=days),
            returned_at=now - datetime.timedelta(days=days - 1),
        )
    client.force_login(caseworker)
    assert b"red flag" not in client.get(f"/cases/{youth_case.pk}/").content


def test_every_view_leaves_an_audit_row(client, caseworker, youth_case):
    client.force_login(caseworker)
    client.get(f"/cases/{youth_case.pk}/", REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.get(case_id=youth_case.pk, action="viewed")
    assert event.user == caseworker
    assert event.ip_address == "10.1.2.3"
    assert event.object_type == "cases.case"
    assert event.path == f"/cases/{youth_case.pk}/"


def test_the_page_is_not_cached(client, caseworker, youth_case):
    client.force_login(caseworker)
    response = client.get(f"/cases/{youth_case.pk}/")
    assert "no-store" in response["Cache-Control"]


def test_the_caseworker_does_not_get_access_log_links(client, caseworker, supervisor, youth_case):
    client.force_login(caseworker)
    assert b"Access log" not in client.get(f"/cases/{youth_case.pk}/").content
    client.force_login(supervisor)
    assert b"Access log" in client.get(f"/cases/{youth_case.pk}/").content


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["caseworker", "supervisor"], indirect=True)
def test_the_number_of_queries_does_not_grow_with_the_record(client, persona, youth_case):
    now = timezone.now()

    def add(n, start):
        for i in range(n):
            factories.MissingEpisodeFactory(
                case=youth_case,
                went_missing_at=now - datetime.timedelta(days=start + i, hours=5),
                returned_at=now - datetime.timedelta(days=start + i, hours=1),
            )
            factories.CaseNoteFactory(case=youth_case)

    client.force_login(persona)
    add(5, 1)
    with_5 = count_queries(client, f"/cases/{youth_case.pk}/")
    add(45, 10)
    with_50 = count_queries(client, f"/cases/{youth_case.pk}/")
    assert with_5 == with_50


def test_a_long_timeline_opens_on_the_newest_entries(client, caseworker, youth_case):
    for n in range(TIMELINE_SHOWN + 5):
        factories.CaseNoteFactory(case=youth_case, author=caseworker, body=f"note {n}")
    client.force_login(caseworker)
    response = client.get(f"/cases/{youth_case.pk}/")
    timeline = response.context["timeline"]
    assert len(timeline["entries"]) == TIMELINE_SHOWN and timeline["count"] == TIMELINE_SHOWN + 5
    assert f"({TIMELINE_SHOWN} of {TIMELINE_SHOWN + 5} entries shown)" in response.content.decode()
    whole = client.get(f"/cases/{youth_case.pk}/", {"timeline": "all"}).context["timeline"]
    assert len(whole["entries"]) == TIMELINE_SHOWN + 5 and not whole["more"]
