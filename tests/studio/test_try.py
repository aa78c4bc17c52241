"""Try it (/studio/versions/<pk>/try/): the preview's answers scored by the engine with nothing
saved but the audit event; the outcome shown live (an htmx fragment) or with the page again (a
plain post). It agrees with every vignette of the published versions."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import AuditEvent
from indicators import engine
from indicators.models import InstrumentVersion
from tests.rows import REFUSAL_TRACES, row_counts
from tests.screening.conftest import T1_INDICATOR_A, T1_INDICATOR_B, T2_DISCLOSURE

from .conftest import OTHERS, main_of

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(version):
    return reverse("studio:try", kwargs={"pk": version.pk})


def posted(answers=None, *, context="general", age=15, language="en", established=()):
    data = {"context": context, "age": age, "language": language, "version": 1}
    if established:
        data["established"] = list(established)
    data.update({f"a_{code}": value for code, value in (answers or {}).items()})
    return data


def level_of(page: str) -> str:
    marker = 'data-try-level="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def everything_but_the_audit():
    return row_counts(skip=REFUSAL_TRACES - {"accounts.auditevent"})


def fired(page: str) -> set[str]:
    return set(re.findall(r'data-rule="([^"]+)"', page))


def test_two_answers_raise_the_level_live(studio, library):
    version = library.tier1
    nothing = studio.post(url(version), posted(), **HTMX)
    assert nothing.status_code == 200
    assert "<html" not in nothing.content.decode()  # a fragment for the panel
    assert level_of(nothing.content.decode()) == "none"
    one = studio.post(url(version), posted({T1_INDICATOR_A: "yes", T1_INDICATOR_B: "no"}), **HTMX)
    page = one.content.decode()
    assert level_of(page) == "possible"
    assert fired(page)
    result = engine.score(
        version.content,
        {T1_INDICATOR_A: "yes", T1_INDICATOR_B: "no"},
        items_presented=engine.items_for_context(version.content, "general", 15),
        age=15,
    )
    assert fired(page) == {r.id for r in result.fired_rules}
    # On a phone, the bar at the bottom of the screen follows the level too (out of band).
    bar = page[page.index('id="try-level-bar"') :]
    assert bar.startswith('id="try-level-bar" class="studio-level-bar d-lg-none" hx-swap-oob="true"')
    assert "level-possible" in bar[: bar.index("</div>")]
    for rule in result.fired_rules:
        assert rule.reason.replace("'", "&#x27;").replace('"', "&quot;") in page


def test_a_plain_post_shows_the_page_again_with_the_answers_and_the_result(studio, library):
    response = studio.post(url(library.tier1), posted({T1_INDICATOR_A: "yes"}))
    assert response.status_code == 200
    page = main_of(response.content.decode())
    assert level_of(page) == "possible"
    assert f'name="a_{T1_INDICATOR_A}" value="yes" id="id_a_{T1_INDICATOR_A}_0" checked' in page
    assert page.count('id="try-level-bar"') == 1 and "hx-swap-oob" not in page


def test_a_disclosure_stops_the_questions_and_names_the_identification(studio, library):
    page = studio.post(url(library.tier2), posted({T2_DISCLOSURE: "yes"}), **HTMX).content.decode()
    assert level_of(page) == "clear"
    assert "data-try-stop" in page and "The questions stop here" in page
    assert "Identified: sex trafficking" in page
    assert 'data-action="' in page


def test_nothing_is_saved_but_the_audit_event(studio, library):
    before, events = everything_but_the_audit(), AuditEvent.objects.count()
    studio.post(url(library.tier1), posted({T1_INDICATOR_A: "yes"}), **HTMX)
    after = everything_but_the_audit()
    assert after.pop("accounts.auditevent") == before.pop("accounts.auditevent") + 1 == events + 1
    assert after == before
    event = AuditEvent.objects.latest("pk")
    assert event.object_type == "indicators.instrumentversion" and event.object_id == str(library.tier1.pk)
    assert event.case_id is None and event.detail["level"] == "possible" and event.detail["answered"] == 1


@pytest.mark.parametrize("htmx", [True, False])
@pytest.mark.parametrize(
    "data,message",
    [
        (posted({T1_INDICATOR_A: "maybe"}), "Nothing was scored"),
        (posted({T1_INDICATOR_A: "yes"}, age=200), "Enter an age from"),
        (posted({T1_INDICATOR_A: "yes"}, context="mars"), "is not valid"),
        (posted({T1_INDICATOR_A: "yes"}, language="xx"), "is not valid"),
        ({"a_" + T1_INDICATOR_A: "yes"}, "is not valid"),
    ],
)
def test_bad_input_gets_a_clear_message_and_nothing_is_scored(studio, library, data, message, htmx):
    before = everything_but_the_audit()
    response = studio.post(url(library.tier1), data, **(HTMX if htmx else {}))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "data-try-level" not in page
    after = everything_but_the_audit()
    assert after.pop("accounts.auditevent") == before.pop("accounts.auditevent") + 1
    assert after == before  # nothing scored, nothing saved: only the refused try is audited
    event = AuditEvent.objects.latest("pk")
    assert event.object_id == str(library.tier1.pk) and event.detail["event"] == "try_refused"
    assert message in event.detail["problem"]


def test_an_item_the_youth_is_not_asked_is_not_scored(studio, library):
    # A labor item (ages 10 and over) answered for an 8-year-old: not on the form, not scored.
    labor = next(s for s in library.tier1.content["sections"] if s["code"] == "labor-exploitation")
    code = labor["items"][0]["code"]
    response = studio.post(url(library.tier1), posted({code: "yes"}, age=8), **HTMX)
    page = response.content.decode()
    assert response.status_code == 200 and level_of(page) == "none"  # the form has no such field


def vignettes():
    """(version slug and number, vignette) of every published version's vignettes, as the try panel
    asks them (with the items an earlier tier established, when the vignette has some)."""
    out = []
    for path in sorted((Path(settings.BASE_DIR) / "fixtures" / "instruments").glob("*.json")):
        data = json.loads(path.read_text())
        if data.get("status") != "published":
            continue
        for vignette in data.get("vignettes") or []:
            out.append(
                pytest.param(
                    data["instrument"]["slug"], data["version"], vignette, id=f"{path.stem}-{vignette['id']}"
                )
            )
    return out


def test_the_vignettes_with_established_items_are_tried_too():
    assert any(param.values[2].get("established") for param in vignettes())


@pytest.mark.parametrize("slug,number,vignette", vignettes())
def test_the_try_panel_agrees_with_every_vignette(studio, library, slug, number, vignette):
    version = InstrumentVersion.objects.get(instrument__slug=slug, number=number)
    age = vignette.get("age")
    # A vignette without a context is scored on the items of every context: the return from
    # missing, which adds its own sections to the others.
    context = vignette.get("context") or "return_from_missing"
    if age is None:
        age = 15
    expected_items = engine.items_shown(version.content, vignette.get("context"), vignette.get("age"))
    if expected_items is not None:
        assert engine.items_for_context(version.content, context, age) == expected_items
    data = posted(vignette["answers"], context=context, age=age, established=vignette.get("established", ()))
    response = studio.post(url(version), data, **HTMX)
    assert response.status_code == 200, response.content.decode()
    page = response.content.decode()
    assert level_of(page) == vignette["expected_level"], vignette["id"]
    expected = vignette.get("expected_outcome") or {}
    if "stop" in expected:
        assert ("data-try-stop" in page) is expected["stop"], vignette["id"]
    if "identified" in expected:
        assert ("Identified:" in page) is expected["identified"], vignette["id"]
    for code in expected.get("actions_include", ()):
        assert f'data-action="{code}"' in page, (vignette["id"], code)


@pytest.mark.parametrize("persona", OTHERS, indirect=True)
def test_everyone_else_gets_404_and_nothing_is_written(client, persona, library):
    client.force_login(persona)
    before = row_counts(skip=set())
    for headers in ({}, HTMX):
        assert client.post(url(library.tier1), posted({T1_INDICATOR_A: "yes"}), **headers).status_code == 404
    assert row_counts(skip=set()) == before


def test_anonymous_is_sent_to_log_in_or_told_the_session_ended(client, library):
    response = client.post(url(library.tier1), posted({T1_INDICATOR_A: "yes"}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")
    assert client.post(url(library.tier1), posted(), **HTMX).status_code == 401


def test_a_get_is_refused(studio, library):
    assert studio.get(url(library.tier1)).status_code == 405


def test_the_number_of_queries_is_fixed(studio, library, django_assert_max_num_queries):
    studio.post(url(library.tier1), posted(), **HTMX)
    with django_assert_max_num_queries(16):
        studio.post(url(library.tier1), posted({T1_INDICATOR_A: "yes", T1_INDICATOR_B: "yes"}), **HTMX)
    with django_assert_max_num_queries(16):
        studio.post(url(library.tier2), posted({T2_DISCLOSURE: "yes"}, context="return_from_missing"), **HTMX)


def test_items_an_earlier_tier_established_are_shown_not_asked_and_scored(studio, library):
    version = library.tier2
    established = next(
        (i["code"], i) for s in version.content["sections"] for i in s["items"] if i.get("established_by")
    )
    code, item = established
    preview = studio.get(reverse("studio:preview", kwargs={"pk": version.pk}), {"established": [code]})
    page = main_of(preview.content.decode())
    assert f'name="established" value="{code}"' in page  # the chooser offers it, and the try form keeps it
    assert f'name="a_{code}"' not in page  # shown as established, not asked
    response = studio.post(
        url(version), posted(context="return_from_missing", age=16, established=[code]), **HTMX
    )
    assert response.status_code == 200
    event = AuditEvent.objects.latest("pk")
    assert event.detail["established"] == [code] and event.detail["answered"] == 1
    # Not asked for, not established: only what the form asked counts.
    studio.post(url(version), posted(context="return_from_missing", age=16), **HTMX)
    assert AuditEvent.objects.latest("pk").detail["answered"] == 0
    assert item["established_by"]["instrument"] == "tier1-indicators"
