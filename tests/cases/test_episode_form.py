import datetime

import pytest
from django.utils import timezone

from accounts.models import AuditEvent
from cases.models import MissingEpisode
from tests import factories

FMT = "%Y-%m-%dT%H:%M"


def local(dt):
    return timezone.localtime(dt).strftime(FMT)


def ago(**kwargs):
    return timezone.now() - datetime.timedelta(**kwargs)


def good_data(**overrides):
    data = {
        "went_missing_at": local(ago(days=2)),
        "reported_to_law_enforcement_at": local(ago(days=2, hours=-3)),
        "law_enforcement_report_number": "PD-24-1187",
        "reported_to_ncmec_at": local(ago(days=2, hours=-4)),
        "ncmec_case_number": "NCMEC-1465567",
        "returned_at": local(ago(hours=6)),
        "recovery_location_type": "hotel",
        "recovery_location_details": "Motel off I-70, with an adult man she met online",
        "notes": "Lexi said she stayed with a friend the first night.",
    }
    data.update(overrides)
    return data


def test_the_caseworker_records_an_episode(client, caseworker, youth_case):
    client.force_login(caseworker)
    response = client.post(f"/cases/{youth_case.pk}/episodes/new/", good_data())
    episode = MissingEpisode.objects.get(case=youth_case)
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{youth_case.pk}/#episode-{episode.pk}"
    assert episode.recovery_location_type == "hotel"
    assert episode.law_enforcement_report_number == "PD-24-1187"
    assert AuditEvent.objects.filter(
        case_id=youth_case.pk, action="created", object_type="cases.missingepisode"
    ).exists()
    assert episode.history.first().history_user == caseworker


def test_a_youth_still_missing_has_no_return(client, caseworker, youth_case):
    client.force_login(caseworker)
    data = good_data(returned_at="", recovery_location_type="", recovery_location_details="")
    client.post(f"/cases/{youth_case.pk}/episodes/new/", data)
    assert MissingEpisode.objects.get(case=youth_case).is_open


