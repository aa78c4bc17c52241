"""A bilingual draft's texts in its other languages, given in the editor's forms (issue 18, item 1):
each English text has its "… in Español" field beside it, pre-filled, required when the English
text is given, saved into the version's translations with the row (renaming a code takes them
along, deleting drops them); the editor lists what is still missing, each with its form."""

import json

import pytest
from django.urls import reverse

from indicators import exports, lifecycle, loading
from indicators.models import InstrumentVersion
from indicators.schema import validate_instrument_version
from studio import editor_services
from tests.rows import row_counts

from .conftest import main_of

NEW_ITEM = {
    "code": "T1-NEW-01",
    "text": "Has a new phone nobody gave them.",
    "text_es": "Tiene un teléfono nuevo que nadie le dio.",
    "phrasing": "Where did the phone come from?",
    "phrasing_es": "¿De dónde salió el teléfono?",
    "help": "Ask without blame.",
    "help_es": "Pregunte sin culpar.",
    "kind": "risk_factor",
    "trafficking_type": "vulnerability",
    "scale": "yes_no_unknown",
    "points__yes_no_unknown__yes": "1",
    "source_seed": "004_b032ca5479b31c56.txt",
    "source_section": "SCREENING: Indicator lists",
}


@pytest.fixture
def draft(library, instrument_admin):
    return lifecycle.new_draft_from(library.tier1, instrument_admin, change_note="A new sign.")


def url(name, version, query=""):
    return reverse(f"studio:{name}", kwargs={"pk": version.pk}) + query


def token(version):
    version.refresh_from_db()
    return editor_services.token_of(version)


def unchanged(draft):
    draft.refresh_from_db()
    return row_counts(), draft.checksum, draft.content, draft.translations


def spanish(draft, group):
    draft.refresh_from_db()
    return draft.translations["es"].get(group, {})


def add_item(studio, draft, **changes):
    """A new item, in a section every screening shows."""
    section = next(s for s in draft.sections.order_by("position") if not s.contexts and not s.ages)
    data = {"token": token(draft), "section": section.pk, **NEW_ITEM, **changes}
    return studio.post(
        url("item", draft, f"?section={section.pk}"), {k: v for k, v in data.items() if v is not None}
    )


# --------------------------------------------------------------------------- items


def test_a_new_item_with_its_spanish_makes_a_publishable_draft_that_loads(studio, draft, tmp_path):
    section = draft.sections.order_by("position").last()
    form = main_of(studio.get(url("item", draft, f"?section={section.pk}")).content.decode())
    for label in ("Text in Español", "Suggested phrasing in Español", "Help for the caseworker in Español"):
        assert label in form
    assert 'name="text_es"' in form and 'lang="es"' in form
    response = add_item(studio, draft)
    assert response.status_code == 302, main_of(response.content.decode())
    assert spanish(draft, "items")["T1-NEW-01"] == {
        "text": NEW_ITEM["text_es"],
        "phrasing": NEW_ITEM["phrasing_es"],
        "help": NEW_ITEM["help_es"],
    }
    _content, errors, _failures = lifecycle.check_publishable(draft)
    assert not errors, errors
    # The exported draft is valid and loads as it is, its Spanish with it.
    data = json.loads(exports.export_json(draft))
    assert not validate_instrument_version(data, "draft.json")
    data["instrument"]["slug"] = "bilingual-round-trip"
    data["version"] = 1
    path = tmp_path / "bilingual-round-trip.v1.json"
    path.write_text(json.dumps(data))
    report = loading.load_files([path])
    assert not report.errors, report.errors
    loaded = InstrumentVersion.objects.get(instrument__slug="bilingual-round-trip")
    assert exports.current_content(loaded) == data
    assert loaded.translations["es"]["items"]["T1-NEW-01"]["text"] == NEW_ITEM["text_es"]
    # The preview in Spanish asks the new item in Spanish.
    preview = main_of(
        studio.get(url("preview", draft, "?context=general&age=15&language=es")).content.decode()
    )
    assert NEW_ITEM["text_es"] in preview and NEW_ITEM["text"] not in preview


def test_an_item_s_form_shows_its_spanish(studio, draft):
    item = draft.items.order_by("section__position", "position").first()
    page = main_of(studio.get(url("item", draft, f"?item={item.pk}")).content.decode())
    text_es = draft.translations["es"]["items"][item.code]["text"]
    assert text_es in page


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"text_es": ""}, "text_es"),
        ({"text_es": "   "}, "text_es"),
        ({"phrasing_es": None}, "phrasing_es"),
        ({"help_es": ""}, "help_es"),
        ({"text_es": "x" * 4001}, "text_es"),
    ],
)
def test_an_item_without_its_spanish_or_too_long_saves_nothing(studio, draft, bad, field):
    before = unchanged(draft)
    response = add_item(studio, draft, **bad)
    assert response.status_code == 400
    page = main_of(response.content.decode())
    assert "nothing was saved" in page
    message = "Write it in Español too" if "x" * 10 not in str(bad) else "at most 4000 characters"
    assert message in page
    assert unchanged(draft) == before


