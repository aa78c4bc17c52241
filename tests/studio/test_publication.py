"""Publishing from the studio (/studio/versions/<pk>/publish/, .../publication/): the page shows
the comparison, the vignette run and the impact; with four-eyes on, one instrument administrator
asks and another approves (never their own request, never a draft changed since) or sends it back;
with it off, one publishes. Lowering needs a justification; a failing vignette refuses."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts import roles
from accounts.models import AuditEvent
from indicators import lifecycle
from indicators.checksum import content_checksum
from indicators.content import export_content
from indicators.models import InstrumentVersion
from studio.models import PublicationRequest
from tests import factories
from tests.rows import row_counts
from tests.screening.conftest import T1_INDICATOR_A

from .conftest import OTHERS, main_of
from .publishing import change_rule, keep_passing_vignettes, raise_any_indicator, screen


def publish_url(version):
    return reverse("studio:publish", kwargs={"pk": version.pk})


def publication_url(version):
    return reverse("studio:publication", kwargs={"pk": version.pk})


def asked(note="Fewer words.", justification=""):
    return {"confirm": "publish", "change_note": note, "justification": justification}


@pytest.fixture
def draft(library, instrument_admin):
    return lifecycle.new_draft_from(library.tier1, instrument_admin, change_note="Fewer words.")


@pytest.fixture
def second_admin(db):
    return factories.UserFactory(
        username="adaeze", first_name="Adaeze", last_name="Okafor", roles=[roles.INSTRUMENT_ADMIN]
    )


@pytest.fixture
def second(client_factory, second_admin):
    return client_factory(second_admin)


@pytest.fixture
def client_factory():
    def make(user):
        other = Client()
        other.force_login(user)
        return other

    return make


@pytest.fixture
def requested(studio, draft):
    response = studio.post(publish_url(draft), asked())
    assert response.status_code == 302, response.content.decode()
    return PublicationRequest.objects.get(version=draft)


def events(version, summary):
    return AuditEvent.objects.filter(object_id=str(version.pk), summary=summary)


def status_of(version):
    return InstrumentVersion.objects.get(pk=version.pk).status


# --------------------------------------------------------------------------- the page


def test_the_page_shows_the_comparison_the_vignettes_and_the_impact(studio, draft):
    change_rule(draft, "several-indicators", reason="Three or more distinct indicators: call the hotline.")
    response = studio.get(publish_url(draft))
    assert response.status_code == 200
    page = main_of(response.content.decode())
    assert "Changes since version 3" in page and "several-indicators" in page
    assert "data-vignettes-pass" in page
    assert 'data-impact-rescored="0"' in page
    assert "Ask for approval" in page  # four-eyes is the default
    assert "Fewer words.</textarea>" in page
    assert events(draft, "Publication page viewed in the studio").count() == 1


# --------------------------------------------------------------------------- four-eyes on


def test_one_asks_and_another_approves(studio, second, instrument_admin, second_admin, draft):
    response = studio.post(publish_url(draft), asked("Clearer words."))
    assert response.status_code == 302 and response["Location"] == publication_url(draft)
    request = PublicationRequest.objects.get(version=draft)
    assert request.status == "requested" and request.requested_by == instrument_admin
    assert request.change_note == "Clearer words." and request.impact["rescored"] == 0
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.change_note == "Clearer words."
    assert request.checksum == content_checksum(export_content(draft))
    assert events(draft, "Publication requested").get().user == instrument_admin

    # Shown as waiting to the other administrator, on the library and the version page.
    for url in (reverse("studio:library"), reverse("studio:version", kwargs={"pk": draft.pk})):
        page = main_of(second.get(url).content.decode())
        assert "data-pending-publications" in page and f'href="{publication_url(draft)}"' in page

    page = main_of(second.get(publication_url(draft)).content.decode())
    assert "Approve and publish" in page and "Clearer words." in page and "data-stale" not in page
    response = second.post(publication_url(draft), {"decision": "approve", "request": request.pk})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "approved" and request.decided_by == second_admin and request.decided_at
    assert status_of(draft) == "published"
    assert InstrumentVersion.objects.get(pk=draft.pk).published_by == second_admin
    assert events(draft, "Publication approved").get().user == second_admin
    assert events(draft, "Published tier1-indicators version 4").exists()


def test_the_requester_cannot_approve_their_own_request(studio, instrument_admin, requested, draft):
    page = main_of(studio.get(publication_url(draft)).content.decode())
    assert "Approve and publish" not in page and "Withdraw the request" in page
    response = studio.post(publication_url(draft), {"decision": "approve", "request": requested.pk})
    assert response.status_code == 409
    assert "another instrument administrator approves it" in response.content.decode()
    requested.refresh_from_db()
    assert requested.status == "requested" and status_of(draft) == "draft"
    assert not instrument_admin.has_perm("studio.decide_publication", requested)
    # Nor send it back.
    response = studio.post(
        publication_url(draft), {"decision": "refuse", "request": requested.pk, "comment": "x"}
    )
    assert response.status_code == 409
    requested.refresh_from_db()
    assert requested.status == "requested"


def test_a_draft_changed_after_the_request_cannot_be_approved(second, requested, draft):
    change_rule(draft, "several-indicators", reason="Changed after the request.")
    page = main_of(second.get(publication_url(draft)).content.decode())
    assert "data-stale" in page
    response = second.post(publication_url(draft), {"decision": "approve", "request": requested.pk})
    assert response.status_code == 409
    assert "The draft was changed after publication was requested" in response.content.decode()
    requested.refresh_from_db()
    assert requested.status == "requested" and status_of(draft) == "draft"
    assert not events(draft, "Publication approved").exists()


def test_sent_back_with_a_comment(second, second_admin, requested, draft):
    response = second.post(
        publication_url(draft), {"decision": "refuse", "request": requested.pk, "comment": ""}
    )
    assert response.status_code == 400 and "Write a comment" in response.content.decode()
    requested.refresh_from_db()
    assert requested.status == "requested"
    response = second.post(
        publication_url(draft), {"decision": "refuse", "request": requested.pk, "comment": "Keep item 4."}
    )
    assert response.status_code == 302
    requested.refresh_from_db()
    assert requested.status == "refused" and requested.comment == "Keep item 4."
    assert requested.decided_by == second_admin and status_of(draft) == "draft"
    assert events(draft, "Publication sent back").get().detail["comment"] == "Keep item 4."


def test_the_author_withdraws_and_may_ask_again(studio, second, requested, draft):
    assert (
        second.post(publication_url(draft), {"decision": "withdraw", "request": requested.pk}).status_code
        == 409
    )
    requested.refresh_from_db()
    assert requested.status == "requested"
    assert (
        studio.post(publication_url(draft), {"decision": "withdraw", "request": requested.pk}).status_code
        == 302
    )
    requested.refresh_from_db()
    assert requested.status == "withdrawn" and events(draft, "Publication request withdrawn").exists()
    assert studio.post(publish_url(draft), asked()).status_code == 302
    assert PublicationRequest.objects.filter(version=draft, status="requested").count() == 1


def test_a_second_request_for_the_same_draft_is_not_made(studio, requested, draft):
    response = studio.post(publish_url(draft), asked())
    assert response.status_code == 302 and response["Location"] == publication_url(draft)
    assert PublicationRequest.objects.filter(version=draft).count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"decision": "approve"},
        {"decision": "maybe", "request": "1"},
        {"decision": "approve", "request": "abc"},
        {"decision": "approve", "request": "-1"},
        {"decision": "approve", "request": "99999999999999999999999"},
    ],
)
def test_bad_decisions_change_nothing(second, requested, draft, data):
    before = row_counts()
    response = second.post(publication_url(draft), data)
    assert response.status_code == 400
    assert "Nothing was done" in response.content.decode()
    requested.refresh_from_db()
    assert requested.status == "requested" and status_of(draft) == "draft"
    assert row_counts() == before


def test_a_decision_on_another_request_is_refused(second, requested, draft):
    response = second.post(publication_url(draft), {"decision": "approve", "request": requested.pk + 1000})
    assert response.status_code == 409 and "no longer exists" in response.content.decode()
    requested.refresh_from_db()
    assert requested.status == "requested" and status_of(draft) == "draft"


def test_without_an_open_request_the_publication_page_leads_to_publish(studio, draft, library):
    assert studio.get(publication_url(draft))["Location"] == publish_url(draft)
    assert studio.post(publication_url(library.tier1)).status_code == 302


# --------------------------------------------------------------------------- four-eyes off


def test_one_administrator_publishes_when_the_agency_needs_no_approval(
    studio, instrument_admin, draft, settings
):
    settings.STUDIO_PUBLICATION_NEEDS_APPROVAL = False
    page = main_of(studio.get(publish_url(draft)).content.decode())
    assert "Ask for approval" not in page
    response = studio.post(publish_url(draft), asked("Published alone."))
    assert response.status_code == 302
    published = InstrumentVersion.objects.get(pk=draft.pk)
    assert published.status == "published" and published.published_by == instrument_admin
    assert published.change_note == "Published alone."
    assert not PublicationRequest.objects.exists()
    assert events(draft, "Published from the studio without a second approval").exists()


# --------------------------------------------------------------------------- refusals


@pytest.fixture
def lowering(library, caseworker, youth_case, draft):
    """A draft that lowers one screening (one indicator: possible -> none), its vignettes passing."""
    screen(caseworker, youth_case, library.tier1, **{T1_INDICATOR_A: "yes"})
    raise_any_indicator(draft)
    return keep_passing_vignettes(draft)


@pytest.mark.parametrize("four_eyes", [True, False])
def test_a_lowering_draft_needs_a_justification(studio, lowering, settings, four_eyes):
    settings.STUDIO_PUBLICATION_NEEDS_APPROVAL = four_eyes
    page = main_of(studio.get(publish_url(lowering)).content.decode())
    assert "data-impact-lowers" in page
    before = row_counts()
    for justification in ("", "   "):
        response = studio.post(publish_url(lowering), asked(justification=justification))
        assert response.status_code == 400
        assert "write why it should be published anyway" in response.content.decode()
    assert row_counts() == before and status_of(lowering) == "draft"
    response = studio.post(publish_url(lowering), asked(justification="Agency policy: two indicators."))
    assert response.status_code == 302
    if four_eyes:
        request = PublicationRequest.objects.get(version=lowering)
        assert request.justification == "Agency policy: two indicators."
        assert request.impact["lowered"] == 1 and request.impact["transitions"] == [["possible", "none", 1]]
    else:
        assert status_of(lowering) == "published"


@pytest.mark.parametrize("four_eyes", [True, False])
def test_a_failing_vignette_refuses_publishing(studio, draft, settings, four_eyes):
    settings.STUDIO_PUBLICATION_NEEDS_APPROVAL = four_eyes
    raise_any_indicator(draft)
    page = main_of(studio.get(publish_url(draft)).content.decode())
    assert 'id="failing-vignettes"' in page and "exactly-one-indicator" in page
    before = row_counts()
    response = studio.post(publish_url(draft), asked(justification="Anyway."))
    assert response.status_code == 409
    assert "Publishing was refused" in response.content.decode()
    assert "exactly-one-indicator" in response.content.decode()
    assert row_counts() == before and status_of(draft) == "draft"


@pytest.mark.parametrize("data", [{}, {"confirm": "nope"}, {"confirm": "publish", "change_note": "x" * 2001}])
def test_bad_input_on_the_publish_form_changes_nothing(studio, draft, data):
    before = row_counts()
    response = studio.post(publish_url(draft), data)
    assert response.status_code == 400 and "Nothing was done" in response.content.decode()
    assert row_counts() == before and status_of(draft) == "draft"


def test_a_published_version_is_not_published_again(studio, library):
    assert studio.get(publish_url(library.tier1)).status_code == 200
    before = row_counts()
    response = studio.post(publish_url(library.tier1), asked())
    assert response.status_code == 409 and "Only a draft can be published" in response.content.decode()
    assert row_counts() == before


# --------------------------------------------------------------------------- who


@pytest.mark.parametrize("persona", OTHERS, indirect=True)
def test_everyone_else_gets_404_and_nothing_is_written(client, persona, draft, second_admin):
    client.force_login(persona)
    before = row_counts()
    for url in (publish_url(draft), publication_url(draft)):
        assert client.get(url).status_code == 404
        assert client.post(url, asked()).status_code == 404
    assert row_counts() == before and status_of(draft) == "draft"


def test_anonymous_is_sent_to_log_in(client, draft):
    for url in (publish_url(draft), publication_url(draft)):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("accounts:login") + "?next=")


def test_an_unknown_version_is_404(studio):
    assert studio.get(reverse("studio:publish", kwargs={"pk": 10**9})).status_code == 404
    assert studio.get(reverse("studio:publication", kwargs={"pk": 10**9})).status_code == 404


def test_every_form_survives_hostile_input(studio, second, draft, library):
    """The publish form (the author), the decision forms (the other administrator) and the
    retirement's: no server error, and a refusal writes nothing (tests/screening/test_fuzz.py)."""
    from tests.screening.test_fuzz import forms_on, fuzz_form

    forms = forms_on(studio, [publish_url(draft)])
    assert {f["action"] for f in forms if f["method"] == "post"} == {publish_url(draft)}
    for form in forms:
        fuzz_form(studio, form)
    if not PublicationRequest.objects.filter(status="requested").exists():
        assert studio.post(publish_url(draft), asked()).status_code == 302
    retire = reverse("studio:retire", kwargs={"pk": library.tier2.pk})
    forms = forms_on(second, [publication_url(draft), retire])
    assert {f["action"] for f in forms if f["method"] == "post"} == {publication_url(draft), retire}
    for form in forms:
        fuzz_form(second, form)


def test_a_deleted_draft_takes_its_requests_with_it(requested, draft):
    pk = draft.pk
    draft.delete()
    assert not PublicationRequest.objects.exists()
    # The audit trail keeps it.
    assert AuditEvent.objects.filter(object_id=str(pk), summary="Publication requested").exists()
