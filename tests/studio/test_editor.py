"""The draft editor's page (/studio/versions/<pk>/edit/): a draft's fields, its sections and items,
scales and guidance in order; a new draft from a published version, deleting a draft; reordering
by Move up / Move down and by a new order; two people never overwrite each other; who may do it."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent
from indicators import exports, lifecycle, loading
from indicators.models import DRAFT, InstrumentVersion, Item, Section
from indicators.schema import validate_instrument_version
from studio import editor_services
from tests.rows import row_counts

from .conftest import OTHERS, main_of


@pytest.fixture
def draft(library, instrument_admin):
    return lifecycle.new_draft_from(library.tier1, instrument_admin, change_note="Fewer words.")


def url(name, version, query=""):
    return reverse(f"studio:{name}", kwargs={"pk": version.pk}) + query


def token(version):
    version.refresh_from_db()
    return editor_services.token_of(version)


def section_codes(version):
    return list(version.sections.order_by("position", "id").values_list("code", flat=True))


# --------------------------------------------------------------------------- the page


def test_the_editor_lists_the_drafts_rows_with_their_forms(studio, draft):
    response = studio.get(url("editor", draft))
    assert response.status_code == 200
    main = main_of(response.content.decode())
    first = draft.sections.order_by("position").first()
    item = first.items.order_by("position").first()
    assert first.code in main and item.code in main and "yes_no_unknown" in main
    assert f'{url("item", draft)}?item={item.pk}"' in main
    assert f'{url("section", draft)}?section={first.pk}"' in main
    assert "Move up" in main and "Move down" in main
    assert 'name="token" value="' + token(draft) + '"' in main
    assert AuditEvent.objects.filter(object_id=str(draft.pk), action="viewed").exists()


def test_the_editor_page_reads_a_fixed_number_of_queries(studio, draft, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as few:
        assert studio.get(url("editor", draft)).status_code == 200
    section = draft.sections.first()
    for n in range(30):
        editor_services.save_row(
            Section(version=draft),
            {"code": f"extra-{n}", "title": f"Extra {n}"},
        )
    for n in range(30):
        editor_services.save_row(
            Item(version=draft),
            {
                "section_id": section.pk,
                "code": f"X-{n}",
                "text": "An extra item",
                "kind": "indicator",
                "trafficking_type": "sex",
                "scale": "yes_no_unknown",
                "source": {"citation": "A test"},
            },
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert studio.get(url("editor", draft)).status_code == 200
    assert len(few.captured_queries) <= 17


def test_the_version_page_offers_edit_delete_or_a_new_draft(studio, library, draft):
    draft_page = main_of(studio.get(url("version", draft)).content.decode())
    assert (
        f'href="{url("editor", draft)}"' in draft_page
        and f'href="{url("delete_draft", draft)}"' in draft_page
    )
    published = main_of(studio.get(url("version", library.tier1)).content.decode())
    assert f'href="{url("new_draft", library.tier1)}"' in published
    assert url("editor", library.tier1) not in published


# --------------------------------------------------------------------------- the version's fields


def test_the_versions_fields_are_saved_and_the_content_follows(studio, draft):
    response = studio.post(
        url("edit_version", draft),
        {
            "token": token(draft),
            "format": "2",
            "change_note": "Shorter items.",
            "min_age": "10",
            "max_age": "21",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.change_note == "Shorter items." and draft.ages == {"min": 10, "max": 21}
    assert (
        draft.content["ages"] == {"min": 10, "max": 21} and draft.content["change_note"] == "Shorter items."
    )
    assert AuditEvent.objects.filter(object_id=str(draft.pk), action="updated").exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"min_age": "12", "max_age": "8"},
        {"min_age": "-1"},
        {"max_age": "99"},
        {"format": "7"},
        {"min_age": "x"},
    ],
)
def test_bad_fields_say_why_and_save_nothing(studio, draft, bad):
    before = (draft.change_note, draft.ages, token(draft))
    data = {"token": token(draft), "format": "2", "change_note": "Changed", **bad}
    response = studio.post(url("edit_version", draft), data)
    assert response.status_code == 400
    assert "nothing was saved" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.change_note, draft.ages, token(draft)) == before


# --------------------------------------------------------------------------- reordering


def test_move_up_and_down_reorder_sections_and_refresh_the_content(studio, draft):
    codes = section_codes(draft)
    second = draft.sections.get(code=codes[1])
    response = studio.post(
        url("move", draft), {"token": token(draft), "kind": "section", "id": second.pk, "direction": "up"}
    )
    assert response.status_code == 302
    assert section_codes(draft) == [codes[1], codes[0], *codes[2:]]
    draft.refresh_from_db()
    assert [s["code"] for s in draft.content["sections"]] == section_codes(draft)
    studio.post(
        url("move", draft), {"token": token(draft), "kind": "section", "id": second.pk, "direction": "down"}
    )
    assert section_codes(draft) == codes


def test_move_an_item_within_its_section(studio, draft):
    section = draft.sections.order_by("position").first()
    items = list(section.items.order_by("position").values_list("code", flat=True))
    last = section.items.get(code=items[-1])
    studio.post(url("move", draft), {"token": token(draft), "kind": "item", "id": last.pk, "direction": "up"})
    assert list(section.items.order_by("position").values_list("code", flat=True)) == [
        *items[:-2],
        items[-1],
        items[-2],
    ]
    draft.refresh_from_db()
    assert [i["code"] for i in draft.content["sections"][0]["items"]] == [*items[:-2], items[-1], items[-2]]


def test_a_new_order_by_drag_and_drop(studio, draft):
    codes = section_codes(draft)
    ids = list(draft.sections.order_by("position", "id").values_list("pk", flat=True))
    response = studio.post(
        url("reorder", draft),
        {"token": token(draft), "kind": "section", "order": ",".join(map(str, ids[::-1]))},
    )
    assert response.status_code == 302
    assert section_codes(draft) == codes[::-1]


@pytest.mark.parametrize("order", ["1,2", "abc", "", "{ids},{ids}"])
def test_a_wrong_order_moves_nothing(studio, draft, order):
    codes = section_codes(draft)
    ids = ",".join(map(str, draft.sections.values_list("pk", flat=True)))
    response = studio.post(
        url("reorder", draft), {"token": token(draft), "kind": "section", "order": order.format(ids=ids)}
    )
    assert response.status_code in (302, 404)
    assert section_codes(draft) == codes


# --------------------------------------------------------------------------- two people


def test_a_save_on_a_draft_changed_since_is_refused(studio, draft):
    stale = token(draft)
    first = studio.post(
        url("edit_version", draft),
        {"token": stale, "format": "2", "change_note": "Mine", "min_age": "", "max_age": ""},
    )
    assert first.status_code == 302
    second = studio.post(
        url("edit_version", draft),
        {"token": stale, "format": "2", "change_note": "Theirs", "min_age": "", "max_age": ""},
    )
    assert second.status_code == 409
    assert "changed by someone else" in second.content.decode()
    draft.refresh_from_db()
    assert draft.change_note == "Mine"
    codes = section_codes(draft)
    moved = studio.post(
        url("move", draft),
        {
            "token": stale,
            "kind": "section",
            "id": draft.sections.order_by("position")[1].pk,
            "direction": "up",
        },
    )
    assert moved.status_code == 302 and section_codes(draft) == codes


# --------------------------------------------------------------------------- new draft, delete


def test_a_new_draft_from_a_published_version(studio, library):
    response = studio.post(url("new_draft", library.tier1), {"change_note": "Plainer words"})
    draft = InstrumentVersion.objects.get(instrument=library.tier1.instrument, status=DRAFT)
    assert response.status_code == 302 and response["Location"] == url("editor", draft)
    assert draft.change_note == "Plainer words" and draft.number > library.tier1.number
    assert AuditEvent.objects.filter(object_id=str(draft.pk), action="created").exists()


def test_a_new_draft_needs_a_change_note(studio, library):
    before = row_counts()
    response = studio.post(url("new_draft", library.tier1), {"change_note": "  "})
    assert response.status_code == 400
    assert "Say in a few words what this draft will change." in response.content.decode()
    assert row_counts() == before


def test_deleting_a_draft_after_confirmation(studio, draft):
    page = studio.get(url("delete_draft", draft))
    assert page.status_code == 200 and "Delete draft version" in page.content.decode()
    response = studio.post(url("delete_draft", draft), {"token": token(draft)})
    assert response.status_code == 302
    assert not InstrumentVersion.objects.filter(pk=draft.pk).exists()
    assert AuditEvent.objects.filter(object_id=str(draft.pk), action="deleted").exists()


def test_a_stale_delete_is_refused(studio, draft):
    response = studio.post(url("delete_draft", draft), {"token": "stale"})
    assert response.status_code == 409
    assert InstrumentVersion.objects.filter(pk=draft.pk).exists()


# --------------------------------------------------------------------------- who


EDITOR_URLS = ["editor", "delete_draft", "section", "scale", "guidance"]


@pytest.mark.parametrize("persona", OTHERS, indirect=True)
def test_everyone_else_gets_404_and_nothing_changes(client, persona, library, draft):
    client.force_login(persona)
    before = row_counts()
    for name in EDITOR_URLS + ["edit_version", "move", "reorder"]:
        assert client.get(url(name, draft)).status_code in (404, 405), name
        assert client.post(url(name, draft), {"token": token(draft)}).status_code in (404, 405), name
    assert client.post(url("new_draft", library.tier1), {"change_note": "x"}).status_code == 404
    assert row_counts() == before


def test_anonymous_is_sent_to_log_in(client, draft):
    for name in EDITOR_URLS:
        response = client.get(url(name, draft))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_published_versions_editor_is_404_and_a_drafts_new_draft_too(studio, library, draft):
    before = row_counts()
    for name in EDITOR_URLS:
        assert studio.get(url(name, library.tier1)).status_code == 404, name
    assert studio.post(url("edit_version", library.tier1), {"format": "2"}).status_code == 404
    assert studio.post(url("new_draft", draft), {"change_note": "x"}).status_code == 404
    assert row_counts() == before


# --------------------------------------------------------------------------- round trip


def test_the_edited_draft_is_what_load_instruments_accepts(studio, library, instrument_admin, tmp_path):
    # From version 2 (English only: adding a text to a bilingual draft waits for its translation).
    two = InstrumentVersion.objects.get(instrument=library.tier1.instrument, number=2)
    assert not two.languages
    draft = lifecycle.new_draft_from(two, instrument_admin, change_note="Round trip")
    section = draft.sections.order_by("position").first()
    response = studio.post(
        url("section", draft),
        {
            "token": token(draft),
            "code": "added",
            "title": "Added section",
            "contexts": ["general"],
        },
    )
    assert response.status_code == 302, main_of(response.content.decode())
    added = draft.sections.get(code="added")
    response = studio.post(
        url("item", draft, f"?section={added.pk}"),
        {
            "token": token(draft),
            "section": added.pk,
            "code": "T1-NEW-01",
            "text": "Has a new sign.",
            "kind": "risk_factor",
            "trafficking_type": "vulnerability",
            "scale": "yes_no_unknown",
            "points__yes_no_unknown__yes": "1",
            "tags": "online, money",
            "min_age": "12",
            "source_seed": "004_b032ca5479b31c56.txt",
            "source_section": "SCREENING: Indicator lists",
        },
    )
    assert response.status_code == 302, response.content.decode()
    studio.post(
        url("move", draft), {"token": token(draft), "kind": "section", "id": section.pk, "direction": "down"}
    )
    data = json.loads(exports.export_json(draft))
    assert not validate_instrument_version(data, "draft.json")
    assert data["sections"][-1]["items"][0] == {
        "code": "T1-NEW-01",
        "text": "Has a new sign.",
        "kind": "risk_factor",
        "trafficking_type": "vulnerability",
        "scale": "yes_no_unknown",
        "points": {"yes": 1},
        "tags": ["online", "money"],
        "ages": {"min": 12},
        "source": {"seed": "004_b032ca5479b31c56.txt", "section": "SCREENING: Indicator lists"},
    }
    # Loaded as an instrument the database has never seen: the same content comes back.
    data["instrument"]["slug"] = "edited-round-trip"
    path = tmp_path / "edited-round-trip.v1.json"
    data["version"] = 1
    path.write_text(json.dumps(data))
    report = loading.load_files([path])
    assert not report.errors, report.errors
    loaded = InstrumentVersion.objects.get(instrument__slug="edited-round-trip")
    assert exports.current_content(loaded) == data


def test_a_section_without_items_yet_is_kept_and_preview_still_works(studio, draft):
    """A section is added before its items: the draft keeps it (publishing asks for its items),
    the editor says something is unfinished, and the preview still shows the form."""
    response = studio.post(
        url("section", draft),
        {"token": token(draft), "code": "later", "title": "Later", "title_es": "Más tarde"},
    )
    assert response.status_code == 302
    editor = main_of(studio.get(url("editor", draft)).content.decode())
    assert "not finished yet" in editor
    assert studio.get(url("preview", draft)).status_code == 200
    _content, errors, _failures = lifecycle.check_publishable(draft)
    assert errors


def test_the_fields_form_saved_as_shown_changes_nothing(studio, draft):
    """What the form shows is what the draft holds: saving it untouched leaves the content as it was."""
    from tests.screening.test_fuzz import forms_on

    before = token(draft)
    form = next(
        f for f in forms_on(studio, [url("editor", draft)]) if f["action"] == url("edit_version", draft)
    )
    payload: dict[str, list[str]] = {}
    for name, value in form["fields"]:
        payload.setdefault(name, []).append(value)
    assert payload["nc_share"] == ["0.5"] and payload["nc_answers"] == ["unknown"]
    assert studio.post(url("edit_version", draft), payload).status_code == 302
    assert token(draft) == before


def test_when_a_screening_is_not_completed_is_edited_as_fields(studio, draft):
    data = {
        "token": token(draft),
        "format": "2",
        "nc_share": "0.6",
        "nc_answers": ["unknown", "declined"],
        "nc_kind": "indicator",
        "nc_guidance": ["gather-information"],
    }
    assert studio.post(url("edit_version", draft), data).status_code == 302
    draft.refresh_from_db()
    assert draft.content["not_completed"] == {
        "share_above": 0.6,
        "answers": ["declined", "unknown"],
        "where": {"kind": "indicator"},
        "guidance": ["gather-information"],
    }
    before = token(draft)
    for bad in (
        {"nc_share": "1"},
        {"nc_share": "", "nc_answers": ["unknown"]},
        {"nc_guidance": ["no-such-action"]},
    ):
        response = studio.post(url("edit_version", draft), {**data, "token": before, **bad})
        assert response.status_code == 400, bad
    assert token(draft) == before
