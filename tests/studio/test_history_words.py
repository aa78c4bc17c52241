"""The version page's history reads whole in the reader's language (issue 18, item 7): every
studio write (the draft editor, the rule builder, publication) names its kind in its audit event,
so its words are the reader's, in English and in Spanish, while the event keeps the summary its
author's language wrote."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from accounts import roles
from accounts.models import AuditEvent
from indicators import lifecycle
from indicators.library import VERSION_TYPE
from studio import rule_form, rule_services
from studio.history import EVENT_WORDS, HISTORY_PER_PAGE, describe
from studio.models import PublicationRequest
from tests import factories

from .conftest import main_of
from .test_editor_rows import item_data, token
from .test_rules import NEW_RULE, advanced_pairs, form_pairs, post, rule_of
from .test_rules import url as rule_url


@pytest.fixture
def spanish_words():
    """The app's own Spanish catalogue (locale/es), as the pages are served with it."""


@pytest.fixture
def draft(library, instrument_admin):
    return lifecycle.new_draft_from(library.tier1, instrument_admin, change_note="Edits")


def url(name, version, query=""):
    return reverse(f"studio:{name}", kwargs={"pk": version.pk}) + query


def events_of(version):
    return AuditEvent.objects.filter(object_type=VERSION_TYPE, object_id=str(version.pk))


def latest(version):
    return events_of(version).latest("pk")


def words(event, language):
    with translation.override(language):
        return describe(event)


def ok(response):
    assert response.status_code == 302, main_of(response.content.decode())


