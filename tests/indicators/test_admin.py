"""The instrument library in the admin site: who reaches it, read-only published versions,
drafts edited and audited, and the version tools (new draft, publish, retire, compare, export)."""

import json
import re

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from indicators import lifecycle
from indicators.checksum import content_checksum
from indicators.comparison import compare
from indicators.models import InstrumentVersion

from .conftest import TIER1_FILE, read, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def ines(instrument_admin):
    """The instrument administrator, as seed_demo makes them: staff, in the group."""
    instrument_admin.is_staff = True
    instrument_admin.save()
    return instrument_admin


def change_url(obj):
    return reverse(f"admin:indicators_{obj._meta.model_name}_change", args=[obj.pk])


def tool_url(name, version):
    return reverse(f"admin:indicators_instrumentversion_{name}", args=[version.pk])


def form_data(response):
    """The POST data of an admin change form as the browser would send it, unchanged."""
    data = {}

    def add(form):
        for name, field in form.fields.items():
            if field.disabled:
                continue
            value = form[name].value()
            key = form.add_prefix(name)
            if getattr(field.widget, "input_type", None) == "checkbox":
                if value:
                    data[key] = "on"
            elif value is None:
                data[key] = ""
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            else:
                data[key] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for form in formset.forms:
            add(form)
    return data


# --------------------------------------------------------------------------- who reaches it

ADMIN_PAGES = [
    "/admin/indicators/",
    "/admin/indicators/instrument/",
    "/admin/indicators/instrumentversion/",
    "/admin/indicators/jurisdiction/",
    "/admin/indicators/section/",
    "{version}",
    "{section}",
    "{compare}",
]


def _pages(version):
    section = version.sections.first()
    return [
        p.format(
            version=change_url(version), section=change_url(section), compare=tool_url("compare", version)
        )
        for p in ADMIN_PAGES
    ]


def test_the_instrument_administrator_reaches_every_page(client, ines, draft):
    client.force_login(ines)
    for page in _pages(draft):
        assert client.get(page).status_code == 200, page
    assert client.get(tool_url("export", draft)).status_code == 200
    assert client.get(tool_url("publish", draft)).status_code == 200
    assert client.get(tool_url("new_draft", draft)).status_code == 200


def test_the_system_administrator_reaches_it_too(client, admin_user, draft):
    client.force_login(admin_user)
    for page in _pages(draft):
        assert client.get(page).status_code == 200, page


@pytest.mark.parametrize("persona", ["caseworker", "supervisor"], indirect=True)
def test_caseworkers_and_supervisors_are_sent_to_the_admin_login(client, persona, draft):
    client.force_login(persona)
    for page in _pages(draft) + [tool_url("export", draft), tool_url("publish", draft)]:
        response = client.get(page)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), page
    response = client.post(tool_url("publish", draft))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_anonymous_visitors_are_redirected_to_a_login(client, draft):
    for page in _pages(draft) + [tool_url("export", draft)]:
        response = client.get(page)
        assert response.status_code == 302 and "login" in response["Location"], page


@pytest.mark.parametrize("persona", ["caseworker", "supervisor"], indirect=True)
def test_staff_without_the_instrument_permissions_gets_403(client, persona, draft):
    persona.is_staff = True
    persona.save()
    client.force_login(persona)
    for page in _pages(draft)[1:] + [
        tool_url("export", draft),
        tool_url("publish", draft),
        tool_url("new_draft", draft),
        tool_url("retire", draft),
    ]:
        assert client.get(page).status_code in (403, 404), page
    assert client.post(tool_url("publish", draft)).status_code == 403
    assert client.get(tool_url("export", draft)).status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert not AuditEvent.objects.filter(action="exported").exists()


# --------------------------------------------------------------------------- published: read-only


def test_a_published_version_is_shown_read_only(client, ines, v1):
    client.force_login(ines)
    response = client.get(change_url(v1))
    assert response.status_code == 200
    html = response.content.decode()
    assert "This version is read-only." in html
    assert 'name="_save"' not in html and f"{v1.pk}/delete/" not in html
    assert response.context["has_change_permission"] is False
    for inline in response.context["inline_admin_formsets"]:
        assert not inline.has_add_permission and not inline.has_change_permission
        assert not inline.has_delete_permission
    assert "Publish<" not in html and "New draft from this version" in html and "Retire" in html