def future():
    return local(timezone.now() + datetime.timedelta(hours=2))


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"returned_at": local(ago(days=3))}, "returned_at", "cannot return before going missing"),
        (
            {
                "went_missing_at": future(),
                "reported_to_law_enforcement_at": "",
                "law_enforcement_report_number": "",
                "reported_to_ncmec_at": "",
                "ncmec_case_number": "",
                "returned_at": "",
                "recovery_location_type": "",
            },
            "went_missing_at",
            "in the future",
        ),
        ({"returned_at": future()}, "returned_at", "in the future"),
        (
            {"reported_to_law_enforcement_at": local(ago(days=5))},
            "reported_to_law_enforcement_at",
            "before the youth went missing",
        ),
        (
            {"reported_to_ncmec_at": local(ago(days=5))},
            "reported_to_ncmec_at",
            "before the youth went missing",
        ),
        (
            {"reported_to_law_enforcement_at": ""},
            "reported_to_law_enforcement_at",
            "Enter when the report to law enforcement was made",
        ),
        ({"reported_to_ncmec_at": ""}, "reported_to_ncmec_at", "Enter when the report to NCMEC"),
        ({"returned_at": ""}, "returned_at", "Enter when the youth was recovered"),
        ({"went_missing_at": ""}, "went_missing_at", "This field is required"),
        ({"went_missing_at": "yesterday"}, "went_missing_at", "Enter a valid date/time"),
        ({"recovery_location_type": "mall"}, "recovery_location_type", "Select a valid choice"),
        ({"notes": "x" * 10001}, "notes", "at most 10000 characters"),
        (
            {
                "went_missing_at": "1999-01-01T10:00",
                "reported_to_law_enforcement_at": "",
                "law_enforcement_report_number": "",
                "reported_to_ncmec_at": "",
                "ncmec_case_number": "",
                "returned_at": "",
                "recovery_location_type": "",
            },
            "went_missing_at",
            "before the youth was born",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(client, caseworker, youth_case, overrides, field, message):
    client.force_login(caseworker)
    response = client.post(f"/cases/{youth_case.pk}/episodes/new/", good_data(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors.get(field, [])), errors
    assert not MissingEpisode.objects.exists()
    assert not AuditEvent.objects.filter(action="created").exists()


def test_an_overlapping_episode_is_refused(client, caseworker, youth_case):
    factories.MissingEpisodeFactory(
        case=youth_case, went_missing_at=ago(days=3), returned_at=None, recovery_location_type=""
    )
    client.force_login(caseworker)
    response = client.post(f"/cases/{youth_case.pk}/episodes/new/", good_data())
    assert "overlaps another missing episode" in response.content.decode()
    assert MissingEpisode.objects.count() == 1


def test_editing_records_the_return_and_keeps_history(client, caseworker, supervisor, youth_case):
    episode = factories.MissingEpisodeFactory(
        case=youth_case, went_missing_at=ago(days=1), returned_at=None, recovery_location_type=""
    )
    client.force_login(caseworker)
    data = good_data(
        went_missing_at=local(episode.went_missing_at),
        reported_to_law_enforcement_at=local(ago(hours=20)),
        reported_to_ncmec_at=local(ago(hours=19)),
        returned_at=local(ago(hours=2)),
        recovery_location_type="truck_stop",
        version=episode.version,
    )
    response = client.post(f"/cases/{youth_case.pk}/episodes/{episode.pk}/edit/", data)
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.recovery_location_type == "truck_stop"
    assert episode.version == 2
    assert episode.history.count() == 2
    # The supervisor sees who changed what on the change history page.
    client.force_login(supervisor)
    history = client.get(f"/cases/{youth_case.pk}/history/").content.decode()
    assert "Truck stop" in history and "Casey Moreno" in history


def test_two_people_editing_the_same_episode_never_overwrite_silently(
    client, caseworker, supervisor, youth_case
):
    episode = factories.MissingEpisodeFactory(
        case=youth_case, went_missing_at=ago(days=1), returned_at=None, recovery_location_type=""
    )
    base = good_data(
        went_missing_at=local(episode.went_missing_at),
        reported_to_law_enforcement_at=local(ago(hours=20)),
        reported_to_ncmec_at=local(ago(hours=19)),
        returned_at=local(ago(hours=2)),
        version=episode.version,
    )
    url = f"/cases/{youth_case.pk}/episodes/{episode.pk}/edit/"
    client.force_login(supervisor)
    assert client.post(url, {**base, "law_enforcement_report_number": "PD-1"}).status_code == 302
    client.force_login(caseworker)
    response = client.post(url, {**base, "law_enforcement_report_number": "PD-2"})
    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    episode.refresh_from_db()
    assert episode.law_enforcement_report_number == "PD-1"


def test_recording_the_return_asks_to_update_a_missing_placement(client, caseworker, youth_case):
    youth_case.placement_type = "missing"
    youth_case.save()
    episode = factories.MissingEpisodeFactory(
        case=youth_case, went_missing_at=ago(days=1), returned_at=None, recovery_location_type=""
    )
    client.force_login(caseworker)
    data = good_data(
        went_missing_at=local(episode.went_missing_at),
        reported_to_law_enforcement_at=local(ago(hours=20)),
        reported_to_ncmec_at=local(ago(hours=19)),
        returned_at=local(ago(hours=2)),
        version=episode.version,
    )
    page = client.post(f"/cases/{youth_case.pk}/episodes/{episode.pk}/edit/", data, follow=True)
    text = page.content.decode()
    assert "still says the placement is “Missing from care”" in text
    assert f'<a href="/cases/{youth_case.pk}/edit/" class="alert-link">Update the placement</a>' in text


def test_no_placement_prompt_while_still_missing_or_placed(client, caseworker, youth_case):
    client.force_login(caseworker)
    # Placed (not "missing"): recording a past episode asks nothing.
    page = client.post(f"/cases/{youth_case.pk}/episodes/new/", good_data(), follow=True)
    assert "Update the placement" not in page.content.decode()
    # Still missing: the placement is right as it is.
    youth_case.placement_type = "missing"
    youth_case.save()
    data = good_data(
        went_missing_at=local(ago(hours=3)),
        reported_to_law_enforcement_at="",
        law_enforcement_report_number="",
        reported_to_ncmec_at="",
        ncmec_case_number="",
        returned_at="",
        recovery_location_type="",
        recovery_location_details="",
    )
    page = client.post(f"/cases/{youth_case.pk}/episodes/new/", data, follow=True)
    assert MissingEpisode.objects.filter(returned_at=None).exists()
    assert "Update the placement" not in page.content.decode()


@pytest.mark.parametrize("version", ["abc", "1.5"])
def test_a_tampered_version_is_refused_with_a_message(client, caseworker, youth_case, version):
    episode = factories.MissingEpisodeFactory(
        case=youth_case, went_missing_at=ago(days=1), returned_at=None, recovery_location_type=""
    )
    client.force_login(caseworker)
    data = good_data(
        went_missing_at=local(episode.went_missing_at),
        reported_to_law_enforcement_at=local(ago(hours=20)),
        reported_to_ncmec_at=local(ago(hours=19)),
        version=version,
    )
    response = client.post(f"/cases/{youth_case.pk}/episodes/{episode.pk}/edit/", data)
    assert response.status_code == 200
    assert "This page is out of date: reload it and try again." in response.content.decode()
    episode.refresh_from_db()
    assert episode.returned_at is None and episode.version == 1


def test_refused_input_shows_the_record_again_and_is_audited(client, caseworker, youth_case):
    client.force_login(caseworker)
    for path in (
        f"/cases/{youth_case.pk}/episodes/new/",
        f"/cases/{youth_case.pk}/episodes/{factories.MissingEpisodeFactory(case=youth_case).pk}/edit/",
    ):
        before = AuditEvent.objects.count()
        response = client.post(path, {"went_missing_at": "not a date"})
        assert response.status_code == 200
        assert AuditEvent.objects.count() == before + 1
        event = AuditEvent.objects.latest("id")
        assert (event.case_id, event.action) == (youth_case.pk, "viewed")
        assert event.detail == {"page": "episode form", "shown_again": "refused input or conflict"}
