"""Addenda: a submitted screening is corrected by adding to it, never by changing it."""

from screening.models import Addendum, Screening

from .conftest import T1_INDICATOR_A, T1_INDICATOR_B, audit_events


def url(screening):
    return f"/screenings/{screening.pk}/addenda/new/"


def test_the_form_offers_a_correction_of_every_answer(client, caseworker, tier1_possible):
    client.force_login(caseworker)
    response = client.get(url(tier1_possible))
    assert response.status_code == 200
    page = response.content.decode()
    assert "The submitted screening is kept as it was." in page
    for code in tier1_possible.presented_codes():
        assert f'name="c_{code}"' in page
    assert audit_events(tier1_possible.case, action="viewed", detail__page="addendum").exists()


def test_text_is_required(client, caseworker, tier1_possible):
    client.force_login(caseworker)
    for body in ("", "   "):
        response = client.post(url(tier1_possible), {"body": body, "c_T1-RC-04": "yes"})
        assert response.status_code == 200
        assert "This field is required." in response.content.decode()
    assert not Addendum.objects.exists()


def test_a_note_without_corrections_keeps_the_level(client, caseworker, tier1_possible):
    client.force_login(caseworker)
    response = client.post(url(tier1_possible), {"body": "The school confirmed the trips."}, follow=True)
    assert "Addendum added. The original screening is kept as it was." in response.content.decode()
    addendum = Addendum.objects.get(screening=tier1_possible)
    assert addendum.body == "The school confirmed the trips." and addendum.corrections == {}
    assert addendum.level == "" and addendum.created_by == caseworker
    assert Screening.objects.get(pk=tier1_possible.pk).effective_level == "possible"


def test_a_correction_is_scored_again_with_the_pinned_version_and_keeps_the_original(
    client, caseworker, tier1_possible
):
    original = Screening.objects.get(pk=tier1_possible.pk)
    client.force_login(caseworker)
    response = client.post(
        url(tier1_possible),
        {
            "body": "A third indicator: she is often absent from school.",
            "c_T1-RC-05": "yes",
            f"c_{T1_INDICATOR_A}": "yes",
        },
        follow=True,
    )
    addendum = Addendum.objects.get(screening=tier1_possible)
    # Only what changed is a correction (T1_INDICATOR_A was already "yes").
    assert addendum.corrections == {"T1-RC-05": "yes"}
    assert addendum.level == "clear"
    assert addendum.result["version"] == 1
    assert "three-or-more-indicators" in [r["id"] for r in addendum.result["fired_rules"]]
    after = Screening.objects.get(pk=tier1_possible.pk)
    assert (after.answers, after.level, after.result) == (original.answers, original.level, original.result)
    assert after.effective_level == "clear"
    page = response.content.decode()
    assert "The original level (Possible concern) is kept." in page
    assert "corrected to" in page
    event = audit_events(tier1_possible.case, summary="Addendum added to a screening").get()
    assert event.detail["corrections"] == {"T1-RC-05": "yes"} and event.detail["level"] == "clear"


def test_corrections_build_on_earlier_addenda(client, caseworker, tier1_possible):
    client.force_login(caseworker)
    client.post(url(tier1_possible), {"body": "More is known.", "c_T1-RC-05": "yes"})
    client.post(url(tier1_possible), {"body": "Phones were her sister's.", f"c_{T1_INDICATOR_B}": "no"})
    first, second = Addendum.objects.filter(screening=tier1_possible)
    assert (first.level, second.level) == ("clear", "possible")
    assert Screening.objects.get(pk=tier1_possible.pk).effective_level == "possible"


def test_a_correction_off_the_scale_is_refused(client, caseworker, tier1_possible):
    client.force_login(caseworker)
    response = client.post(url(tier1_possible), {"body": "x", f"c_{T1_INDICATOR_A}": "declined"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Addendum.objects.exists()


def test_drafts_get_no_addenda(client, caseworker, tier1_draft):
    client.force_login(caseworker)
    response = client.post(url(tier1_draft), {"body": "Too early."}, follow=True)
    assert "A draft is corrected by editing it." in response.content.decode()
    assert response.redirect_chain[-1][0] == f"/screenings/{tier1_draft.pk}/"
    assert not Addendum.objects.exists()
