"""The draft editor's forms of one row (/studio/versions/<pk>/edit/section|item|scale|guidance/):
good input is saved and the draft's content follows; bad input says why and saves nothing."""

import pytest
from django.urls import reverse

from indicators import lifecycle
from indicators.models import GuidanceAction, Item, Section
from studio import editor_services
from tests.rows import row_counts

from .conftest import main_of


@pytest.fixture
def draft(library, instrument_admin):
    return lifecycle.new_draft_from(library.tier1, instrument_admin, change_note="Edits")


def url(name, version, query=""):
    return reverse(f"studio:{name}", kwargs={"pk": version.pk}) + query


def token(version):
    version.refresh_from_db()
    return editor_services.token_of(version)


def unchanged(draft):
    """What a refused save must leave as it was: the rows and the content."""
    draft.refresh_from_db()
    return row_counts(), draft.checksum, draft.content


def item_data(draft, item, **changes):
    """The item's form as the editor fills it, its Spanish texts too (tier 1 is bilingual)."""
    source = item.source or {}
    spanish = draft.translations["es"]["items"][item.code]
    data = {
        "token": token(draft),
        "section": item.section_id,
        "code": item.code,
        "text": item.text,
        "phrasing": item.phrasing or "",
        "help": item.help or "",
        **{f"{key}_es": spanish.get(key, "") for key in ("text", "phrasing", "help")},
        "kind": item.kind,
        "trafficking_type": item.trafficking_type,
        "scale": item.scale,
        "tags": ", ".join(item.tags or []),
        "fact": item.fact or "",
        "source_seed": source.get("seed", ""),
        "source_section": source.get("section", ""),
        "source_citation": source.get("citation", ""),
        "source_note": source.get("note", ""),
        **{f"points__{item.scale}__{k}": v for k, v in (item.points or {}).items()},
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# --------------------------------------------------------------------------- sections


def test_a_section_is_added_edited_and_deleted(studio, draft):
    response = studio.post(
        url("section", draft),
        {
            "token": token(draft),
            "code": "new-one",
            "title": "New one",
            "title_es": "Nueva",
            "contexts": ["return_from_missing"],
        },
    )
    assert response.status_code == 302
    section = draft.sections.get(code="new-one")
    assert section.contexts == ["return_from_missing"]
    assert section.position == draft.sections.count() - 1
    page = studio.get(url("section", draft, f"?section={section.pk}"))
    assert 'value="New one"' in page.content.decode()
    studio.post(
        url("section", draft, f"?section={section.pk}"),
        {"token": token(draft), "code": "new-one", "title": "Renamed", "title_es": "Otra", "min_age": "10"},
    )
    section.refresh_from_db()
    assert section.title == "Renamed" and section.ages == {"min": 10} and section.contexts is None
    draft.refresh_from_db()
    assert draft.content["sections"][-1]["title"] == "Renamed"
    assert studio.get(url("section_delete", draft, f"?section={section.pk}")).status_code == 200
    assert (
        studio.post(
            url("section_delete", draft, f"?section={section.pk}"), {"token": token(draft)}
        ).status_code
        == 302
    )
    assert not Section.objects.filter(pk=section.pk).exists()


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"code": "bad code!"}, "Use letters and digits"),
        ({"code": "missing-travel"}, "Another section of this draft has this code."),
        ({"title": ""}, "This field is required."),
        ({"min_age": "15", "max_age": "9"}, "The oldest age must not be below the youngest."),
        ({"contexts": ["on_the_moon"]}, "Select a valid choice."),
    ],
)
def test_a_bad_section_says_why_and_saves_nothing(studio, draft, bad, message):
    before = unchanged(draft)
    data = {"token": token(draft), "code": "fine", "title": "Fine", **bad}
    response = studio.post(url("section", draft), data)
    assert response.status_code == 400
    assert message in main_of(response.content.decode())
    assert unchanged(draft) == before


# --------------------------------------------------------------------------- items


