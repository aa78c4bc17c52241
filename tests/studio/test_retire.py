"""Retiring a published version from the studio (/studio/versions/<pk>/retire/): a confirmation
page, then lifecycle.retire (audited); a draft or a retired version is not retired."""

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from indicators import lifecycle
from indicators.models import InstrumentVersion
from tests.rows import row_counts

from .conftest import OTHERS, main_of


def url(version):
    return reverse("studio:retire", kwargs={"pk": version.pk})


def test_the_confirmation_page_then_the_retirement(studio, instrument_admin, library):
    version = library.tier1
    page = main_of(studio.get(url(version)).content.decode())
    assert "New screenings will no longer use this version" in page and 'name="confirm"' in page
    response = studio.post(url(version), {"confirm": "retire"})
    assert response.status_code == 302
    retired = InstrumentVersion.objects.get(pk=version.pk)
    assert retired.status == "retired" and retired.retired_by == instrument_admin
    event = AuditEvent.objects.get(object_id=str(version.pk), summary="Retired tier1-indicators version 3")
    assert event.user == instrument_admin


@pytest.mark.parametrize("data", [{}, {"confirm": "yes"}])
def test_without_the_confirmation_nothing_changes(studio, library, data):
    before = row_counts()
    response = studio.post(url(library.tier1), data)
    assert response.status_code == 400 and "Confirm with the button on this page" in response.content.decode()
    assert row_counts() == before and InstrumentVersion.objects.get(pk=library.tier1.pk).status == "published"


def test_a_draft_is_not_retired(studio, instrument_admin, library):
    draft = lifecycle.new_draft_from(library.tier1, instrument_admin)
    assert "Only a published version can be retired" in studio.get(url(draft)).content.decode()
    before = row_counts()
    assert studio.post(url(draft), {"confirm": "retire"}).status_code == 409
    assert row_counts() == before and InstrumentVersion.objects.get(pk=draft.pk).status == "draft"


def test_the_version_page_offers_publish_for_a_draft_and_retire_for_a_published_version(
    studio, instrument_admin, library
):
    draft = lifecycle.new_draft_from(library.tier1, instrument_admin)
    page = main_of(studio.get(reverse("studio:version", kwargs={"pk": draft.pk})).content.decode())
    assert f'href="{reverse("studio:publish", kwargs={"pk": draft.pk})}"' in page and url(draft) not in page
    page = main_of(studio.get(reverse("studio:version", kwargs={"pk": library.tier1.pk})).content.decode())
    assert f'href="{url(library.tier1)}"' in page


@pytest.mark.parametrize("persona", OTHERS, indirect=True)
def test_everyone_else_gets_404(client, persona, library):
    client.force_login(persona)
    before = row_counts()
    assert client.get(url(library.tier1)).status_code == 404
    assert client.post(url(library.tier1), {"confirm": "retire"}).status_code == 404
    assert row_counts() == before and InstrumentVersion.objects.get(pk=library.tier1.pk).status == "published"


def test_anonymous_is_sent_to_log_in(client, library):
    for method in (client.get, client.post):
        response = method(url(library.tier1))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login") + "?next=")
