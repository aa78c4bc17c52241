"""The studio's library (/studio/): each instrument, its versions with status, who created,
changed or published what and when; the instrument administrator's only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent
from indicators import lifecycle
from tests.rows import row_counts

from .conftest import OTHERS, main_of

URL = reverse("studio:library")


def test_the_instrument_admin_sees_every_instrument_and_version_with_who_and_when(
    studio, instrument_admin, library
):
    v1, v2, v3 = library.tier1.instrument.versions.order_by("number")
    lifecycle.retire(v1, instrument_admin)
    draft = lifecycle.new_draft_from(v3, instrument_admin, change_note="Age bands of 2027.")
    response = studio.get(URL)
    assert response.status_code == 200
    main = main_of(response.content.decode())
    for version in (v1, v2, v3, draft, library.tier2):
        assert f'href="/studio/versions/{version.pk}/"' in main
    tier1 = main[
        main.index('id="instrument-tier1-indicators"') : main.index("</section>", main.index("tier1"))
    ]
    draft_row = tier1[
        tier1.index(f"/studio/versions/{draft.pk}/") : tier1.index(
            "</tr>", tier1.index(f"/studio/versions/{draft.pk}/")
        )
    ]
    assert "draft" in draft_row and "Age bands of 2027." in draft_row and "by Ines Park" in draft_row
    retired_row = tier1[tier1.index(f"/studio/versions/{v1.pk}/") :]
    retired_row = retired_row[: retired_row.index("</tr>")]
    assert "retired" in retired_row and "by Ines Park" in retired_row
    assert library.tier2.instrument.name in main


def test_the_visit_is_audited_and_writes_nothing_else(studio, library):
    before = row_counts()
    studio.get(URL)
    assert row_counts() == before
    assert AuditEvent.objects.filter(action="viewed", path=URL).count() == 1


def test_the_home_and_the_navigation_link_to_the_studio(studio, library):
    page = studio.get("/").content.decode()
    assert page.count(f'href="{URL}"') == 2  # the menu, and the library on the home page


@pytest.mark.parametrize("persona", OTHERS, indirect=True)
def test_everyone_else_gets_404_and_no_link(client, persona, library):
    client.force_login(persona)
    assert client.get(URL).status_code == 404
    assert f'href="{URL}"' not in client.get("/").content.decode()


def test_anonymous_is_sent_to_log_in(client, library):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")


def test_the_number_of_queries_does_not_grow_with_the_versions(studio, instrument_admin, library):
    lifecycle.new_draft_from(library.tier1, instrument_admin)  # one change: its audit event is read
    with CaptureQueriesContext(connection) as few:
        studio.get(URL)
    for version in (library.tier1, library.tier2):
        lifecycle.new_draft_from(version, instrument_admin)
    lifecycle.retire(library.tier1.instrument.versions.get(number=1), instrument_admin)
    with CaptureQueriesContext(connection) as more:
        response = studio.get(URL)
    assert response.status_code == 200
    assert len(more) == len(few)