def test_an_item_is_edited_with_points_per_answer_and_a_source(studio, draft):
    item = draft.items.order_by("section__position", "position").first()
    data = item_data(
        draft,
        item,
        text="Reworded.",
        phrasing="In your words?",
        phrasing_es="¿En sus palabras?",
        **{"points__yes_no_unknown__yes": "2", "points__yes_no_unknown__no": ""},
        tags="missing, runaway",
        source_seed="003_960e6c1bdefe39dc.txt",
        source_section="Indicators",
        source_note="",
    )
    page = studio.get(url("item", draft, f"?item={item.pk}"))
    assert 'name="points__yes_no_unknown__yes"' in page.content.decode()
    assert 'name="points__yes_no_unknown__unknown"' not in page.content.decode()
    response = studio.post(url("item", draft, f"?item={item.pk}"), data)
    assert response.status_code == 302, main_of(response.content.decode())
    item.refresh_from_db()
    assert item.text == "Reworded." and item.points == {"yes": 2} and item.tags == ["missing", "runaway"]
    assert item.source == {"seed": "003_960e6c1bdefe39dc.txt", "section": "Indicators"}
    draft.refresh_from_db()
    first = draft.content["sections"][0]["items"][0]
    assert (
        first["text"] == "Reworded."
        and first["phrasing"] == "In your words?"
        and first["points"] == {"yes": 2}
    )


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"code": "T1 MT 01"}, "Use letters and digits"),
        ({"text": " "}, "This field is required."),
        ({"kind": "rumour"}, "Select a valid choice."),
        ({"scale": "no_such_scale"}, "Select a valid choice."),
        ({"points__yes_no_unknown__yes": "-1"}, "Enter a number of points from 0 to 1000."),
        ({"points__yes_no_unknown__yes": "NaN"}, "Enter a number of points from 0 to 1000."),
        ({"tags": "Not A Tag"}, "use lowercase letters"),
        ({"fact": "Bad Fact"}, "Use lowercase letters"),
        ({"source_seed": "", "source_section": "", "source_citation": ""}, "Say where the item comes from"),
        (
            {"source_seed": "004_b032ca5479b31c56.txt", "source_section": ""},
            "Name the section of the document",
        ),
        ({"source_seed": "../../etc/passwd"}, "Select a valid choice."),
        ({"section": "999999999"}, "Select a valid choice."),
        ({"min_age": "31"}, "Enter an age in whole years from 0 to 30."),
    ],
)
def test_a_bad_item_says_why_and_saves_nothing(studio, draft, bad, message):
    item = draft.items.order_by("section__position", "position").first()
    before = unchanged(draft)
    response = studio.post(url("item", draft, f"?item={item.pk}"), item_data(draft, item, **bad))
    assert response.status_code == 400
    assert message in main_of(response.content.decode())
    assert unchanged(draft) == before


def test_a_duplicate_item_code_is_refused(studio, draft):
    first, second = draft.items.order_by("section__position", "position")[:2]
    before = unchanged(draft)
    response = studio.post(
        url("item", draft, f"?item={second.pk}"), item_data(draft, second, code=first.code)
    )
    assert response.status_code == 400
    assert "Another item of this draft has this code." in response.content.decode()
    assert unchanged(draft) == before


def test_an_item_a_rule_names_is_not_deleted(studio, draft):
    """Deleting an item a rule's condition names would break the draft: refused, with why."""
    codes = list(Item.objects.filter(version=draft).values_list("code", flat=True))
    named = next(
        code for rule in draft.content["rules"] for code in codes if f"'{code}'" in str(rule["when"])
    )
    item = draft.items.get(code=named)
    before = unchanged(draft)
    response = studio.post(url("item_delete", draft, f"?item={item.pk}"), {"token": token(draft)})
    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()
    assert unchanged(draft) == before


def test_an_item_is_added_to_a_section_and_deleted(studio, draft):
    section = draft.sections.order_by("position").last()
    data = {
        "token": token(draft),
        "section": section.pk,
        "code": "T1-ADD-01",
        "text": "Something new.",
        "text_es": "Algo nuevo.",
        "kind": "risk_factor",
        "trafficking_type": "vulnerability",
        "scale": "yes_no_unknown",
        "source_citation": "A study",
    }
    assert studio.post(url("item", draft, f"?section={section.pk}"), data).status_code == 302
    item = draft.items.get(code="T1-ADD-01")
    assert item.section == section and item.source == {"citation": "A study"} and item.points is None
    assert (
        studio.post(url("item_delete", draft, f"?item={item.pk}"), {"token": token(draft)}).status_code == 302
    )
    assert not Item.objects.filter(pk=item.pk).exists()


def test_a_row_of_another_version_is_404(studio, library, draft):
    other = library.tier2.items.first()
    assert studio.get(url("item", draft, f"?item={other.pk}")).status_code == 404
    assert studio.get(url("item", draft, "?item=abc")).status_code == 404
    assert studio.get(url("item", draft)).status_code == 404


# --------------------------------------------------------------------------- answer scales


