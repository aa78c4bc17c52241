"""The caseworker's own determination beside the computed level."""

from screening.models import Screening

from .conftest import audit_events


def url(screening):
    return f"/screenings/{screening.pk}/determination/"


def reload(screening):
    return Screening.objects.get(pk=screening.pk)


def test_agreeing_records_the_computed_level(client, caseworker, tier1_possible):
    client.force_login(caseworker)
    response = client.post(url(tier1_possible), {"determination": "agree"}, follow=True)
    page = response.content.decode()
    assert "Your determination is recorded." in page and "Agrees with the computed level." in page
    saved = reload(tier1_possible)
    assert saved.determination == "agree" and saved.determined_level == "possible"
    assert saved.determined_by == caseworker and saved.determined_at
    event = audit_events(saved.case, summary="Caseworker's determination recorded").get()
    assert event.detail == {
        "determination": "agree",
        "level": "possible",
        "computed": "possible",
        "lower": False,
        "sent_to_review": False,
    }


def test_differing_records_the_level_and_the_reason(client, caseworker, tier1_possible):
    client.force_login(caseworker)
    response = client.post(
        url(tier1_possible),
        {
            "determination": "differ",
            "level": "clear",
            "reason": "  She told her foster mother about the hotel.  ",
        },
        follow=True,
    )
    assert "She told her foster mother about the hotel." in response.content.decode()
    saved = reload(tier1_possible)
    assert (saved.determination, saved.determined_level) == ("differ", "clear")
    assert saved.determination_reason == "She told her foster mother about the hotel."
    # The computed level stays as it was.
    assert saved.level == "possible"


def test_differing_needs_a_level_and_a_reason(client, caseworker, tier1_possible):
    client.force_login(caseworker)
    response = client.post(url(tier1_possible), {"determination": "differ", "level": "", "reason": " "})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose the level you determine." in page
    assert "Say why your determination differs from the computed level." in page
    assert reload(tier1_possible).determination == ""


def test_differing_with_the_computed_level_is_refused(client, caseworker, tier1_possible):
    client.force_login(caseworker)
    response = client.post(
        url(tier1_possible), {"determination": "differ", "level": "possible", "reason": "Same."}
    )
    assert response.status_code == 400
    assert "This is the computed level" in response.content.decode()
    assert reload(tier1_possible).determination == ""


def test_nonsense_is_refused(client, caseworker, tier1_possible):
    client.force_login(caseworker)
    for data in (
        {},
        {"determination": "maybe"},
        {"determination": "differ", "level": "extreme", "reason": "x"},
    ):
        assert client.post(url(tier1_possible), data).status_code == 400
    assert reload(tier1_possible).determination == ""


def test_it_is_recorded_once(client, caseworker, supervisor, tier1_possible):
    client.force_login(caseworker)
    client.post(url(tier1_possible), {"determination": "agree"})
    client.force_login(supervisor)
    response = client.post(
        url(tier1_possible),
        {"determination": "differ", "level": "none", "reason": "Changed my mind."},
        follow=True,
    )
    assert "Your determination is already recorded." in response.content.decode()
    saved = reload(tier1_possible)
    assert saved.determination == "agree" and saved.determined_by == caseworker


def test_a_draft_has_no_determination(client, caseworker, tier1_draft):
    client.force_login(caseworker)
    response = client.post(url(tier1_draft), {"determination": "agree"}, follow=True)
    assert response.status_code == 200
    assert "Submit the screening before recording your determination." in response.content.decode()
    response = client.post(url(tier1_draft), {"determination": "differ"})
    assert response.status_code in (302, 400)
    assert reload(tier1_draft).determination == ""
