"""The screening page of a draft: the form generated from the pinned version."""

from django.utils.html import escape

from tests import factories

from .conftest import T1_INDICATOR_A, audit_events, confirm_setting, save, start


def page_of(client, screening):
    response = client.get(f"/screenings/{screening.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_brief_tool_shows_every_section_item_and_option(client, caseworker, tier1_draft):
    client.force_login(caseworker)
    page = page_of(client, tier1_draft)
    for section in tier1_draft.sections():
        assert escape(section["title"]) in page
        for item in section["items"]:
            assert escape(item["text"]) in page, item["code"]
            for value in ("yes", "no", "unknown"):
                assert f'name="a_{item["code"]}" value="{value}"' in page
            assert f'name="n_{item["code"]}"' in page
    # An indicator is never declined: that is for questions asked of the youth.
    assert 'value="declined"' not in page
    assert "Save draft" in page and "Submit and see the result" in page
    assert f'name="version" value="{tier1_draft.version}"' in page


def test_the_youth_is_named_as_they_choose_with_their_language(client, caseworker, tier1_draft, youth_case):
    youth_case.primary_language = "Spanish"
    youth_case.interpreter_needed = True
    youth_case.save()
    client.force_login(caseworker)
    page = page_of(client, tier1_draft)
    banner = page[page.index("youth-banner") :]
    assert banner.index("Lexi") < banner.index("she/her")
    assert "Spanish" in banner and "interpreter needed" in banner
    assert "Jordan Alexis Smith" not in banner[:400]


def test_the_interview_shows_suggested_wording_and_declined_on_every_question(
    client, caseworker, tier2_draft
):
    confirm_setting(caseworker, tier2_draft)
    client.force_login(caseworker)
    page = page_of(client, tier2_draft)
    for item in tier2_draft.presented_items():
        assert f'name="a_{item["code"]}" value="declined"' in page, item["code"]
        if item.get("phrasing"):
            assert escape(item["phrasing"]) in page
    assert "Declined to answer" in page
    assert "stop asking questions" in page


def test_the_disclosure_question_carries_its_stop_from_the_rules(client, caseworker, tier2_draft):
    from .conftest import T2_DISCLOSURE

    confirm_setting(caseworker, tier2_draft)
    client.force_login(caseworker)
    page = page_of(client, tier2_draft)
    row = page[page.index(f'id="item-{T2_DISCLOSURE}"') :]
    row = row[: row.index('class="item-note"')]
    assert f'id="item-{T2_DISCLOSURE}" data-stop-on="yes"' in page
    assert '<div class="alert alert-danger mt-2 mb-1 stop-now" role="alert" hidden>' in row
    assert "Stop questioning here." in row and 'formaction="/screenings/' in row
    # Only the disclosure stops: no other question carries the notice.
    assert page.count("data-stop-on=") == 1
    assert "js/screening-stop.js" in page


def test_a_return_from_missing_asks_about_the_time_away(client, caseworker, youth_case, library):
    episode = factories.MissingEpisodeFactory(case=youth_case)
    general = start(caseworker, youth_case, library.tier2)
    after_return = start(
        caseworker, youth_case, library.tier2, context="return_from_missing", episode=episode
    )
    for screening in (general, after_return):
        confirm_setting(caseworker, screening)
    client.force_login(caseworker)
    assert 'name="a_T2-RM-01"' not in page_of(client, general)
    page = page_of(client, after_return)
    assert 'name="a_T2-RM-01"' in page and "While away" in page
    assert "return of" in page


def test_the_brief_tool_after_a_return_shows_what_the_record_says_of_it(
    client, caseworker, youth_case, library
):
    episode = factories.MissingEpisodeFactory(
        case=youth_case,
        recovery_location_type="hotel",
        recovery_location_details="Motel off I-70",
        notes="Came back with new clothes.",
    )
    screening = start(caseworker, youth_case, library.tier1, context="return_from_missing", episode=episode)
    client.force_login(caseworker)
    page = page_of(client, screening)
    facts = page[page.index('id="episode-facts-heading"') : page.index('id="screening-form"')]
    assert "Recovered at: <strong>Hotel or motel</strong>" in facts
    assert "Motel off I-70" in facts and "Came back with new clothes." in facts
    assert "General" not in facts
    # A general screening has no return to describe.
    assert "episode-facts-heading" not in page_of(client, start(caseworker, youth_case, library.tier1))


def test_saved_answers_are_there_after_a_reload(client, caseworker, tier1_draft):
    save(caseworker, tier1_draft, {T1_INDICATOR_A: "yes"}, {T1_INDICATOR_A: "Trips to Miami."})
    client.force_login(caseworker)
    page = page_of(client, tier1_draft)
    assert f'value="yes" id="id_a_{T1_INDICATOR_A}_0" checked' in page
    assert "Trips to Miami." in page


def test_the_supervisor_may_continue_the_draft(client, supervisor, tier1_draft):
    client.force_login(supervisor)
    page = page_of(client, tier1_draft)
    assert "Save draft" in page and " disabled" not in page.split('id="screening-form"')[1]


def test_a_draft_of_a_closed_case_is_read_only(client, caseworker, tier1_draft, youth_case):
    youth_case.status = youth_case.Status.CLOSED
    youth_case.save()
    client.force_login(caseworker)
    page = page_of(client, tier1_draft)
    assert "Save draft" not in page
    assert f'name="a_{T1_INDICATOR_A}" value="yes" id="id_a_{T1_INDICATOR_A}_0" disabled' in page


def test_viewing_a_screening_is_audited(client, supervisor, tier1_draft, tier2_disclosure):
    client.force_login(supervisor)
    for screening in (tier1_draft, tier2_disclosure):
        page_of(client, screening)
        event = audit_events(screening.case, action="viewed", object_id=str(screening.pk)).get()
        assert event.user == supervisor and event.object_type == "screening.screening"
        assert event.path == f"/screenings/{screening.pk}/"


def test_the_page_is_not_cached(client, caseworker, tier1_draft):
    client.force_login(caseworker)
    assert "no-store" in client.get(f"/screenings/{tier1_draft.pk}/")["Cache-Control"]
