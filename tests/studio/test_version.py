"""A version's page (/studio/versions/<pk>/): its sections and items, rules with their reasons,
guidance actions, its history (newest first, paged), and the ways to preview, edit, compare and
export it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import audit
from accounts.models import AuditEvent
from indicators import lifecycle, translations
from tests.dates import shown_at
from tests.rows import row_counts

from .conftest import OTHERS, main_of


def url(version):
    return reverse("studio:version", kwargs={"pk": version.pk})


def test_the_page_shows_what_the_version_holds(studio, library):
    version = library.tier1
    response = studio.get(url(version))
    assert response.status_code == 200
    main = main_of(response.content.decode())
    content = version.content
    item = content["sections"][0]["items"][0]
    rule = content["rules"][0]
    action = content["guidance"][0]
    for text in (content["sections"][0]["title"], item["code"], rule["reason"], action["title"]):
        assert str(text).replace("'", "&#x27;").replace('"', "&quot;") in main, text
    assert f'href="{reverse("studio:preview", kwargs={"pk": version.pk})}"' in main
    # Everything an instrument task needs is the studio's own: no link into the admin site.
    assert "/admin/" not in main
    assert f'href="/studio/versions/{version.pk}/new-draft/"' in main
    assert f'href="/studio/versions/{version.pk}/compare/"' in main
    assert f'href="/studio/versions/{version.pk}/export/"' in main


def test_the_history_is_newest_first_with_who_and_when(studio, instrument_admin, library):
    draft = lifecycle.new_draft_from(library.tier1, instrument_admin, change_note="Fewer words.")
    lifecycle.record_draft_change(draft, user=instrument_admin, summary="Item T1-MT-01 reworded")
    response = studio.get(url(draft))
    main = main_of(response.content.decode())
    history = main[main.index('id="history-heading"') :]
    assert history.index("Item T1-MT-01 reworded") < history.index("New draft")
    created = AuditEvent.objects.get(object_id=str(draft.pk), action="created")
    assert shown_at(created.at) in history and "Ines Park" in history
    assert "Fewer words." in main


def test_the_history_is_paged(studio, instrument_admin, library):
    draft = lifecycle.new_draft_from(library.tier1, instrument_admin)
    for n in range(30):
        audit.record(
            None, audit.Action.UPDATED, obj=draft, user=instrument_admin, summary=f"change number {n}"
        )
    first = main_of(studio.get(url(draft)).content.decode())
    assert "change number 29" in first and "change number 5" in first and "change number 4" not in first
    assert "?page=2" in first
    second = main_of(studio.get(url(draft) + "?page=2").content.decode())
    assert "change number 4" in second and "change number 29" not in second
    assert "New draft" in second


def test_the_visit_is_audited_and_writes_nothing_else(studio, library):
    before = row_counts()
    studio.get(url(library.tier2))
    assert row_counts() == before
    event = AuditEvent.objects.get(action="viewed", object_id=str(library.tier2.pk))
    assert event.object_type == "indicators.instrumentversion" and event.case_id is None


@pytest.mark.parametrize("persona", OTHERS, indirect=True)
def test_everyone_else_gets_404(client, persona, library):
    client.force_login(persona)
    before = row_counts()
    assert client.get(url(library.tier1)).status_code == 404
    assert row_counts() == before


def test_an_unknown_version_is_404(studio, library):
    assert studio.get(reverse("studio:version", kwargs={"pk": 10**9})).status_code == 404


def test_a_bad_page_number_is_the_first_page(studio, library):
    for page in ("abc", "-1", "99999999999999999999"):
        assert studio.get(url(library.tier1) + f"?page={page}").status_code == 200


def test_anonymous_is_sent_to_log_in(client, library):
    response = client.get(url(library.tier1))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")


def test_the_number_of_queries_does_not_grow_with_the_history(studio, instrument_admin, library):
    draft = lifecycle.new_draft_from(library.tier1, instrument_admin)
    studio.get(url(draft))
    with CaptureQueriesContext(connection) as few:
        studio.get(url(draft))
    for n in range(40):
        audit.record(None, audit.Action.UPDATED, obj=draft, user=instrument_admin, summary=f"change {n}")
    with CaptureQueriesContext(connection) as more:
        assert studio.get(url(draft)).status_code == 200
    assert len(more) == len(few)


def test_a_spanish_reader_reads_the_version_in_spanish_when_it_has_it(studio, instrument_admin, library):
    instrument_admin.language = "es"
    instrument_admin.save()
    spanish = translations.localized(library.tier1.content, "es")
    item_es = spanish["sections"][0]["items"][0]["text"]
    item_en = library.tier1.content["sections"][0]["items"][0]["text"]
    main = main_of(studio.get(url(library.tier1)).content.decode())
    assert item_es in main and item_en not in main
    # A version without Spanish shows its own texts, marked as English for the reader's tools.
    v1 = library.tier1.instrument.versions.get(number=1)
    main = main_of(studio.get(url(v1)).content.decode())
    first = v1.content["sections"][0]["items"][0]["text"]
    assert f'<span lang="en">{first}</span>' in main.replace("&#x27;", "'").replace("&quot;", '"')
