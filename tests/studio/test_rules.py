"""The rule builder's pages (/studio/versions/<pk>/rules/...): a draft's rules read as sentences;
add, change, delete and move a rule with the builder's forms; every save validated, nothing saved
when bad; two people never silently overwrite each other; a published version's rules never
change; everyone but an instrument administrator gets a 404."""

import json

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent
from indicators import exports, lifecycle
from indicators.models import InstrumentVersion, Rule
from indicators.schema import validate_instrument_version
from studio import rule_builder as rb
from studio import rule_form, rule_services
from tests.rows import row_counts

from .conftest import OTHERS, main_of

NESTED = {
    "all": [
        {"answered": {"items": ["T1-FN-01"], "answer": "yes"}},
        {"any": [{"age_below": 18}, {"count_at_least": 2, "where": {"kind": "indicator"}}]},
    ]
}
NEW_RULE = {
    "id": "foreign-national-minor",
    "level": "possible",
    "reason": "A foreign-national youth under 18 with signs of trafficking.",
    "when": NESTED,
    "flags": ["foreign_national"],
    "guidance": ["safety-planning"],
}


@pytest.fixture
def draft(library, instrument_admin):
    return lifecycle.new_draft_from(library.tier1, instrument_admin, change_note="Rules reworked.")


def url(name, version, rule=None):
    kwargs = {"pk": version.pk}
    if rule is not None:
        kwargs["rule_pk"] = rule.pk
    return reverse(f"studio:{name}", kwargs=kwargs)


def form_pairs(rule, *, reasons=None, seen=""):
    """What the builder's form posts for ``rule`` (as the browser sends the page's fields)."""
    node = rb.from_json(rule["when"])
    pairs = [("rule_id", rule["id"]), ("level", rule["level"]), ("reason", rule["reason"]), ("seen", seen)]
    pairs.append(("identifies", rule.get("identifies", "")))
    pairs += [("trafficking_types", k) for k in rule.get("trafficking_types", [])]
    pairs += [("flags", f) for f in rule.get("flags", [])]
    pairs += [("guidance", g) for g in rule.get("guidance", [])]
    pairs += [(f"reason_{lang}", text) for lang, text in (reasons or {}).items()]
    return pairs + rule_form.node_fields(node)


def post(client, address, pairs, **extra):
    data = QueryDict(mutable=True)
    for name, value in pairs:
        data.appendlist(name, value)
    return client.post(address, data.urlencode(), content_type="application/x-www-form-urlencoded", **extra)


def rule_of(version, rule_id):
    return version.rules.get(rule_id=rule_id)


def content_of(version):
    return InstrumentVersion.objects.get(pk=version.pk).content


# --------------------------------------------------------------------------- the list


def test_the_rules_read_as_sentences_in_order_with_their_actions(studio, draft):
    response = studio.get(url("rules", draft))
    assert response.status_code == 200
    main = main_of(response.content.decode())
    ids = [r["id"] for r in draft.content["rules"]]
    positions = [main.index(f">{rule_id}<") for rule_id in ids]
    assert positions == sorted(positions)
    assert "Possible concern when “" in main and "is answered Yes" in main
    assert "Clear concern when" in main
    first = rule_of(draft, ids[0])
    for name in ("rule_edit", "rule_advanced", "rule_delete", "rule_move"):
        assert url(name, draft, first) in main
    assert "Move up" in main and "Move down" in main
    assert AuditEvent.objects.filter(object_id=str(draft.pk), summary="Rules of the version viewed").exists()


def test_the_version_page_links_a_drafts_rules(studio, draft, library):
    assert url("rules", draft) in main_of(
        studio.get(reverse("studio:version", kwargs={"pk": draft.pk})).content.decode()
    )
    published = main_of(
        studio.get(reverse("studio:version", kwargs={"pk": library.tier1.pk})).content.decode()
    )
    assert url("rules", library.tier1) not in published


def test_a_published_versions_rules_are_read_only(studio, library):
    version = library.tier1
    main = main_of(studio.get(url("rules", version)).content.decode())
    assert "never change" in main and "Edit" not in main and "Move up" not in main
    rule = version.rules.first()
    before = row_counts()
    for name in ("rule_edit", "rule_advanced", "rule_delete"):
        assert studio.get(url(name, version, rule)).status_code == 404
        assert post(studio, url(name, version, rule), form_pairs(NEW_RULE)).status_code == 404
    assert studio.get(url("rule_new", version)).status_code == 404
    assert post(studio, url("rule_move", version, rule), [("direction", "down")]).status_code == 404
    assert row_counts() == before