def edit_everything(studio, draft):
    """Every kind of the editor's and the rule builder's writes, through their pages; returns
    {kind: the event it made}."""
    made = {}

    def did(kind, response):
        ok(response)
        event = latest(draft)
        assert event.detail.get("event") == kind, (kind, event.summary)
        made[kind] = event

    did(
        "fields_changed",
        studio.post(
            url("edit_version", draft),
            {"token": token(draft), "format": "2", "change_note": "Shorter.", "min_age": "", "max_age": ""},
        ),
    )
    did(
        "section_added",
        studio.post(
            url("section", draft),
            {"token": token(draft), "code": "s-new", "title": "New", "title_es": "Nueva"},
        ),
    )
    section = draft.sections.get(code="s-new")
    did(
        "section_changed",
        studio.post(
            url("section", draft, f"?section={section.pk}"),
            {"token": token(draft), "code": "s-new", "title": "Renamed", "title_es": "Otra"},
        ),
    )
    item_fields = {
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
    did("item_added", studio.post(url("item", draft, f"?section={section.pk}"), item_fields))
    item = draft.items.get(code="T1-ADD-01")
    draft.refresh_from_db()
    did(
        "item_changed",
        studio.post(url("item", draft, f"?item={item.pk}"), item_data(draft, item, text="Changed.")),
    )
    did(
        "moved_up",
        studio.post(
            url("move", draft),
            {"token": token(draft), "kind": "section", "id": section.pk, "direction": "up"},
        ),
    )
    did(
        "moved_down",
        studio.post(
            url("move", draft),
            {"token": token(draft), "kind": "section", "id": section.pk, "direction": "down"},
        ),
    )
    for kind, rows in (
        ("section", draft.sections.order_by("position", "id")),
        ("item", draft.sections.order_by("position", "id").first().items.order_by("position", "id")),
        ("guidance", draft.guidance.order_by("position", "id")),
    ):
        ids = ",".join(str(pk) for pk in reversed(rows.values_list("pk", flat=True)))
        event_kind = "guidance_reordered" if kind == "guidance" else f"{kind}s_reordered"
        did(
            event_kind,
            studio.post(url("reorder", draft), {"token": token(draft), "kind": kind, "order": ids}),
        )
    did("item_deleted", studio.post(url("item_delete", draft, f"?item={item.pk}"), {"token": token(draft)}))
    did(
        "section_deleted",
        studio.post(url("section_delete", draft, f"?section={section.pk}"), {"token": token(draft)}),
    )
    scale = {
        "token": token(draft),
        "name": "agree",
        "value_0": "yes",
        "label_0": "Agree",
        "label_es_0": "De acuerdo",
        "value_1": "no",
        "label_1": "Disagree",
        "label_es_1": "En desacuerdo",
    }
    did("scale_added", studio.post(url("scale", draft), scale))
    did(
        "scale_changed",
        studio.post(url("scale", draft, "?scale=agree"), {**scale, "token": token(draft), "label_0": "Yes"}),
    )
    did("scale_deleted", studio.post(url("scale_delete", draft, "?scale=agree"), {"token": token(draft)}))
    action = {
        "token": token(draft),
        "code": "call-the-mentor",
        "title": "Call the mentor",
        "description": "Ask the mentor.",
        "title_es": "Llamar al mentor",
        "description_es": "Pida ayuda al mentor.",
        "priority": "routine",
    }
    did("guidance_added", studio.post(url("guidance", draft), action))
    row = draft.guidance.get(code="call-the-mentor")
    did(
        "guidance_changed",
        studio.post(
            url("guidance", draft, f"?action={row.pk}"), {**action, "token": token(draft), "title": "Call"}
        ),
    )
    did(
        "guidance_deleted",
        studio.post(url("guidance_delete", draft, f"?action={row.pk}"), {"token": token(draft)}),
    )

    did("rule_added", post(studio, rule_url("rule_advanced_new", draft), advanced_pairs(NEW_RULE)))
    rule = rule_of(draft, NEW_RULE["id"])
    draft.refresh_from_db()
    seen = rule_services.fingerprint(rule, draft.content)
    reasons = rule_form.reasons_of(draft.content, rule.rule_id)
    changed = dict(NEW_RULE, reason="Changed reason.")
    did(
        "rule_changed",
        post(studio, rule_url("rule_edit", draft, rule), form_pairs(changed, reasons=reasons, seen=seen)),
    )
    did("rule_moved_up", post(studio, rule_url("rule_move", draft, rule), [("direction", "up")]))
    did("rule_moved_down", post(studio, rule_url("rule_move", draft, rule), [("direction", "down")]))
    draft.refresh_from_db()
    seen = rule_services.fingerprint(rule_of(draft, NEW_RULE["id"]), draft.content)
    did("rule_deleted", post(studio, rule_url("rule_delete", draft, rule), [("seen", seen)]))
    return made


CODE = NEW_RULE["id"]
EDITS = {
    "fields_changed": ("The draft's own fields changed", "Se cambiaron los campos propios del borrador"),
    "section_added": ("Section s-new added", "Sección s-new agregada"),
    "section_changed": ("Section s-new changed", "Sección s-new cambiada"),
    "section_deleted": ("Section s-new deleted", "Sección s-new eliminada"),
    "item_added": ("Item T1-ADD-01 added", "Ítem T1-ADD-01 agregado"),
    "item_changed": ("Item T1-ADD-01 changed", "Ítem T1-ADD-01 cambiado"),
    "item_deleted": ("Item T1-ADD-01 deleted", "Ítem T1-ADD-01 eliminado"),
    "moved_up": ("s-new moved up", "s-new subido un lugar"),
    "moved_down": ("s-new moved down", "s-new bajado un lugar"),
    "sections_reordered": ("Sections put in a new order", "Secciones puestas en un nuevo orden"),
    "items_reordered": (
        "Items of a section put in a new order",
        "Ítems de una sección puestos en un nuevo orden",
    ),
    "guidance_reordered": (
        "Guidance actions put in a new order",
        "Acciones de seguimiento puestas en un nuevo orden",
    ),
    "scale_added": ("Answer scale agree added", "Escala de respuesta agree agregada"),
    "scale_changed": ("Answer scale agree changed", "Escala de respuesta agree cambiada"),
    "scale_deleted": ("Answer scale agree deleted", "Escala de respuesta agree eliminada"),
    "guidance_added": (
        "Guidance action call-the-mentor added",
        "Acción de seguimiento call-the-mentor agregada",
    ),
    "guidance_changed": (
        "Guidance action call-the-mentor changed",
        "Acción de seguimiento call-the-mentor cambiada",
    ),
    "guidance_deleted": (
        "Guidance action call-the-mentor deleted",
        "Acción de seguimiento call-the-mentor eliminada",
    ),
    "rule_added": (f"Rule {CODE} added", f"Regla {CODE} agregada"),
    "rule_changed": (f"Rule {CODE} changed", f"Regla {CODE} cambiada"),
    "rule_moved_up": (f"Rule {CODE} moved up", f"Regla {CODE} subida un lugar"),
    "rule_moved_down": (f"Rule {CODE} moved down", f"Regla {CODE} bajada un lugar"),
    "rule_deleted": (f"Rule {CODE} deleted", f"Regla {CODE} eliminada"),
}


def test_every_edit_reads_in_english_and_in_spanish(studio, draft, spanish_words):
    made = edit_everything(studio, draft)
    assert set(made) == set(EDITS)
    for kind, (english, spanish) in EDITS.items():
        assert words(made[kind], "en") == english, kind
        assert words(made[kind], "es") == spanish, kind
        assert made[kind].summary != spanish  # the event keeps what its author's language wrote


def test_the_version_page_shows_the_edits_in_order_and_paged(studio, draft, instrument_admin):
    for note in ("One.", "Two.", "Three."):
        fields = {"token": token(draft), "format": "2", "change_note": note, "min_age": "", "max_age": ""}
        ok(studio.post(url("edit_version", draft), fields))
    edit_everything(studio, draft)
    assert events_of(draft).count() > HISTORY_PER_PAGE
    first = main_of(studio.get(url("version", draft)).content.decode())
    history = first[first.index('id="history-heading"') :]
    # Newest first: the rule builder's last steps, then the editor's.
    order = [
        "rule_deleted",
        "rule_moved_down",
        "rule_moved_up",
        "rule_changed",
        "rule_added",
        "guidance_deleted",
    ]
    positions = [history.index(EDITS[kind][0]) for kind in order]
    assert positions == sorted(positions)
    assert "?page=2" in history and "New draft from version" not in history
    second = main_of(studio.get(url("version", draft, "?page=2")).content.decode())
    assert "New draft from version" in second and EDITS["rule_deleted"][0] not in second


def test_the_spanish_reader_reads_the_page_in_spanish(studio, draft, instrument_admin, spanish_words):
    ok(
        studio.post(
            url("section", draft),
            {"token": token(draft), "code": "s-new", "title": "New", "title_es": "Nueva"},
        )
    )
    instrument_admin.language = "es"
    instrument_admin.save(update_fields=["language"])
    page = main_of(studio.get(url("version", draft)).content.decode())
    assert "Sección s-new agregada" in page and "Section s-new saved in the studio" not in page


def test_a_deleted_draft_reads_in_both_languages(studio, draft, spanish_words):
    ok(studio.post(url("delete_draft", draft), {"token": token(draft)}))
    event = events_of(draft).get(action=AuditEvent.Action.DELETED)
    assert event.detail["event"] == "draft_deleted"
    assert words(event, "en") == f"Draft {draft.number} deleted"
    assert words(event, "es") == f"Borrador {draft.number} eliminado"


# --------------------------------------------------------------------------- publication


@pytest.fixture
def second(client, instrument_admin):
    other = Client()
    other.force_login(factories.UserFactory(username="adaeze", roles=[roles.INSTRUMENT_ADMIN]))
    return other


def asked():
    return {"confirm": "publish", "change_note": "Fewer words.", "justification": ""}


def open_request(draft):
    return PublicationRequest.objects.get(version=draft, status="requested")


PUBLICATION = {
    "publication_requested": ("Publication requested", "Publicación solicitada"),
    "publication_sent_back": (
        "Publication sent back to its author",
        "Publicación devuelta a quien la solicitó",
    ),
    "publication_withdrawn": ("Publication request withdrawn", "Solicitud de publicación retirada"),
    "publication_approved": ("Publication approved", "Publicación aprobada"),
}


def test_every_publication_step_reads_in_english_and_in_spanish(studio, second, draft, spanish_words):
    publication = url("publication", draft)
    made = {}
    ok(studio.post(url("publish", draft), asked()))
    made["publication_requested"] = latest(draft)
    ok(second.post(publication, {"decision": "refuse", "request": open_request(draft).pk, "comment": "No."}))
    made["publication_sent_back"] = latest(draft)
    ok(studio.post(url("publish", draft), asked()))
    ok(studio.post(publication, {"decision": "withdraw", "request": open_request(draft).pk}))
    made["publication_withdrawn"] = latest(draft)
    ok(studio.post(url("publish", draft), asked()))
    ok(second.post(publication, {"decision": "approve", "request": open_request(draft).pk}))
    made["publication_approved"] = latest(draft)
    published = events_of(draft).filter(detail__status="published").get()
    ok(studio.post(url("retire", draft), {"confirm": "retire"}))
    retired = events_of(draft).filter(detail__status="retired").get()
    for kind, (english, spanish) in PUBLICATION.items():
        assert made[kind].detail["event"] == kind
        assert (words(made[kind], "en"), words(made[kind], "es")) == (english, spanish), kind
    assert (words(published, "en"), words(published, "es")) == ("Published", "Publicada")
    assert (words(retired, "en"), words(retired, "es")) == ("Retired", "Retirada")


@override_settings(STUDIO_PUBLICATION_NEEDS_APPROVAL=False)
def test_publishing_at_once_reads_in_both_languages(studio, draft, spanish_words):
    ok(studio.post(url("publish", draft), asked()))
    event = events_of(draft).get(detail__event="published_at_once")
    assert words(event, "en") == "Published without a second approval"
    assert words(event, "es") == "Publicada sin una segunda aprobación"


def test_every_kind_made_here_has_its_words():
    kinds = set(EDITS) | set(PUBLICATION) | {"draft_deleted", "published_at_once"}
    assert kinds <= set(EVENT_WORDS)
