"""Hostile input on every form of the draft editor (read from its pages, as the screening fuzz test
does): never a server error, and a refused post writes nothing."""

from indicators import lifecycle
from tests.screening.test_fuzz import forms_on, fuzz_form

from .conftest import library

__all__ = ["library"]  # the fixture


def test_every_editor_form_survives_hostile_input(studio, instrument_admin, library):
    draft = lifecycle.new_draft_from(library.tier1, instrument_admin, change_note="Fuzzed")
    section = draft.sections.order_by("position").first()
    item = section.items.order_by("position").first()
    action = draft.guidance.order_by("position").first()
    base = f"/studio/versions/{draft.pk}"
    pages = [
        f"/studio/versions/{library.tier1.pk}/new-draft/",
        f"{base}/edit/",
        f"{base}/edit/section/?section={section.pk}",
        f"{base}/edit/item/?item={item.pk}",
        f"{base}/edit/scale/?scale=yes_no_unknown",
        f"{base}/edit/guidance/?action={action.pk}",
        f"{base}/edit/item/delete/?item={item.pk}",
    ]
    forms = forms_on(studio, pages)
    posts = {f["action"] for f in forms if f["method"] == "post"}
    assert {f"{base}/edit/move/", f"{base}/edit/order/", f"{base}/edit/item/?item={item.pk}"} <= posts
    for form in forms:
        fuzz_form(studio, form)