def test_the_number_of_queries_does_not_grow_with_the_rules(studio, draft):
    def queries():
        with CaptureQueriesContext(connection) as context:
            assert studio.get(url("rules", draft)).status_code == 200
        return len(context)

    before = queries()
    for n in range(6):
        Rule.objects.create(
            version=draft,
            rule_id=f"extra-{n}",
            level="none",
            reason="Extra.",
            when={"age_below": 5},
            position=99,
        )
    lifecycle.refresh_draft(InstrumentVersion.objects.get(pk=draft.pk))
    assert queries() == before


# --------------------------------------------------------------------------- add, edit


def test_a_rule_built_with_the_buttons_is_saved_in_the_fixture_format(studio, draft):
    address = url("rule_new", draft)
    assert studio.get(address).status_code == 200
    # One condition; "add condition" (a count) makes a group of both; "add group" nests one.
    start = [("rule_id", NEW_RULE["id"]), ("level", "possible"), ("reason", NEW_RULE["reason"])]
    tree = rule_form.node_fields(rb.from_json({"answered": {"items": ["T1-FN-01"], "answer": "yes"}}))
    page = post(studio, address, start + tree + [("w.new", "count"), ("builder", "add:w")])
    assert page.status_code == 200
    assert (
        'name="w.1.n"' in page.content.decode()
        and not InstrumentVersion.objects.filter(pk=draft.pk, rules__rule_id=NEW_RULE["id"]).exists()
    )
    page = post(studio, address, start + tree + [("builder", "group:w")])
    assert 'name="w.1.0.kind"' in page.content.decode()
    reasons = {"es": "Un/a joven extranjero/a menor de 18 años con señales de trata."}
    response = post(studio, address, form_pairs(NEW_RULE, reasons=reasons) + [("save", "1")])
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = rule_services.rule_json(rule_of(draft, NEW_RULE["id"]))
    assert saved == NEW_RULE
    content = content_of(draft)
    assert content["rules"][-1] == NEW_RULE
    assert content["translations"]["es"]["rules"][NEW_RULE["id"]] == {"reason": reasons["es"]}
    exported = json.loads(exports.export_json(InstrumentVersion.objects.get(pk=draft.pk)))
    assert validate_instrument_version(exported, "export") == []
    assert AuditEvent.objects.filter(object_id=str(draft.pk), summary=f"Rule {NEW_RULE['id']} added").exists()


def test_every_rule_saved_unchanged_through_its_form_stays_the_same(studio, draft):
    before = content_of(draft)
    for rule in before["rules"]:
        row = rule_of(draft, rule["id"])
        reasons = rule_form.reasons_of(content_of(draft), rule["id"])
        seen = rule_services.fingerprint(row, content_of(draft))
        response = post(studio, url("rule_edit", draft, row), form_pairs(rule, reasons=reasons, seen=seen))
        assert response.status_code == 302, (rule["id"], response.content.decode()[:2000])
    assert content_of(draft) == before


def test_an_edit_changes_the_rule_and_refreshes_the_draft(studio, draft):
    rule = dict(draft.content["rules"][0], level="clear", reason="Changed reason.")
    row = rule_of(draft, rule["id"])
    seen = rule_services.fingerprint(row, draft.content)
    reasons = rule_form.reasons_of(draft.content, rule["id"])
    response = post(studio, url("rule_edit", draft, row), form_pairs(rule, reasons=reasons, seen=seen))
    assert response.status_code == 302
    assert content_of(draft)["rules"][0] == rule