def test_a_spanish_text_without_its_english_is_not_kept(studio, draft):
    response = add_item(studio, draft, help="", help_es="Pregunte sin culpar.")
    assert response.status_code == 302
    assert "help" not in spanish(draft, "items")["T1-NEW-01"]
    assert not lifecycle.check_publishable(draft)[1]


def test_a_renamed_item_keeps_its_spanish_and_a_deleted_one_drops_it(studio, draft):
    add_item(studio, draft)
    item = draft.items.get(code="T1-NEW-01")
    data = {"token": token(draft), "section": item.section_id, **NEW_ITEM, "code": "T1-NEW-02"}
    response = studio.post(url("item", draft, f"?item={item.pk}"), data)
    assert response.status_code == 302, main_of(response.content.decode())
    items = spanish(draft, "items")
    assert "T1-NEW-01" not in items and items["T1-NEW-02"]["text"] == NEW_ITEM["text_es"]
    assert not lifecycle.check_publishable(draft)[1]
    assert (
        studio.post(url("item_delete", draft, f"?item={item.pk}"), {"token": token(draft)}).status_code == 302
    )
    assert "T1-NEW-02" not in spanish(draft, "items")
    assert not lifecycle.check_publishable(draft)[1]


# --------------------------------------------------------------------------- sections


def test_a_section_s_title_and_introduction_in_spanish(studio, draft):
    page = main_of(studio.get(url("section", draft)).content.decode())
    assert "Title in Español" in page and "Introduction in Español" in page
    data = {
        "token": token(draft),
        "code": "phones",
        "title": "Phones",
        "title_es": "Teléfonos",
        "intro": "About phones.",
        "intro_es": "Sobre los teléfonos.",
    }
    assert studio.post(url("section", draft), data).status_code == 302
    section = draft.sections.get(code="phones")
    assert spanish(draft, "sections")["phones"] == {"title": "Teléfonos", "intro": "Sobre los teléfonos."}
    # Renamed: its Spanish follows; deleted with its items: their Spanish goes too.
    add_item(studio, draft, section=section.pk)
    renamed = {**data, "token": token(draft), "code": "devices"}
    assert studio.post(url("section", draft, f"?section={section.pk}"), renamed).status_code == 302
    assert "phones" not in spanish(draft, "sections")
    assert spanish(draft, "sections")["devices"]["title"] == "Teléfonos"
    assert not lifecycle.check_publishable(draft)[1]
    response = studio.post(url("section_delete", draft, f"?section={section.pk}"), {"token": token(draft)})
    assert response.status_code == 302
    assert "devices" not in spanish(draft, "sections") and "T1-NEW-01" not in spanish(draft, "items")
    assert not lifecycle.check_publishable(draft)[1]


@pytest.mark.parametrize(
    "bad",
    [{"title_es": ""}, {"intro_es": ""}, {"title_es": "x" * 256}],
)
def test_a_section_without_its_spanish_saves_nothing(studio, draft, bad):
    before = unchanged(draft)
    data = {"token": token(draft), "code": "phones", "title": "Phones", "title_es": "Teléfonos"}
    data.update({"intro": "About phones.", "intro_es": "Sobre los teléfonos.", **bad})
    response = studio.post(url("section", draft), data)
    assert response.status_code == 400
    assert "nothing was saved" in main_of(response.content.decode())
    assert unchanged(draft) == before


# --------------------------------------------------------------------------- answer scales


def scale_data(draft, **changes):
    data = {
        "token": token(draft),
        "name": "yes_no_unknown",
        "description": "Whether it happened.",
        "description_es": "Si ocurrió.",
        "value_0": "yes",
        "label_0": "Yes",
        "label_es_0": "Sí",
        "value_1": "no",
        "label_1": "No",
        "label_es_1": "No",
        "value_2": "unknown",
        "label_2": "Unknown",
        "label_es_2": "No se sabe",
    }
    data.update(changes)
    return data