def test_posting_to_a_published_version_changes_nothing(client, ines, v1):
    client.force_login(ines)
    before = snapshot()
    response = client.post(change_url(v1), {"change_note": "hacked", "answer_scales": "{}"})
    assert response.status_code == 403
    section = v1.sections.first()
    assert client.post(change_url(section), {"title": "hacked"}).status_code == 403
    assert client.post(change_url(v1).replace("/change/", "/delete/"), {"post": "yes"}).status_code == 403
    assert client.post(tool_url("publish", v1)).status_code == 302  # "only a draft can be published"
    assert snapshot() == before
    v1.refresh_from_db()
    assert v1.checksum == content_checksum(read(TIER1_FILE))


# --------------------------------------------------------------------------- editing a draft


def test_editing_a_draft_item_refreshes_its_content_and_is_audited(client, ines, draft):
    client.force_login(ines)
    section = draft.sections.get(code="missing-travel")
    response = client.get(change_url(section))
    data = form_data(response)
    prefix = next(k[: -len("-code")] for k, v in data.items() if k.endswith("-code") and v == "T1-MT-01")
    data[f"{prefix}-text"] = "Has run away three or more times (edited)."
    response = client.post(change_url(section), data)
    assert response.status_code == 302, response.context and [
        f.errors for f in response.context["inline_admin_formsets"][0].formset.forms
    ]
    draft.refresh_from_db()
    item = draft.content["sections"][0]["items"][0]
    assert item["text"] == "Has run away three or more times (edited)."
    # Only that changed: blank optional fields stay absent (not "").
    comparison = compare(draft.previous(), draft)
    assert [(c.key, c.fields) for c in comparison.items_changed] == [("T1-MT-01", ("text",))]
    assert not comparison.sections_changed
    assert draft.checksum == content_checksum(draft.content)
    event = AuditEvent.objects.filter(
        object_type="indicators.instrumentversion", object_id=str(draft.pk), action="updated"
    ).latest("id")
    assert event.user == ines and "changed item" in json.dumps(event.detail)