@pytest.mark.parametrize(
    "change,message",
    [
        ({"reason": "   "}, "Reason: write the plain-language reason"),
        ({"id": "Not An Id"}, "Rule id: use lowercase"),
        ({"id": "any-indicator"}, 'duplicate rule id "any-indicator"'),
        ({"level": "severe"}, "Level: choose one of the levels"),
        ({"when": {"answered": {"items": ["T1-XX-99"]}}}, 'unknown item code "T1-XX-99"'),
        ({"when": {"count_at_least": 1, "where": {"section": "nowhere"}}}, "the rule.when.where.section"),
        ({"guidance": ["no-such-action"]}, 'unknown guidance code "no-such-action"'),
        ({"flags": ["launch_rockets"]}, "launch_rockets"),
        ({"identifies": "sex"}, "identif"),  # only a clear rule identifies
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(studio, draft, change, message):
    before_rows, before_content = row_counts(), content_of(draft)
    rule = {**NEW_RULE, **change}
    response = post(studio, url("rule_new", draft), form_pairs(rule, reasons={"es": "Razón."}))
    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()
    assert message in response.content.decode().replace("&quot;", '"')
    assert row_counts() == before_rows and content_of(draft) == before_content


HOSTILE = ["", "\u202eevil", "x" * 5000, "<script>alert(1)</script>", "-1", "1e309", "NaN", "[" * 200]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(
    "field",
    ["rule_id", "level", "w.kind", "w.0.items", "w.1.1.n", "w.1.1.f.kind", "flags", "builder", "w.9.kind"],
)
def test_hostile_input_never_breaks_the_builder_and_saves_nothing(studio, draft, field, value):
    before_rows, before_content = row_counts(), content_of(draft)
    pairs = [p for p in form_pairs(NEW_RULE, reasons={"es": "Razón."}) if p[0] != field] + [(field, value)]
    response = post(studio, url("rule_new", draft), pairs)
    assert response.status_code < 500
    if response.status_code != 302:
        assert row_counts() == before_rows and content_of(draft) == before_content


def test_an_empty_group_is_refused(studio, draft):
    pairs = [p for p in form_pairs(NEW_RULE, reasons={"es": "Razón."}) if not p[0].startswith("w.1")]
    pairs += [("w.1.kind", "any")]
    response = post(studio, url("rule_new", draft), pairs)
    assert response.status_code == 400
    assert "the rule.when.all[1].any" in response.content.decode()
    assert not draft.rules.filter(rule_id=NEW_RULE["id"]).exists()


def test_a_missing_spanish_reason_is_asked_for(studio, draft):
    response = post(studio, url("rule_new", draft), form_pairs(NEW_RULE))
    assert response.status_code == 400
    assert "Reason in Español: write it" in response.content.decode()
    assert not draft.rules.filter(rule_id=NEW_RULE["id"]).exists()


def test_a_bad_number_names_the_condition_and_saves_nothing(studio, draft):
    pairs = [p for p in form_pairs(NEW_RULE, reasons={"es": "Razón."}) if p[0] != "w.1.1.n"]
    response = post(studio, url("rule_new", draft), pairs + [("w.1.1.n", "many")])
    assert response.status_code == 400
    assert "Condition 2.2: enter a whole number of 0 or more." in response.content.decode()
    assert not draft.rules.filter(rule_id=NEW_RULE["id"]).exists()


def test_two_people_saving_the_same_rule_never_silently_overwrite(studio, draft):
    rule = draft.content["rules"][0]
    row = rule_of(draft, rule["id"])
    reasons = rule_form.reasons_of(draft.content, rule["id"])
    seen = rule_services.fingerprint(row, draft.content)  # both opened the same copy
    first = post(
        studio,
        url("rule_edit", draft, row),
        form_pairs({**rule, "reason": "First."}, reasons=reasons, seen=seen),
    )
    assert first.status_code == 302
    second = post(
        studio,
        url("rule_edit", draft, row),
        form_pairs({**rule, "reason": "Second."}, reasons=reasons, seen=seen),
    )
    assert second.status_code == 400
    assert "Someone else saved this rule since you opened it" in second.content.decode()
    assert content_of(draft)["rules"][0]["reason"] == "First."


def test_a_rule_the_builder_cannot_show_opens_in_the_advanced_view_with_why(studio, draft, instrument_admin):
    row = draft.rules.first()
    row.when = {"not": {"not": {"count_at_least": 1}}}
    row.save()
    lifecycle.refresh_draft(draft)
    page = studio.get(url("rule_edit", draft, row)).content.decode()
    assert "data-advanced-note" in page and "negated twice" in page
    assert 'name="rule_json"' in page


# --------------------------------------------------------------------------- advanced view


def advanced_pairs(rule, seen="", reasons=None):
    pairs = [("rule_json", json.dumps(rule)), ("seen", seen)]
    return pairs + [(f"reason_{lang}", text) for lang, text in (reasons or {"es": "Razón."}).items()]


def test_the_live_check_returns_the_problems_with_their_path(studio, draft):
    bad = {**NEW_RULE, "when": {"count_at_least": -1}}
    response = post(studio, url("rule_check", draft), advanced_pairs(bad), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = response.content.decode()
    assert "the rule.when" in page and "count_at_least" in page and "<main" not in page
    good = post(studio, url("rule_check", draft), advanced_pairs(NEW_RULE), HTTP_HX_REQUEST="true")
    assert "No problems found" in good.content.decode()
    broken = post(studio, url("rule_check", draft), [("rule_json", '{"id": ')], HTTP_HX_REQUEST="true")
    assert "$" in broken.content.decode() and "Nothing was saved" in broken.content.decode()


def test_the_advanced_view_saves_valid_json_and_refuses_the_rest(studio, draft):
    before = row_counts()
    bad = post(
        studio, url("rule_advanced_new", draft), advanced_pairs({**NEW_RULE, "when": {"sometimes": 1}})
    )
    assert bad.status_code == 400 and "the rule.when" in bad.content.decode()
    assert post(studio, url("rule_advanced_new", draft), [("rule_json", "[1, 2]")]).status_code == 400
    assert row_counts() == before
    advanced = {**NEW_RULE, "level": "none", "when": {"all": [{"not": {"not": {"age_below": 18}}}]}}
    response = post(studio, url("rule_advanced_new", draft), advanced_pairs(advanced))
    assert response.status_code == 302
    assert content_of(draft)["rules"][-1] == advanced


# --------------------------------------------------------------------------- delete, move


def test_delete_asks_then_deletes_and_a_stale_page_is_refused(studio, draft):
    row = draft.rules.order_by("position").first()
    page = studio.get(url("rule_delete", draft, row))
    assert page.status_code == 200 and row.rule_id in page.content.decode()
    stale = post(studio, url("rule_delete", draft, row), [("seen", "not-what-it-was")])
    assert stale.status_code == 409 and draft.rules.filter(pk=row.pk).exists()
    seen = rule_services.fingerprint(row, content_of(draft))
    assert post(studio, url("rule_delete", draft, row), [("seen", seen)]).status_code == 302
    assert row.rule_id not in [r["id"] for r in content_of(draft)["rules"]]
    assert row.rule_id not in content_of(draft)["translations"]["es"]["rules"]


def test_move_up_and_down(studio, draft):
    ids = [r["id"] for r in draft.content["rules"]]
    second = rule_of(draft, ids[1])
    assert post(studio, url("rule_move", draft, second), [("direction", "up")]).status_code == 302
    assert [r["id"] for r in content_of(draft)["rules"]][:2] == [ids[1], ids[0]]
    assert post(studio, url("rule_move", draft, second), [("direction", "down")]).status_code == 302
    assert [r["id"] for r in content_of(draft)["rules"]] == ids
    before = row_counts()
    assert post(studio, url("rule_move", draft, second), [("direction", "sideways")]).status_code == 302
    first = rule_of(draft, ids[0])
    assert post(studio, url("rule_move", draft, first), [("direction", "up")]).status_code == 302
    assert [r["id"] for r in content_of(draft)["rules"]] == ids
    assert row_counts() == before


# --------------------------------------------------------------------------- who


def every_url(draft):
    row = draft.rules.first()
    return [
        url("rules", draft),
        url("rule_new", draft),
        url("rule_advanced_new", draft),
        url("rule_check", draft),
    ] + [url(name, draft, row) for name in ("rule_edit", "rule_advanced", "rule_delete", "rule_move")]


@pytest.mark.parametrize("persona", OTHERS, indirect=True)
def test_everyone_else_gets_404_and_changes_nothing(client, persona, draft):
    client.force_login(persona)
    before = row_counts()
    for address in every_url(draft):
        statuses = {client.get(address).status_code, client.post(address).status_code}
        # A method a page does not take is refused before any lookup (405); the other is a 404.
        assert 404 in statuses and statuses <= {404, 405}, (address, statuses)
    assert row_counts() == before


def test_anonymous_is_sent_to_log_in(client, draft):
    login = reverse("accounts:login")
    for address in every_url(draft):
        response = client.post(address)
        assert response.status_code == 302 and response["Location"].startswith(login), address


def test_a_rule_of_another_version_is_not_found(studio, draft, library):
    other = library.tier2.rules.first()
    assert studio.get(url("rule_edit", draft, other)).status_code == 404
