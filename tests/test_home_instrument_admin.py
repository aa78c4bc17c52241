"""The instrument administrator's home: the instrument library (indicators/library.py), drafts in
progress first, each instrument's versions in draft, published and retired with the last change
(who, when), linking into the library's pages in the admin site; and nothing about cases."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators import lifecycle
from tests.screening.conftest import library

__all__ = ["library"]  # the fixture


def home(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response


def main_of(page: str) -> str:
    return page[page.index('<main id="main"') : page.index("</main>")]


def versions(library):
    return library.tier1.instrument.versions.order_by("number")


def test_the_instrument_admin_sees_drafts_first_then_every_version(
    client, instrument_admin, admin_user, library
):
    v1, v2, v3 = versions(library)
    lifecycle.retire(v1, instrument_admin)
    draft = lifecycle.new_draft_from(v3, instrument_admin, change_note="Add the age bands of 2027.")
    response = home(client, instrument_admin)
    summary = response.context["library"]
    assert [d.version for d in summary.drafts] == [draft]
    assert summary.drafts[0].change == "created" and summary.drafts[0].changed_by == instrument_admin
    tier1 = next(e for e in summary.instruments if e.instrument.slug == "tier1-indicators")
    assert [r.version.number for r in tier1.drafts] == [4]
    assert sorted(r.version.number for r in tier1.published) == [2, 3]
    assert [r.version.number for r in tier1.retired] == [1]
    assert tier1.retired[0].change == "retired" and tier1.retired[0].changed_by == instrument_admin

    page = response.content.decode()
    main = main_of(page)
    assert main.index("<h2") == main.index('<h2 id="library-drafts-heading"')
    drafts = main[main.index('id="library-drafts-heading"') : main.index('id="instruments-heading"')]
    assert "tier1-indicators" in drafts and "version 4" in drafts
    assert "Add the age bands of 2027." in drafts and "Ines Park" in drafts
    assert f'href="/admin/indicators/instrumentversion/{draft.pk}/change/"' in drafts
    assert f'href="/admin/indicators/instrumentversion/{draft.pk}/compare/"' in drafts
    assert f'href="/admin/indicators/instrumentversion/{draft.pk}/publish/"' in drafts
    table = main[main.index('id="instruments-heading"') :]
    row = table[table.index("tier1-indicators") - 300 : table.index("</tr>", table.index("tier1-indicators"))]
    for version, label in ((v3, "Published"), (v2, "Published"), (draft, "Drafts"), (v1, "Retired")):
        cell = row[row.index(f'data-label="{label}"') :]
        assert cell.index(f'href="/admin/indicators/instrumentversion/{version.pk}/change/"') < cell.index(
            "</td>"
        )
    assert 'href="/admin/indicators/"' in table and 'href="/admin/indicators/instrumentversion/"' in table
    assert "table-stack" in drafts and "table-stack" in table


def test_the_last_change_of_a_draft_is_its_latest_edit(client, instrument_admin, admin_user, library):
    draft = lifecycle.new_draft_from(versions(library)[1], instrument_admin)
    lifecycle.record_draft_change(draft, user=admin_user, summary="Changed an item")
    response = home(client, instrument_admin)
    row = response.context["library"].drafts[0]
    assert row.change == "edited" and row.changed_by == admin_user
    drafts = main_of(response.content.decode())
    assert "edited" in drafts and "by Ada Admin" in drafts


def test_no_draft_says_what_to_do(client, instrument_admin, library):
    page = home(client, instrument_admin).content.decode()
    assert "No draft in progress." in page


def test_no_cases_for_the_instrument_admin(client, instrument_admin, library):
    page = home(client, instrument_admin).content.decode()
    assert 'href="/cases/"' not in page
    assert re.search(r"\bcases?\b", main_of(page), re.IGNORECASE) is None


def test_the_library_is_read_in_the_same_queries_whatever_its_versions(client, instrument_admin, library):
    v1, _v2, v3 = versions(library)
    draft = lifecycle.new_draft_from(v3, instrument_admin)
    client.force_login(instrument_admin)
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    lifecycle.retire(v1, instrument_admin)
    lifecycle.record_draft_change(draft, user=instrument_admin)
    lifecycle.new_draft_from(library.tier2, instrument_admin)
    with CaptureQueriesContext(connection) as more:
        response = client.get("/")
    assert len(more) == len(few)
    assert len(response.context["library"].drafts) == 2
    # No version's content is read for the page.
    assert not any('"content"' in q["sql"] and "indicators_instrumentversion" in q["sql"] for q in more)