def test_editing_a_draft_version_and_its_rules_is_audited(client, ines, draft):
    client.force_login(ines)
    response = client.get(change_url(draft))
    assert "Publish" in response.content.decode()
    data = form_data(response)
    data["change_note"] = "Edited in the browser."
    rule_prefix = next(
        k[: -len("-rule_id")] for k, v in data.items() if k.endswith("-rule_id") and v == "any-indicator"
    )
    data[f"{rule_prefix}-reason"] = "Any indicator (edited)."
    response = client.post(change_url(draft), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.content["change_note"] == "Edited in the browser."
    assert (
        next(r for r in draft.content["rules"] if r["id"] == "any-indicator")["reason"]
        == "Any indicator (edited)."
    )
    event = AuditEvent.objects.filter(object_id=str(draft.pk), action="updated").latest("id")
    assert "change_note" in event.detail["fields"]
    comparison = compare(draft.previous(), draft)
    assert [(c.key, c.fields) for c in comparison.rules_changed] == [("any-indicator", ("reason",))]
    assert not comparison.items_changed and not comparison.guidance_changed
    assert not comparison.sections_changed


def test_a_duplicate_item_code_in_a_draft_is_a_form_error(client, ines, draft):
    client.force_login(ines)
    section = draft.sections.get(code="missing-travel")
    data = form_data(client.get(change_url(section)))
    prefix = next(k[: -len("-code")] for k, v in data.items() if k.endswith("-code") and v == "T1-MT-01")
    data[f"{prefix}-code"] = "T1-SX-01"  # used in another section
    response = client.post(change_url(section), data)
    assert response.status_code == 200
    assert "is already used in this version" in response.content.decode()


def test_a_draft_can_be_added_and_deleted(client, ines, v1, draft):
    client.force_login(ines)
    response = client.post(change_url(draft).replace("/change/", "/delete/"), {"post": "yes"})
    assert response.status_code == 302
    assert not InstrumentVersion.objects.filter(pk=draft.pk).exists()
    assert AuditEvent.objects.filter(object_id=str(draft.pk), summary__contains="deleted").exists()


# --------------------------------------------------------------------------- version tools


def test_new_draft_from_a_published_version(client, ines, v1):
    client.force_login(ines)
    response = client.post(tool_url("new_draft", v1), {"change_note": "Next edition."})
    new = InstrumentVersion.objects.get(instrument=v1.instrument, number=2)
    assert response.status_code == 302 and response["Location"] == change_url(new)
    assert new.status == "draft" and new.change_note == "Next edition."
    assert new.items.count() == v1.items.count()
    assert AuditEvent.objects.filter(object_id=str(new.pk), action="created", user=ines).exists()


def test_publish_shows_failing_vignettes_and_refuses(client, ines, draft):
    vignettes = draft.vignettes
    vignettes[1]["expected_level"] = "none"
    draft.vignettes = vignettes
    draft.save()
    lifecycle.refresh_draft(draft)
    client.force_login(ines)
    page = client.get(tool_url("publish", draft)).content.decode()
    assert "cannot be published yet" in page and vignettes[1]["id"] in page
    before = snapshot()
    response = client.post(tool_url("publish", draft))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Publishing was refused; nothing was changed." in html
    assert f"vignette &quot;{vignettes[1]['id']}&quot;" in html
    assert snapshot() == before
    # The change page says so too.
    assert "publishing would be refused" in client.get(change_url(draft)).content.decode()


def test_publish_freezes_the_draft(client, ines, draft):
    client.force_login(ines)
    page = client.get(tool_url("publish", draft)).content.decode()
    assert "Once published, this version never changes." in page
    response = client.post(tool_url("publish", draft))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "published" and draft.published_by == ines
    assert InstrumentVersion.objects.latest_published("tier1-indicators") == draft
    assert client.get(change_url(draft)).context["has_change_permission"] is False


def test_retire(client, ines, v1):
    client.force_login(ines)
    assert "Retire version 1 of tier1-indicators?" in client.get(tool_url("retire", v1)).content.decode()
    assert client.post(tool_url("retire", v1)).status_code == 302
    v1.refresh_from_db()
    assert v1.status == "retired" and v1.retired_by == ines


def test_compare_with_the_previous_version_lists_changes(client, ines, v1, draft):
    item = draft.items.get(code="T1-MT-01")
    item.text = "Changed text."
    item.save()
    lifecycle.refresh_draft(draft)
    client.force_login(ines)
    response = client.get(tool_url("compare", draft))
    assert response.status_code == 200
    html = response.content.decode()
    assert "T1-MT-01" in html and "Changed text." in html
    assert response.context["comparison"].items_changed[0].fields == ("text",)
    # Explicitly against another version, and no previous version for v1.
    assert client.get(tool_url("compare", v1) + f"?with={draft.pk}").status_code == 200
    assert client.get(tool_url("compare", v1)).status_code == 302


def test_export_downloads_the_fixture_and_is_audited(client, ines, v1):
    client.force_login(ines)
    response = client.get(tool_url("export", v1))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="tier1-indicators.v1.json"'
    data = json.loads(response.content)
    assert data == read(TIER1_FILE) and content_checksum(data) == v1.checksum
    event = AuditEvent.objects.get(action="exported")
    assert event.user == ines and event.object_id == str(v1.pk)
    assert event.summary == "Exported tier1-indicators.v1.json"


def test_the_jurisdiction_admin_is_audited(client, ines, loaded):
    from indicators.models import Jurisdiction

    federal = Jurisdiction.objects.get()
    client.force_login(ines)
    data = form_data(client.get(change_url(federal)))
    data["report_trafficking_to_law_enforcement"] = "8"
    assert client.post(change_url(federal), data).status_code == 302
    federal.refresh_from_db()
    assert federal.report_trafficking_to_law_enforcement == 8
    event = AuditEvent.objects.filter(object_type="indicators.jurisdiction", action="updated").latest("id")
    assert event.detail["deadlines_hours"]["report_trafficking_to_law_enforcement"] == 8


def test_a_new_instrument_and_its_first_draft_can_be_made_in_the_browser(client, ines, db):
    from indicators.models import Instrument

    client.force_login(ines)
    response = client.post(
        "/admin/indicators/instrument/add/",
        {"slug": "greenbaum-short", "name": "Short screen", "tier": "1", "purpose": ""},
    )
    assert response.status_code == 302
    instrument = Instrument.objects.get(slug="greenbaum-short")
    assert instrument.purpose is None  # empty = absent from the content
    add_page = client.get("/admin/indicators/instrumentversion/add/")
    assert "yes_no_unknown" in add_page.content.decode()  # a default scale to start from
    response = client.post(
        "/admin/indicators/instrumentversion/add/",
        {
            "instrument": instrument.pk,
            "change_note": "First draft.",
            "answer_scales": json.dumps(
                {"yn": {"options": [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}]}}
            ),
            "vignettes": "",
        },
    )
    assert response.status_code == 302
    version = InstrumentVersion.objects.get(instrument=instrument)
    assert version.number == 1 and version.status == "draft" and version.created_by == ines
    assert version.content["instrument"] == {"slug": "greenbaum-short", "name": "Short screen", "tier": 1}
    assert "vignettes" not in version.content
    response = client.post(
        "/admin/indicators/section/add/",
        {
            "version": version.pk,
            "position": "0",
            "code": "signs",
            "title": "Signs",
            "intro": "",
            "contexts": "",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
            "items-0-code": "GS-01",
            "items-0-kind": "indicator",
            "items-0-trafficking_type": "sex",
            "items-0-scale": "yn",
            "items-0-position": "0",
            "items-0-text": "Sign one.",
            "items-0-phrasing": "",
            "items-0-help": "",
            "items-0-points": '{"yes": 1}',
            "items-0-tags": "",
            "items-0-source": '{"citation": "Greenbaum et al. 2018"}',
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    version.refresh_from_db()
    assert version.content["sections"] == [
        {
            "code": "signs",
            "title": "Signs",
            "items": [
                {
                    "code": "GS-01",
                    "text": "Sign one.",
                    "kind": "indicator",
                    "trafficking_type": "sex",
                    "scale": "yn",
                    "points": {"yes": 1},
                    "source": {"citation": "Greenbaum et al. 2018"},
                }
            ],
        }
    ]
    assert AuditEvent.objects.filter(object_type="indicators.instrument", action="created").exists()
    assert AuditEvent.objects.filter(object_id=str(version.pk), action="created").exists()
    assert AuditEvent.objects.filter(
        object_id=str(version.pk), action="updated", summary__contains="Section signs"
    ).exists()
    # Not publishable yet: no rule.
    page = client.get(tool_url("publish", version)).content.decode()
    assert "needs at least one rule" in page


def test_the_roles_permissions_on_the_library(db):
    from django.contrib.auth.models import Group

    def codes(name):
        return set(
            Group.objects.get(name=name)
            .permissions.filter(content_type__app_label="indicators")
            .values_list("codename", flat=True)
        )

    admin_codes = codes("Instrument administrator")
    for model in (
        "instrument",
        "instrumentversion",
        "section",
        "item",
        "rule",
        "guidanceaction",
        "jurisdiction",
        "jurisdictioninstrument",
    ):
        assert {f"view_{model}", f"add_{model}", f"change_{model}"} <= admin_codes
    assert {"publish_instrumentversion", "export_instrumentversion"} <= admin_codes
    assert not any(code.startswith("delete_") for code in admin_codes)
    assert codes("Caseworker") == set() and codes("Supervisor") == set()


def test_an_item_can_be_removed_from_a_draft(client, ines, draft):
    client.force_login(ines)
    section = draft.sections.get(code="missing-travel")
    data = form_data(client.get(change_url(section)))
    prefix = next(k[: -len("-code")] for k, v in data.items() if k.endswith("-code") and v == "T1-MT-02")
    data[f"{prefix}-DELETE"] = "on"
    # The vignettes that answer T1-MT-02 would no longer fit: that shows when publishing, not here.
    assert client.post(change_url(section), data).status_code == 302
    draft.refresh_from_db()
    assert "T1-MT-02" not in [i["code"] for s in draft.content["sections"] for i in s["items"]]
    assert [c.key for c in compare(draft.previous(), draft).items_removed] == ["T1-MT-02"]
    assert "T1-MT-02" in client.get(tool_url("publish", draft)).content.decode()


# --------------------------------------------------------------------------- format 2 keys


def _prefix(data, suffix, value):
    return next(k[: -len(suffix)] for k, v in data.items() if k.endswith(suffix) and v == value)


def test_the_new_item_fields_are_edited_on_a_draft(client, ines, draft):
    client.force_login(ines)
    section = draft.sections.get(code="missing-travel")
    data = form_data(client.get(change_url(section)))
    prefix = _prefix(data, "-code", "T1-MT-01")
    data[f"{prefix}-ages"] = '{"min": 12}'
    data[f"{prefix}-fact"] = "ran-away"
    data[f"{prefix}-prefill"] = '{"from": "missing_episodes", "at_least": 3}'
    data[f"{prefix}-established_by"] = ""
    data["ages"] = '{"max": 21}'
    response = client.post(change_url(section), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    draft.refresh_from_db()
    item = draft.content["sections"][0]["items"][0]
    assert (item["ages"], item["fact"], item["prefill"]) == (
        {"min": 12},
        "ran-away",
        {"from": "missing_episodes", "at_least": 3},
    )
    assert "established_by" not in item  # blank = absent
    assert draft.content["sections"][0]["ages"] == {"max": 21}
    comparison = compare(draft.previous(), draft)
    assert [(c.key, c.fields) for c in comparison.items_changed] == [
        ("T1-MT-01", ("ages", "fact", "prefill"))
    ]
    assert [(c.key, c.fields) for c in comparison.sections_changed] == [("missing-travel", ("ages",))]
    assert draft.checksum == content_checksum(draft.content)


def test_the_new_version_rule_and_guidance_fields_are_edited_on_a_draft(client, ines, draft):
    client.force_login(ines)
    data = form_data(client.get(change_url(draft)))
    assert data["format"] == "1" and data["ages"] == "" and data["not_completed"] == ""
    data["format"] = "2"
    data["ages"] = '{"min": 10}'
    data["not_completed"] = '{"share_above": 0.5, "guidance": ["call-911"]}'
    rule = _prefix(data, "-rule_id", "any-indicator")
    data[f"{rule}-identifies"] = "labor"
    data[f"{rule}-trafficking_types"] = '["labor"]'
    action = _prefix(data, "-code", "call-911")
    data[f"{action}-applies_if"] = '{"signals_any": ["immediate_danger"]}'
    data[f"{action}-continues_screening"] = "false"
    response = client.post(change_url(draft), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    draft.refresh_from_db()
    content = draft.content
    assert (content["format"], content["ages"], content["not_completed"]) == (
        2,
        {"min": 10},
        {"share_above": 0.5, "guidance": ["call-911"]},
    )
    edited = next(r for r in content["rules"] if r["id"] == "any-indicator")
    assert (edited["identifies"], edited["trafficking_types"]) == ("labor", ["labor"])
    guidance = next(g for g in content["guidance"] if g["code"] == "call-911")
    assert guidance["applies_if"] == {"signals_any": ["immediate_danger"]}
    assert guidance["continues_screening"] is False
    # "Not set" stays out of the content: the other actions have no such key.
    assert all("continues_screening" not in g for g in content["guidance"] if g["code"] != "call-911")
    comparison = compare(draft.previous(), draft)
    assert set(comparison.other_changed) >= {"format", "ages", "not_completed"}
    assert ("any-indicator", ("identifies", "trafficking_types")) in [
        (c.key, c.fields) for c in comparison.rules_changed
    ]
    # Set back to "not set": the key leaves the content again.
    data = form_data(client.get(change_url(draft)))
    data[_prefix(data, "-code", "call-911") + "-continues_screening"] = "unknown"
    assert client.post(change_url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert "continues_screening" not in next(g for g in draft.content["guidance"] if g["code"] == "call-911")


def test_bad_input_in_a_new_field_is_a_form_error_or_a_publish_problem_never_a_500(client, ines, draft):
    client.force_login(ines)
    section = draft.sections.get(code="missing-travel")
    data = form_data(client.get(change_url(section)))
    prefix = _prefix(data, "-code", "T1-MT-01")
    before = snapshot()
    for field, value in [("ages", "{min: 12"), ("fact", "x" * 61), ("prefill", "[1, NaN]")]:
        response = client.post(change_url(section), {**data, f"{prefix}-{field}": value})
        assert response.status_code == 200, field  # the form again, with the error
    response = client.post(change_url(draft), {**form_data(client.get(change_url(draft))), "format": "7"})
    assert response.status_code == 200
    assert snapshot() == before
    # Valid JSON of the wrong shape is stored; publishing lists it.
    response = client.post(change_url(section), {**data, f"{prefix}-ages": '"twelve"'})
    assert response.status_code == 302
    assert client.get(change_url(draft)).status_code == 200
    page = client.get(tool_url("publish", draft))
    assert page.status_code == 200 and "cannot be published yet" in page.content.decode()


def _inputs(html):
    """The names of the form inputs of a page (read-only fields have none)."""
    names = re.findall(r'<(?:input|select|textarea)[^>]* name="([^"]+)"', html)
    return {re.sub(r"^\w+-\d+-", "", name) for name in names}


def test_the_new_fields_of_a_published_version_are_read_only(client, ines, v1):
    client.force_login(ines)
    html = client.get(change_url(v1)).content.decode()
    assert not _inputs(html) & {
        "format",
        "ages",
        "not_completed",
        "applies_if",
        "continues_screening",
        "identifies",
        "trafficking_types",
    }
    assert "Format" in html and "Not completed when" in html
    section = v1.sections.first()
    page = client.get(change_url(section))
    assert page.status_code == 200
    assert not _inputs(page.content.decode()) & {"ages", "fact", "prefill", "established_by"}
    before = snapshot()
    assert client.post(change_url(v1), {"format": "2", "ages": '{"min": 1}'}).status_code == 403
    data = {
        "ages": '{"min": 1}',
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "1",
        "items-0-id": str(section.items.first().pk),
        "items-0-fact": "x",
    }
    assert client.post(change_url(section), data).status_code == 403
    assert snapshot() == before


def test_the_jurisdictions_new_fields_are_edited_in_the_admin(client, ines, loaded):
    from indicators.models import Jurisdiction

    federal = Jurisdiction.objects.get()
    client.force_login(ines)
    data = form_data(client.get(change_url(federal)))
    reports = [
        {
            "code": "notify-hhs",
            "title": "Notify HHS",
            "description": "Within 24 hours.",
            "priority": "urgent",
            "deadline": "notify_hhs_foreign_national_child",
            "applies_if": {"signals_any": ["foreign_national"]},
        }
    ]
    definitions = {
        "sex_trafficking_victim": {"force_fraud_coercion_needed_from_age": None},
        "severe_form": {"force_fraud_coercion_needed_from_age": 18},
    }
    data.update(
        oldest_age_served="23",
        offer_interview_again="96",
        mandated_reports=json.dumps(reports),
        legal_definitions=json.dumps(definitions),
    )
    assert client.post(change_url(federal), data).status_code == 302
    federal.refresh_from_db()
    assert (federal.oldest_age_served, federal.offer_interview_again) == (23, 96)
    assert federal.mandated_reports == reports and federal.legal_definitions == definitions
    assert federal.profile()["deadlines_hours"]["offer_interview_again"] == 96
    event = AuditEvent.objects.filter(object_type="indicators.jurisdiction", action="updated").latest("id")
    assert {"oldest_age_served", "mandated_reports", "legal_definitions"} <= set(event.detail["fields"])
    # Bad input is a form error, never a 500, and changes nothing.
    before = snapshot()
    unconditional = json.dumps([{**reports[0], "applies_if": {"ages": {"max": 17}}}])
    for field, value in [
        ("oldest_age_served", "40"),
        ("mandated_reports", "[{"),
        ("mandated_reports", "{}"),
        ("legal_definitions", "[]"),
        ("notify_hhs_foreign_national_child", ""),
        ("offer_interview_again", "0"),
        ("mandated_reports", unconditional),
        ("legal_definitions", '{"severe_form": {}}'),
    ]:
        response = client.post(change_url(federal), {**data, field: value})
        assert response.status_code == 200, field
        assert response.context["adminform"].form.errors.get(field), (field, value)
    assert snapshot() == before
    # Blank reports: none (an empty list, not null).
    assert client.post(change_url(federal), {**data, "mandated_reports": ""}).status_code == 302
    federal.refresh_from_db()
    assert federal.mandated_reports == []


@pytest.mark.parametrize(
    "value, message",
    [
        ("[" * 5000 + "]" * 5000, "more than 40 levels deep"),
        ('{"a": ' * 41 + "1" + "}" * 41, "more than 40 levels deep"),
        ('"' + "x" * 200_001 + '"', "at most 200,000 are accepted"),
    ],
)
def test_json_too_deep_or_too_long_is_a_form_error_not_a_500(client, ines, draft, value, message):
    client.force_login(ines)
    section = draft.sections.get(code="missing-travel")
    data = form_data(client.get(change_url(section)))
    prefix = _prefix(data, "-code", "T1-MT-01")
    before = snapshot()
    response = client.post(change_url(section), {**data, f"{prefix}-ages": value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshot() == before
    # Brackets inside a string are text, not nesting.
    response = client.post(
        change_url(section), {**data, f"{prefix}-ages": '{"min": 12, "note": "' + "[" * 60 + '"}'}
    )
    assert response.status_code == 302
