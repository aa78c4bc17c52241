"""A version's vignettes in the studio (/studio/versions/<pk>/vignettes/...): the list, one
vignette, "Run all" with the rules that fired for a failure; on a draft, add, edit, delete and
"Save these answers as a vignette" from the try panel. Every write refreshes the draft's content
and checksum and is audited; a published version's vignettes are read-only."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent
from indicators import lifecycle
from indicators.checksum import content_checksum
from indicators.content import export_content
from indicators.models import InstrumentVersion
from tests.rows import row_counts
from tests.screening.conftest import T1_INDICATOR_A, T1_INDICATOR_B, T2_DISCLOSURE

from .conftest import OTHERS, main_of


@pytest.fixture
def draft(library, instrument_admin):
    return lifecycle.new_draft_from(library.tier1, instrument_admin)


def url(name, version, vignette=None):
    kwargs = {"pk": version.pk}
    if vignette is not None:
        kwargs["vignette"] = vignette
    return reverse(f"studio:{name}", kwargs=kwargs)


def form_data(**overrides):
    data = {
        "vignette_id": "two-indicators",
        "description": "Two indicators marked Yes: possible concern.",
        "age": "15",
        "context": "general",
        "expected_level": "possible",
        "check_flags": "on",
        "expected_flags": ["tier2_recommended"],
        f"a_{T1_INDICATOR_A}": "yes",
        f"a_{T1_INDICATOR_B}": "yes",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def audit_events(version):
    return AuditEvent.objects.filter(object_id=str(version.pk), object_type="indicators.instrumentversion")


# --------------------------------------------------------------------------- read


def test_the_list_shows_each_vignette_with_what_it_expects(studio, library):
    response = studio.get(url("vignettes", library.tier1))
    assert response.status_code == 200
    page = main_of(response.content.decode())
    vignettes = library.tier1.content["vignettes"]
    for v in vignettes:
        assert f'data-vignette="{v["id"]}"' in page
    first = vignettes[0]
    assert reverse("studio:vignette", kwargs={"pk": library.tier1.pk, "vignette": first["id"]}) in page
    # Published: read-only, but it can be run.
    assert "Add a vignette" not in page and "Run all" in page


def test_one_vignette_shows_its_answers_in_words(studio, library):
    vignette = library.tier1.content["vignettes"][0]
    response = studio.get(url("vignette", library.tier1, vignette["id"]))
    assert response.status_code == 200
    page = main_of(response.content.decode())
    assert vignette["id"] in page and "Edit" not in page
    code = next(iter(vignette["answers"]))
    assert code in page


def test_a_vignette_that_does_not_exist_is_404(studio, library):
    assert studio.get(url("vignette", library.tier1, "no-such-vignette")).status_code == 404


def test_the_list_reads_a_fixed_number_of_queries(studio, library, draft):
    def queries(version):
        with CaptureQueriesContext(connection) as captured:
            assert studio.get(url("vignettes", version)).status_code == 200
        return len(captured)

    few = queries(draft)
    draft.vignettes = draft.vignettes * 1 + [dict(v, id=f"{v['id']}-copy") for v in draft.vignettes]
    draft.save(update_fields=["vignettes"])
    assert queries(draft) == few <= 14  # the vignettes are one column, not a query each
    assert queries(library.tier1) <= 14


# --------------------------------------------------------------------------- run all


def test_run_all_passes_every_vignette_of_a_published_version(studio, library):
    for version in (library.tier1, library.tier2):
        response = studio.post(url("vignettes_run", version))
        assert response.status_code == 200
        page = main_of(response.content.decode())
        total = len(version.content["vignettes"])
        assert f'data-run-summary="{total}/0"' in page
        assert "data-failed" not in page
        event = audit_events(version).latest("pk")
        assert event.detail["event"] == "vignettes_run" and event.detail["failed"] == 0


def test_a_failing_vignette_names_the_rules_that_fired_against_what_it_expected(studio, draft):
    # The draft expects "none" of two indicators: the engine says "possible" and names its rules.
    studio.post(url("vignette_add", draft), form_data(expected_level="none", expected_flags=[]))
    response = studio.post(url("vignettes_run", draft))
    page = main_of(response.content.decode())
    assert 'data-failed="two-indicators"' in page
    failure = page[page.index('data-failed="two-indicators"') :]
    failure = failure[: failure.index("</section>")]
    assert "No concern indicated" in failure and "Possible concern" in failure  # expected vs given
    assert "tier2_recommended" in failure  # raised, not expected
    assert "data-fired=" in failure
    assert audit_events(draft).latest("pk").detail["failing"] == ["two-indicators"]


# --------------------------------------------------------------------------- writes on a draft


def test_adding_a_vignette_refreshes_the_drafts_content_and_is_audited(studio, draft):
    before = draft.checksum
    response = studio.post(url("vignette_add", draft), form_data())
    assert response.status_code == 302
    draft.refresh_from_db()
    added = draft.vignettes[-1]
    assert added["id"] == "two-indicators"
    assert added["answers"] == {T1_INDICATOR_A: "yes", T1_INDICATOR_B: "yes"}
    assert added["expected_flags"] == ["tier2_recommended"] and added["age"] == 15
    assert draft.content["vignettes"][-1] == added
    assert draft.checksum != before and draft.checksum == content_checksum(export_content(draft))
    event = audit_events(draft).latest("pk")
    assert event.detail["event"] == "vignette_added" and event.user == draft.created_by
    # It passes: run all says so.
    page = studio.post(url("vignettes_run", draft)).content.decode()
    assert "data-failed" not in page


def test_editing_keeps_what_the_form_does_not_show(studio, draft):
    vignette = draft.vignettes[0]
    response = studio.get(url("vignette_edit", draft, vignette["id"]))
    assert response.status_code == 200
    studio.post(url("vignette_add", draft), form_data())
    draft.refresh_from_db()
    changed = form_data(description="Changed description.", expected_level="possible")
    response = studio.post(url("vignette_edit", draft, "two-indicators"), changed)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.vignettes[-1]["description"] == "Changed description."
    assert audit_events(draft).latest("pk").detail["event"] == "vignette_changed"
    kept = draft.vignettes[0]
    assert kept == vignette  # the others untouched


def test_deleting_a_vignette(studio, draft):
    first = draft.vignettes[0]["id"]
    count = len(draft.vignettes)
    assert studio.post(url("vignette_delete", draft, first)).status_code == 400  # not confirmed
    draft.refresh_from_db()
    assert len(draft.vignettes) == count
    response = studio.post(url("vignette_delete", draft, first), {"confirm": "yes"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert len(draft.vignettes) == count - 1 and first not in {v["id"] for v in draft.vignettes}
    assert draft.content.get("vignettes", []) == draft.vignettes
    assert audit_events(draft).latest("pk").detail == {
        "event": "vignette_deleted",
        "vignette": first,
        "checksum": draft.checksum,
    }


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"vignette_id": ""}, "Give the vignette an id."),
        ({"vignette_id": "Has Spaces"}, "Use lowercase letters"),
        ({"vignette_id": "new"}, "choose another id"),
        ({"description": ""}, "Describe the vignette"),
        ({"age": "200"}, "from 0 to 30"),
        ({"age": "x"}, "from 0 to 30"),
        ({"expected_level": "maybe"}, "Select a valid choice"),
        ({f"a_{T1_INDICATOR_A}": "perhaps"}, "Choose an answer on this item"),
        ({f"a_{T1_INDICATOR_A}": None, f"a_{T1_INDICATOR_B}": None}, "Answer at least one item"),
        ({"context": "mars"}, "Select a valid choice"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(studio, draft, overrides, message):
    before = row_counts()
    checksum = draft.checksum
    response = studio.post(url("vignette_add", draft), form_data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    draft.refresh_from_db()
    assert draft.checksum == checksum and row_counts() == before


def test_an_empty_post_marks_what_is_missing(studio, draft):
    before = row_counts()
    response = studio.post(url("vignette_add", draft), {})
    assert response.status_code == 400
    assert "Give the vignette an id." in response.content.decode()
    assert row_counts() == before


def test_an_id_the_draft_already_has_is_refused(studio, draft):
    taken = draft.vignettes[0]["id"]
    before = row_counts()
    response = studio.post(url("vignette_add", draft), form_data(vignette_id=taken))
    assert response.status_code == 400
    assert "already has a vignette with this id" in response.content.decode()
    assert row_counts() == before


def test_answers_the_schema_refuses_are_named(studio, draft):
    # A labor item answered at age 8 (the labor section is for ages 10 and over).
    labor = next(s for s in draft.content["sections"] if s["code"] == "labor-exploitation")
    code = labor["items"][0]["code"]
    before = row_counts()
    response = studio.post(url("vignette_add", draft), form_data(age="8", **{f"a_{code}": "yes"}))
    assert response.status_code == 400
    assert "is not shown at age 8" in response.content.decode()
    assert row_counts() == before


def test_a_published_versions_vignettes_never_change(studio, library):
    version = library.tier1
    first = version.content["vignettes"][0]["id"]
    before = row_counts()
    for response in (
        studio.get(url("vignette_add", version)),
        studio.post(url("vignette_add", version), form_data()),
        studio.post(url("vignette_edit", version, first), form_data()),
        studio.post(url("vignette_delete", version, first), {"confirm": "yes"}),
        studio.post(url("vignette_from_try", version), {"context": "general", "age": 15, "language": "en"}),
    ):
        assert response.status_code == 409
        assert "its vignettes never change" in response.content.decode()
    version.refresh_from_db()
    assert row_counts() == before


# --------------------------------------------------------------------------- save from the try panel


def test_the_try_panel_offers_to_save_the_answers_on_a_draft_only(studio, library, draft):
    data = {"context": "general", "age": 15, "language": "en", "version": 1, f"a_{T1_INDICATOR_A}": "yes"}
    page = studio.post(reverse("studio:try", kwargs={"pk": draft.pk}), data, HTTP_HX_REQUEST="true")
    assert url("vignette_from_try", draft) in page.content.decode()
    page = studio.post(reverse("studio:try", kwargs={"pk": library.tier1.pk}), data, HTTP_HX_REQUEST="true")
    assert "Save these answers as a vignette" not in page.content.decode()


def test_save_from_try_proposes_the_outcome_seen_then_saves_the_named_vignette(studio, draft):
    tried = {"context": "general", "age": 15, "language": "en", "version": 1}
    tried.update({f"a_{T1_INDICATOR_A}": "yes", f"a_{T1_INDICATOR_B}": "yes"})
    before = row_counts()
    response = studio.post(url("vignette_from_try", draft), tried)
    assert response.status_code == 200 and row_counts() == before  # a form, nothing written yet
    page = main_of(response.content.decode())
    assert 'value="possible" selected' in page  # the level seen, proposed as the expected one
    assert re.search(r'name="expected_flags" value="tier2_recommended"[^>]*checked', page)
    assert re.search(
        rf'name="a_{T1_INDICATOR_A}"[^>]*>\s*<option value="">[^<]*</option>\s*<option value="yes" selected>',
        page,
    )
    # The administrator names and describes it, and saves.
    saved = form_data(vignette_id="from-the-try-panel", description="Tried in the studio.")
    assert studio.post(url("vignette_add", draft), saved).status_code == 302
    draft.refresh_from_db()
    assert draft.vignettes[-1]["id"] == "from-the-try-panel"


def test_save_from_try_with_nothing_answered_is_refused(studio, draft):
    response = studio.post(
        url("vignette_from_try", draft), {"context": "general", "age": 15, "language": "en", "version": 1}
    )
    assert response.status_code == 400
    assert "answer at least one item first" in response.content.decode()


def test_a_tier2_draft_keeps_what_the_earlier_tier_established(studio, library, instrument_admin):
    draft = lifecycle.new_draft_from(library.tier2, instrument_admin)
    established = next(
        i["code"] for s in draft.content["sections"] for i in s["items"] if i.get("established_by")
    )
    tried = {"context": "return_from_missing", "age": 16, "language": "en", "version": 1}
    tried.update({"established": [established], f"a_{T2_DISCLOSURE}": "yes"})
    response = studio.post(url("vignette_from_try", draft), tried)
    assert response.status_code == 200
    page = main_of(response.content.decode())
    assert re.search(rf'name="established" value="{established}"[^>]*checked', page)


# --------------------------------------------------------------------------- who


@pytest.mark.parametrize("persona", OTHERS, indirect=True)
def test_everyone_else_gets_404_and_nothing_is_written(client, persona, library, draft):
    client.force_login(persona)
    before = row_counts(skip=set())
    first = draft.vignettes[0]["id"]
    assert client.get(url("vignettes", draft)).status_code == 404
    assert client.get(url("vignette", draft, first)).status_code == 404
    assert client.post(url("vignettes_run", draft)).status_code == 404
    assert client.post(url("vignette_add", draft), form_data()).status_code == 404
    assert client.post(url("vignette_edit", draft, first), form_data()).status_code == 404
    assert client.post(url("vignette_delete", draft, first), {"confirm": "yes"}).status_code == 404
    assert client.post(url("vignette_from_try", draft), {"a_x": "yes"}).status_code == 404
    assert row_counts(skip=set()) == before


def test_anonymous_is_sent_to_log_in(client, draft):
    first = draft.vignettes[0]["id"]
    login = reverse("accounts:login")
    for response in (
        client.get(url("vignettes", draft)),
        client.get(url("vignette", draft, first)),
        client.post(url("vignette_add", draft), form_data()),
        client.post(url("vignette_delete", draft, first), {"confirm": "yes"}),
    ):
        assert response.status_code == 302 and response["Location"].startswith(login + "?next=")
    assert InstrumentVersion.objects.get(pk=draft.pk).vignettes == draft.vignettes
