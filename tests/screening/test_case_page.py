"""What screening adds to the case page: the panel (deadlines, open actions, screenings) and the
timeline entries."""

from screening import services
from tests import factories

from .conftest import fake_request


def case_page(client, user, case):
    client.force_login(user)
    response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_panel_lists_screenings_newest_first_with_their_level(
    client, caseworker, tier1_possible, tier2_disclosure, tier1_draft
):
    page = case_page(client, caseworker, tier1_possible.case)
    panel = page[page.index('id="screening-heading"') :]
    table = panel[panel.index("<table") : panel.index("</table>")]
    # One row per screening (the interview is part of the screening it follows), newest first.
    rows = [table.index(f'href="/screenings/{s.pk}/"') for s in (tier1_draft, tier1_possible)]
    assert rows == sorted(rows) and f'href="/screenings/{tier2_disclosure.pk}/"' not in table
    # The outcome first, each tier's own result beneath it.
    screening = table[rows[1] :]
    assert "Clear concern" in screening and "identified: sex trafficking" in screening
    assert "questioning stopped" in screening
    assert "Tier 1: Possible concern" in screening and "Tier 2: Clear concern" in screening
    assert ">draft<" in table
    assert "Start a screening" in panel


def test_the_panel_lists_open_actions_until_closed(client, caseworker, tier1_possible):
    action = tier1_possible.actions.get(code="safety-planning")
    page = case_page(client, caseworker, tier1_possible.case)
    assert "Open guidance actions" in page
    assert f'href="/screenings/{tier1_possible.pk}/#action-{action.pk}"' in page
    services.close_action(
        request=fake_request(caseworker),
        action=action,
        status="done",
        reference="HT-1",
        version=action.version,
    )
    page = case_page(client, caseworker, tier1_possible.case)
    panel = page[page.index('id="screening-heading"') : page.index('id="timeline-heading"')]
    assert f'href="/screenings/{tier1_possible.pk}/#action-{action.pk}"' not in panel


def test_the_timeline_has_the_screenings_and_closed_actions(client, caseworker, tier1_possible):
    action = tier1_possible.actions.get(code="safety-planning")
    services.close_action(
        request=fake_request(caseworker),
        action=action,
        status="not_applicable",
        reason="Placement already has a safety plan.",
        version=action.version,
    )
    client.force_login(caseworker)
    response = client.get(f"/cases/{tier1_possible.case_id}/")
    kinds = [entry.kind for entry in response.context["timeline"]["entries"]]
    assert "screening" in kinds and "action" in kinds
    page = response.content.decode()
    assert "Screening outcome: Possible concern" in page
    assert f"Not applicable: {action.title}" in page and "Placement already has a safety plan." in page


def test_the_timeline_has_reviews_responses_and_addenda(client, caseworker, supervisor, tier1_possible):
    from screening import review

    review.decide(
        request=fake_request(supervisor),
        screening=tier1_possible,
        decision="return",
        comment="Ask who pays for the trips.",
        round_token=review.token(tier1_possible),
    )
    tier1_possible.refresh_from_db()
    review.respond(
        request=fake_request(caseworker),
        screening=tier1_possible,
        comment="Her aunt pays; confirmed with the aunt.",
    )
    services.add_addendum(
        request=fake_request(caseworker),
        screening=tier1_possible,
        body="A record shows an exchange.",
        corrections={"T1-SX-03": "yes"},
    )
    client.force_login(caseworker)
    response = client.get(f"/cases/{tier1_possible.case_id}/")
    timeline = response.context["timeline"]["entries"]
    # The correction is a stop: the interview Tier 1 asked for is no longer asked for.
    assert "Not applicable: Complete the Tier 2 in-depth interview" in [e.title for e in timeline]
    titles = [entry.title for entry in timeline if entry.kind != "action"]
    assert titles[:3] == [
        "Addendum: level after the correction Clear concern",
        "Response to the supervisor: Tier 1: brief indicator tool",
        "Supervisor returned for more information: Tier 1: brief indicator tool",
    ]
    page = response.content.decode()
    assert "Ask who pays for the trips." in page and "Her aunt pays; confirmed with the aunt." in page


def test_a_closed_case_offers_no_new_screening(client, caseworker, youth_case, library):
    youth_case.status = youth_case.Status.CLOSED
    youth_case.save()
    assert "Start a screening" not in case_page(client, caseworker, youth_case)


def test_the_supervisor_sees_the_panel_too(client, supervisor, tier1_possible):
    page = case_page(client, supervisor, tier1_possible.case)
    assert "Possible concern" in page and "Start a screening" in page


def test_on_a_small_screen_what_is_due_comes_before_the_record(client, caseworker, youth_case, library):
    """Lexi came back from missing yesterday: the screening due and the unreported episode are at
    the top of the page on a phone (the record follows), and beside the record on a wide screen."""
    factories.MissingEpisodeFactory(case=youth_case)
    page = case_page(client, caseworker, youth_case)
    lead = page.index('<div class="d-lg-none mb-3">')
    assert lead < page.index('id="record-heading"')
    top = page[lead : page.index('id="record-heading"')]
    assert "Screening due after a return from missing" in top and "Start screening" in top
    assert "Report the missing youth to law enforcement" in top
    # The panel's copy of the alerts is displayed only on a wide screen: one copy at a time.
    panel = page[page.index('id="screening-heading"') :]
    assert '<div class="d-none d-lg-block">' in panel
    assert "Screening due after a return from missing" in panel


def test_on_a_small_screen_nothing_due_leaves_the_start_button_first(client, caseworker, youth_case, library):
    page = case_page(client, caseworker, youth_case)
    top = page[page.index('<div class="d-lg-none mb-3">') : page.index('id="record-heading"')]
    assert "Start a screening" in top and "alert" not in top
