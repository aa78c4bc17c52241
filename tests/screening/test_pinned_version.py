"""A submitted screening's result and reasons are unchanged after its instrument gets a new
published version (issue 4, "Done when"); new screenings use the new version."""

import pytest

from indicators import lifecycle
from screening.models import Screening

from .conftest import T1_INDICATOR_A, T1_INDICATOR_B, answer_all, form_data

NEW_REASON = "Two or more indicators call for a consultation (version 3)."


@pytest.fixture
def version2(library):
    """The next version of the brief tool: two indicators already call for a consultation with
    the National Human Trafficking Hotline (still possible concern: counts never reach clear)."""
    draft = lifecycle.new_draft_from(library.tier1, change_note="Two indicators: consult.")
    rule = draft.rules.get(rule_id="several-indicators")
    rule.when = {**rule.when, "count_at_least": 2}
    rule.reason = NEW_REASON
    rule.save()
    vignettes = draft.vignettes
    for vignette in vignettes:  # the vignettes at the rule's edge say what the new edge gives
        expected = vignette.get("expected_outcome", {})
        if vignette["id"] in ("circumstantial-two", "one-fact-two-items"):
            expected["actions_exclude"].remove("national-human-trafficking-hotline")
            if not expected["actions_exclude"]:
                del expected["actions_exclude"]
    draft.vignettes = vignettes
    draft.save()
    lifecycle.record_draft_change(draft, summary="Two indicators: consult.")
    return lifecycle.publish(draft)


def test_an_old_result_is_unchanged_by_a_new_version(client, caseworker, tier1_possible, version2, library):
    before = Screening.objects.get(pk=tier1_possible.pk)
    client.force_login(caseworker)
    page = client.get(f"/screenings/{tier1_possible.pk}/").content.decode()

    after = Screening.objects.get(pk=tier1_possible.pk)
    assert after.instrument_version == library.tier1
    assert (after.level, after.points, after.result) == (before.level, before.points, before.result)
    assert [a.code for a in after.actions.all()] == [a.code for a in before.actions.all()]
    assert after.outcome == before.outcome
    level = page[page.index('id="level-heading"') : page.index('id="next-heading"')]
    assert "Possible concern" in level
    assert tier1_possible.result["fired_rules"][0]["reason"] in page
    assert NEW_REASON not in page
    assert f"v{library.tier1.number}," in page and f"v{version2.number}," not in page


def test_a_new_screening_uses_the_new_version_and_scores_with_it(
    client, caseworker, youth_case, version2, tier1_possible
):
    client.force_login(caseworker)
    response = client.post(
        f"/cases/{youth_case.pk}/screenings/new/", {"context": "general", "version": version2.pk}
    )
    new = Screening.objects.get(pk=response["Location"].split("/")[-2])
    assert new.instrument_version == version2
    answers = answer_all(new, **{T1_INDICATOR_A: "yes", T1_INDICATOR_B: "yes"})
    assert answers == tier1_possible.answers
    client.post(f"/screenings/{new.pk}/submit/", form_data(new, answers))
    new.refresh_from_db()
    assert new.result["version"] == version2.number
    assert "several-indicators" in [r["id"] for r in new.result["fired_rules"]]
    assert NEW_REASON in client.get(f"/screenings/{new.pk}/").content.decode()
    old = Screening.objects.get(pk=tier1_possible.pk)
    assert "several-indicators" not in [r["id"] for r in old.result["fired_rules"]]


def test_the_start_page_offers_only_the_latest_version(client, caseworker, youth_case, version2, library):
    client.force_login(caseworker)
    page = client.get(f"/cases/{youth_case.pk}/screenings/new/").content.decode()
    assert f"Tier 1: brief indicator tool (v{version2.number})" in page
    assert f"Tier 1: brief indicator tool (v{library.tier1.number})" not in page
    response = client.post(
        f"/cases/{youth_case.pk}/screenings/new/", {"context": "general", "version": library.tier1.pk}
    )
    assert response.status_code == 200
    assert not Screening.objects.filter(
        case=youth_case, instrument_version=library.tier1, status="draft"
    ).exists()


def test_a_draft_started_before_the_new_version_keeps_its_version(
    client, caseworker, tier1_draft, version2, library
):
    client.force_login(caseworker)
    answers = answer_all(tier1_draft, **{T1_INDICATOR_A: "yes", T1_INDICATOR_B: "yes"})
    client.post(f"/screenings/{tier1_draft.pk}/submit/", form_data(tier1_draft, answers))
    tier1_draft.refresh_from_db()
    assert tier1_draft.instrument_version == library.tier1
    assert tier1_draft.level == "possible" and tier1_draft.result["version"] == library.tier1.number


def test_an_addendum_after_a_new_version_scores_with_the_pinned_one(
    client, caseworker, tier1_possible, version2, library
):
    client.force_login(caseworker)
    client.post(
        f"/screenings/{tier1_possible.pk}/addenda/new/",
        {"body": "One indicator was wrong.", f"c_{T1_INDICATOR_B}": "no"},
    )
    addendum = tier1_possible.addenda.get()
    assert addendum.level == "possible" and addendum.result["version"] == library.tier1.number