def test_a_scale_is_renamed_and_its_items_follow(studio, draft):
    data = {
        "token": token(draft),
        "name": "yes_no_dunno",
        "description": "",
        "value_0": "yes",
        "label_0": "Yes",
        "value_1": "no",
        "label_1": "No",
        "value_2": "unknown",
        "label_2": "Don't know",
        "label_es_0": "Sí",
        "label_es_1": "No",
        "label_es_2": "No sabe",
    }
    response = studio.post(url("scale", draft, "?scale=yes_no_unknown"), data)
    assert response.status_code == 302, main_of(response.content.decode())
    draft.refresh_from_db()
    assert list(draft.answer_scales) == ["yes_no_dunno"]
    assert draft.answer_scales["yes_no_dunno"]["options"][2] == {"value": "unknown", "label": "Don't know"}
    assert set(draft.items.values_list("scale", flat=True)) == {"yes_no_dunno"}


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"name": "Yes No"}, "Use lowercase letters, digits and underscores"),
        ({"value_1": "yes"}, "Each answer of a scale has its own value."),
        ({"label_1": ""}, "Give each answer a value and a label."),
        (
            {"value_0": "", "label_0": "", "value_1": "", "label_1": "", "value_2": "", "label_2": ""},
            "at least one",
        ),
        # The items give points for "yes": a scale without it would break them.
        ({"value_0": "si"}, "Nothing was saved"),
    ],
)
def test_a_bad_scale_says_why_and_saves_nothing(studio, draft, bad, message):
    before = unchanged(draft)
    data = {
        "token": token(draft),
        "name": "yes_no_unknown",
        "value_0": "yes",
        "label_0": "Yes",
        "value_1": "no",
        "label_1": "No",
        "value_2": "unknown",
        "label_2": "Unknown",
        "label_es_0": "Sí",
        "label_es_1": "No",
        "label_es_2": "No se sabe",
        **bad,
    }
    response = studio.post(url("scale", draft, "?scale=yes_no_unknown"), data)
    assert response.status_code == 400
    assert message in main_of(response.content.decode())
    assert unchanged(draft) == before


def test_a_scale_in_use_is_not_deleted(studio, draft):
    before = unchanged(draft)
    response = studio.post(url("scale_delete", draft, "?scale=yes_no_unknown"), {"token": token(draft)})
    assert response.status_code == 400
    assert unchanged(draft) == before
    assert studio.get(url("scale", draft, "?scale=nothing")).status_code == 404


# --------------------------------------------------------------------------- guidance actions


def test_a_guidance_action_is_added_with_contacts(studio, draft):
    data = {
        "token": token(draft),
        "code": "call-the-mentor",
        "title": "Call the mentor",
        "description": "Ask the youth's mentor to visit this week.",
        "priority": "routine",
        "deadline": "",
        "mandatory": "on",
        "continues_screening": "yes",
        "contact_name_0": "Mentor line",
        "contact_phone_0": "555-0100",
        "title_es": "Llamar al mentor",
        "description_es": "Pida al mentor del joven que lo visite esta semana.",
        "contact_name_es_0": "Línea del mentor",
    }
    response = studio.post(url("guidance", draft), data)
    assert response.status_code == 302, main_of(response.content.decode())
    action = draft.guidance.get(code="call-the-mentor")
    assert action.contacts == [{"name": "Mentor line", "phone": "555-0100"}]
    assert action.mandatory is True and action.continues_screening is True and action.deadline is None
    draft.refresh_from_db()
    assert draft.content["guidance"][-1]["code"] == "call-the-mentor"


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"code": "Call Mentor"}, "Use lowercase letters"),
        ({"code": "call-911"}, "Another guidance action of this draft has this code."),
        ({"priority": "whenever"}, "Select a valid choice."),
        ({"deadline": "72"}, "Select a valid choice."),
        ({"contact_name_0": "", "contact_phone_0": "555"}, "Give the contact a name."),
        ({"description": ""}, "This field is required."),
    ],
)
def test_a_bad_guidance_action_says_why_and_saves_nothing(studio, draft, bad, message):
    before = unchanged(draft)
    data = {
        "token": token(draft),
        "code": "call-the-mentor",
        "title": "Call the mentor",
        "description": "Ask the mentor.",
        "priority": "routine",
        **bad,
    }
    response = studio.post(url("guidance", draft), data)
    assert response.status_code == 400
    assert message in main_of(response.content.decode())
    assert unchanged(draft) == before


def test_a_guidance_action_a_rule_calls_for_is_not_deleted(studio, draft):
    called = {code for rule in draft.content["rules"] for code in rule.get("guidance") or []}
    action = GuidanceAction.objects.filter(version=draft, code__in=called).first()
    before = unchanged(draft)
    response = studio.post(url("guidance_delete", draft, f"?action={action.pk}"), {"token": token(draft)})
    assert response.status_code == 400
    assert unchanged(draft) == before