def test_a_scale_s_labels_in_spanish_follow_its_new_name(studio, draft):
    page = main_of(studio.get(url("scale", draft, "?scale=yes_no_unknown")).content.decode())
    assert "Answer 1: label in Español" in page and 'name="label_es_0"' in page
    response = studio.post(
        url("scale", draft, "?scale=yes_no_unknown"), scale_data(draft, name="yes_no_dunno")
    )
    assert response.status_code == 302, main_of(response.content.decode())
    scales = spanish(draft, "answer_scales")
    assert "yes_no_unknown" not in scales
    assert scales["yes_no_dunno"] == {
        "description": "Si ocurrió.",
        "options": {"yes": "Sí", "no": "No", "unknown": "No se sabe"},
    }
    assert not lifecycle.check_publishable(draft)[1]


@pytest.mark.parametrize("bad", [{"label_es_1": ""}, {"description_es": ""}, {"label_es_0": "x" * 256}])
def test_a_scale_without_its_spanish_saves_nothing(studio, draft, bad):
    before = unchanged(draft)
    response = studio.post(url("scale", draft, "?scale=yes_no_unknown"), scale_data(draft, **bad))
    assert response.status_code == 400
    assert "nothing was saved" in main_of(response.content.decode())
    assert unchanged(draft) == before


# --------------------------------------------------------------------------- guidance actions


def guidance_data(draft, **changes):
    data = {
        "token": token(draft),
        "code": "call-the-mentor",
        "title": "Call the mentor",
        "title_es": "Llamar al mentor",
        "description": "Ask the mentor to visit.",
        "description_es": "Pida al mentor que lo visite.",
        "priority": "routine",
        "contact_name_0": "Mentor line",
        "contact_name_es_0": "Línea del mentor",
        "contact_phone_0": "555-0100",
        "contact_note_0": "Evenings",
        "contact_note_es_0": "Por la tarde",
    }
    data.update(changes)
    return data


def test_a_guidance_action_and_its_contacts_in_spanish(studio, draft):
    page = main_of(studio.get(url("guidance", draft)).content.decode())
    assert "Steps in Español" in page and "Contact 1: name in Español" in page
    response = studio.post(url("guidance", draft), guidance_data(draft))
    assert response.status_code == 302, main_of(response.content.decode())
    assert spanish(draft, "guidance")["call-the-mentor"] == {
        "title": "Llamar al mentor",
        "description": "Pida al mentor que lo visite.",
        "contacts": [{"name": "Línea del mentor", "note": "Por la tarde"}],
    }
    assert not lifecycle.check_publishable(draft)[1]
    action = draft.guidance.get(code="call-the-mentor")
    edit = main_of(studio.get(url("guidance", draft, f"?action={action.pk}")).content.decode())
    assert "Línea del mentor" in edit and "Por la tarde" in edit
    response = studio.post(url("guidance_delete", draft, f"?action={action.pk}"), {"token": token(draft)})
    assert response.status_code == 302
    assert "call-the-mentor" not in spanish(draft, "guidance")


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"title_es": ""}, "Write it in Español too"),
        ({"description_es": " "}, "Write it in Español too"),
        ({"contact_name_es_0": ""}, "Write it in Español too"),
        ({"contact_note_es_0": ""}, "Write it in Español too"),
        ({"title_es": "x" * 256}, "at most 255 characters"),
    ],
)
def test_a_guidance_action_without_its_spanish_saves_nothing(studio, draft, bad, message):
    before = unchanged(draft)
    response = studio.post(url("guidance", draft), guidance_data(draft, **bad))
    assert response.status_code == 400
    assert message in main_of(response.content.decode())
    assert unchanged(draft) == before


# --------------------------------------------------------------------------- what is missing


def test_the_editor_lists_what_lacks_spanish_each_with_its_form(studio, draft):
    item = draft.items.order_by("section__position", "position").first()
    translations = draft.translations
    del translations["es"]["items"][item.code]["text"]
    draft.translations = translations
    draft.save(update_fields=["translations"])
    lifecycle.refresh_draft(draft)
    studio.post(
        url("section", draft), {"token": token(draft), "code": "later", "title": "Later", "title_es": "Luego"}
    )
    later = draft.sections.get(code="later")
    page = main_of(studio.get(url("editor", draft)).content.decode())
    assert "2 things are not finished yet" in page
    assert f'href="{url("item", draft, f"?item={item.pk}#id_text_es")}"' in page
    assert f"Item {item.code}: Text in Español" in page
    assert f'href="{url("item", draft, f"?section={later.pk}")}"' in page
    assert "Section later has no items yet" in page


def test_a_draft_read_in_english_only_has_no_other_language_fields(studio, draft):
    draft.languages = None
    draft.translations = None
    draft.save(update_fields=["languages", "translations"])
    lifecycle.refresh_draft(draft)
    page = main_of(studio.get(url("item", draft, f"?section={draft.sections.first().pk}")).content.decode())
    assert "in Español" not in page
    response = add_item(studio, draft, text_es=None, phrasing_es=None, help_es=None)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.translations is None
