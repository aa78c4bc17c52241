"""The htmx requests of the screening pages (issue 12): the autosave, the checklist's close and
reopen, the supervisor's decision. An htmx request (HX-Request) gets an HTML fragment to swap in,
never the whole page nor JSON; a plain post (no JavaScript) still gets the redirect or the page
(their own test files). Out of scope is a 404 as ever; anonymous gets a 401 fragment that says the
session ended, with a way back to the page it came from, and nothing is written.
"""

import json

import pytest
from django.utils import timezone

from screening import review, services

from .conftest import AUTOSAVE, T1_INDICATOR_A, fake_request, form_data

# An htmx request from a page of the app (htmx sends the page's address with every request).
HTMX = {**AUTOSAVE, "HTTP_HX_CURRENT_URL": "http://testserver/screenings/1/?tab=x"}


def htmx_from(path: str) -> dict:
    return {**AUTOSAVE, "HTTP_HX_CURRENT_URL": f"http://testserver{path}"}


def is_fragment(response) -> bool:
    content = response.content.decode()
    return "<html" not in content and "<!doctype" not in content.lower() and "<nav" not in content


@pytest.fixture
def action(tier2_disclosure):
    return tier2_disclosure.actions.get(code="report-law-enforcement")


def close_url(action):
    return f"/actions/{action.pk}/close/"


def reopen_url(action):
    return f"/actions/{action.pk}/reopen/"


def reload(obj):
    return type(obj).objects.get(pk=obj.pk)


def closed_by(user, action, reference="PD-1"):
    return services.close_action(
        request=fake_request(user),
        action=action,
        status="done",
        done_at=timezone.now(),
        reference=reference,
        reason="",
        version=action.version,
    )


# --------------------------------------------------------------------------- the autosave


def test_the_autosave_is_a_fragment_for_the_status_line(client, caseworker, tier1_draft):
    client.force_login(caseworker)
    page = tier1_draft.get_absolute_url()
    response = client.post(
        f"/screenings/{tier1_draft.pk}/save/",
        form_data(tier1_draft, {T1_INDICATOR_A: "yes"}),
        **htmx_from(page),
    )
    assert response.status_code == 200 and is_fragment(response)
    content = response.content.decode()
    assert content.startswith("Saved at ") and content == content.strip()
    assert "Draft saved." not in content  # no message left waiting for the next page either
    assert "Draft saved." not in client.get(page).content.decode()


def test_the_form_posts_the_autosave_with_htmx(client, caseworker, tier1_draft):
    """One save at a time, the latest last, a moment after a change; the page loads htmx locally."""
    client.force_login(caseworker)
    page = client.get(tier1_draft.get_absolute_url()).content.decode()
    assert f'hx-post="/screenings/{tier1_draft.pk}/save/"' in page
    assert 'hx-trigger="change delay:800ms, input delay:2s, autosave"' in page
    assert 'hx-sync="this:queue last"' in page and 'hx-target="#autosave-status"' in page
    assert '<script src="/static/django_htmx/htmx-2.min.js" defer></script>' in page
    assert 'role="status" aria-live="polite"' in page  # the status line, read out
    assert "X-Autosave" not in page


def test_no_autosave_for_someone_who_may_only_read_the_draft(client, caseworker, tier1_draft, youth_case):
    youth_case.status = youth_case.Status.CLOSED
    youth_case.save()
    client.force_login(caseworker)
    page = client.get(tier1_draft.get_absolute_url()).content.decode()
    assert "hx-post" not in page and "screening-autosave.js" not in page


def test_an_expired_session_gets_a_fragment_not_the_login_page(client, tier1_draft):
    page = tier1_draft.get_absolute_url()
    response = client.post(
        f"/screenings/{tier1_draft.pk}/save/",
        form_data(tier1_draft, {T1_INDICATOR_A: "yes"}),
        **htmx_from(page),
    )
    assert response.status_code == 401 and is_fragment(response)
    content = response.content.decode()
    assert "Your session has expired." in content
    assert "Your answers are kept in this browser tab." in content
    assert f'<a href="/accounts/login/?next={page}" data-login-again>Log in again to save them</a>' in content
    assert "HX-Reswap" not in response  # the status line, as any answer of the autosave
    assert reload(tier1_draft).answers == {}


def test_an_expired_session_without_javascript_goes_to_the_login_page(client, tier1_draft):
    response = client.post(
        f"/screenings/{tier1_draft.pk}/save/", form_data(tier1_draft, {T1_INDICATOR_A: "no"})
    )
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/screenings/{tier1_draft.pk}/save/"


def test_the_autosave_of_a_screening_out_of_scope_is_404(client, other_caseworker, tier1_draft):
    client.force_login(other_caseworker)
    response = client.post(
        f"/screenings/{tier1_draft.pk}/save/", form_data(tier1_draft, {T1_INDICATOR_A: "yes"}), **HTMX
    )
    assert response.status_code == 404
    assert reload(tier1_draft).answers == {}


def test_a_refused_autosave_says_why_in_the_status_line(client, caseworker, tier2_draft):
    """The interview's setting not confirmed yet: refused, said, nothing saved, not a conflict."""
    client.force_login(caseworker)
    response = client.post(
        f"/screenings/{tier2_draft.pk}/save/", form_data(tier2_draft, {"T2-DX-01": "yes"}), **HTMX
    )
    assert response.status_code == 409 and is_fragment(response)
    assert "Confirm the interview setting" in response.content.decode()
    assert "HX-Retarget" not in response and "HX-Trigger" not in response
    assert reload(tier2_draft).answers == {}


# --------------------------------------------------------------------------- the checklist


def test_closing_an_action_gets_its_card_back(client, caseworker, action):
    client.force_login(caseworker)
    page = f"/screenings/{action.screening.follows_id}/"
    response = client.post(
        close_url(action),
        {"status": "done", "reference": "PD-24-1187", "version": action.version},
        **htmx_from(page),
    )
    assert response.status_code == 200 and is_fragment(response)
    content = response.content.decode()
    assert content.count('class="card ') == 1 and f'id="action-{action.pk}"' in content
    assert 'role="status"' in content and "“Report to law enforcement” is closed." in content
    assert "recorded by Casey Moreno" in content and "Report number: <strong>PD-24-1187</strong>" in content
    assert "Save outcome" not in content and "Reopen this action" in content
    # The address opens the page at the action, as the plain post's redirect did.
    assert response["HX-Replace-Url"] == f"{page}#action-{action.pk}"
    saved = reload(action)
    assert (saved.status, saved.reference, saved.closed_by) == ("done", "PD-24-1187", caseworker)
    # Said in the card: no message waits for the next page.
    assert "is closed." not in client.get(page).content.decode()


def test_a_refused_close_shows_the_form_again_in_the_card(client, caseworker, action):
    client.force_login(caseworker)
    response = client.post(
        close_url(action), {"status": "done", "reference": " ", "version": action.version}, **HTMX
    )
    assert response.status_code == 400 and is_fragment(response)
    content = response.content.decode()
    assert f'id="action-{action.pk}"' in content and 'role="alert"' in content
    assert "The action “Report to law enforcement” was not closed; see below." in content
    assert "Give the report number: a mandated report is done only with it." in content
    assert "<details open>" in content and "Save outcome" in content
    assert "HX-Replace-Url" not in response
    assert reload(action).status == "open"


def test_closing_an_action_someone_else_closed_shows_who_did(client, caseworker, supervisor, action):
    loaded = action.version
    closed_by(supervisor, action, reference="PD-1")
    client.force_login(caseworker)
    response = client.post(
        close_url(action), {"status": "done", "reference": "PD-2", "version": loaded}, **HTMX
    )
    assert response.status_code == 409 and is_fragment(response)
    content = response.content.decode()
    assert "This action was already closed by Morgan Reyes at" in content
    # The card as it is now: closed by the supervisor, with the report number they gave.
    assert "recorded by Morgan Reyes" in content and "PD-1" in content and "PD-2" not in content
    saved = reload(action)
    assert saved.reference == "PD-1" and saved.closed_by == supervisor


def test_a_card_shown_from_another_screening_keeps_saying_so(client, caseworker, action):
    """An action open from another screening of the case, shown in this one's checklist."""
    client.force_login(caseworker)
    data = {"status": "done", "reference": "", "version": action.version, "elsewhere": "1"}
    content = client.post(close_url(action), data, **HTMX).content.decode()
    assert "Already open from the screening of" in content and 'name="elsewhere" value="1"' in content
    data["reference"] = "PD-5"
    content = client.post(close_url(action), data, **HTMX).content.decode()
    assert "Already open from the screening of" not in content  # closed: no longer "already open"


def test_reopening_an_action_gets_its_card_back(client, caseworker, action):
    closed = closed_by(caseworker, action)
    client.force_login(caseworker)
    response = client.post(
        reopen_url(closed),
        {"reason": "Wrong youth.", "version": closed.version},
        **htmx_from("/screenings/7/"),
    )
    assert response.status_code == 200 and is_fragment(response)
    content = response.content.decode()
    assert "“Report to law enforcement” is open again." in content and 'role="status"' in content
    assert "Save outcome" in content  # open again: the form to close it
    assert "Reopened once: the earlier record" in content and "Wrong youth." in content
    assert response["HX-Replace-Url"] == f"/screenings/7/#action-{action.pk}"
    assert reload(action).status == "open"


def test_a_refused_reopen_shows_the_form_again_in_the_card(client, caseworker, action):
    closed = closed_by(caseworker, action)
    client.force_login(caseworker)
    response = client.post(reopen_url(closed), {"reason": "  ", "version": closed.version}, **HTMX)
    assert response.status_code == 400 and is_fragment(response)
    content = response.content.decode()
    assert "“Report to law enforcement” was not reopened: Say why this action is reopened." in content
    assert '<details class="mt-1" open>' in content
    assert reload(action).status == "done"


def test_reopening_a_stale_copy_shows_the_card_as_it_is(client, caseworker, supervisor, action):
    closed = closed_by(caseworker, action)
    services.reopen_action(
        request=fake_request(supervisor), action=closed, reason="Typo.", version=closed.version
    )
    again = closed_by(supervisor, reload(action), reference="PD-9")
    client.force_login(caseworker)
    response = client.post(reopen_url(again), {"reason": "Mine.", "version": closed.version}, **HTMX)
    assert response.status_code == 409 and is_fragment(response)
    content = response.content.decode()
    assert 'role="alert"' in content and "PD-9" in content
    assert reload(action).status == "done"


@pytest.mark.parametrize("view", ["close", "reopen"])
def test_the_checklist_out_of_scope_is_404(client, other_caseworker, caseworker, action, view):
    target = closed_by(caseworker, action) if view == "reopen" else action
    before = (reload(target).status, reload(target).version)
    client.force_login(other_caseworker)
    url = close_url(target) if view == "close" else reopen_url(target)
    data = {"status": "done", "reference": "X", "reason": "X", "version": target.version}
    assert client.post(url, data, **HTMX).status_code == 404
    assert (reload(target).status, reload(target).version) == before


@pytest.mark.parametrize("view", ["close", "reopen"])
def test_the_checklist_after_the_session_ended(client, caseworker, action, view):
    target = closed_by(caseworker, action) if view == "reopen" else action
    before = (reload(target).status, reload(target).version)
    url = close_url(target) if view == "close" else reopen_url(target)
    data = {"status": "done", "reference": "X", "reason": "X", "version": target.version}
    response = client.post(url, data, **htmx_from("/screenings/3/"))
    assert response.status_code == 401 and is_fragment(response)
    # Above the card's content: what was typed in the form stays.
    assert response["HX-Reswap"] == "afterbegin"
    content = response.content.decode()
    assert 'role="alert"' in content and "Your session has expired." in content
    assert 'href="/accounts/login/?next=/screenings/3/"' in content
    assert (reload(target).status, reload(target).version) == before
    # Without JavaScript: the login page, as before.
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


# --------------------------------------------------------------------------- the review decision


def review_url(screening):
    return f"/screenings/{screening.pk}/review/"


def decide(client, screening, decision, comment="", round_token=None, **extra):
    screening.refresh_from_db()
    data = {"decision": decision, "comment": comment, "round": round_token or review.token(screening)}
    return client.post(review_url(screening), data, **{**HTMX, **extra})


def test_the_decision_gets_the_panel_back(client, supervisor, tier1_possible):
    client.force_login(supervisor)
    response = decide(client, tier1_possible, "return", "Who gave the second phone?")
    assert response.status_code == 200 and is_fragment(response)
    content = response.content.decode()
    assert content.count('id="decision"') == 1 and "<section" in content
    assert 'role="status"' in content and "Decision recorded: Return for more information." in content
    assert "Who gave the second phone?" in content  # the history, with this decision
    assert "This screening is returned for more information." in content
    assert "Record decision" not in content and 'href="/reviews/"' in content
    assert reload(tier1_possible).review_status == "returned"
    # Said in the panel: no message waits for the next page.
    assert "Decision recorded" not in client.get("/reviews/").content.decode()


def test_a_refused_decision_shows_the_form_again_in_the_panel(client, supervisor, tier1_possible):
    client.force_login(supervisor)
    response = decide(client, tier1_possible, "return", "   ")
    assert response.status_code == 400 and is_fragment(response)
    content = response.content.decode()
    assert "Say what more information is needed" in content and "Record decision" in content
    assert reload(tier1_possible).review_status == "pending" and not tier1_possible.reviews.exists()


def test_a_decision_someone_else_made_first_is_shown(client, supervisor, team_a, tier1_possible):
    from tests import factories

    second = factories.supervisor("avery", team_a, first_name="Avery", last_name="Lind")
    stale = review.token(tier1_possible)
    client.force_login(supervisor)
    decide(client, tier1_possible, "return", "Ask about the phone.", stale)
    client.force_login(second)
    response = decide(client, tier1_possible, "approve", "", stale)
    assert response.status_code == 409 and is_fragment(response)
    content = response.content.decode()
    assert 'role="alert"' in content and "already decided this screening" in content
    assert "Ask about the phone." in content and "Record decision" not in content
    assert tier1_possible.reviews.count() == 1 and reload(tier1_possible).review_status == "returned"


def test_the_decision_out_of_scope_is_404(client, other_supervisor, tier1_possible):
    client.force_login(other_supervisor)
    assert decide(client, tier1_possible, "approve").status_code == 404
    assert not tier1_possible.reviews.exists()


def test_the_decision_after_the_session_ended(client, tier1_possible):
    response = decide(client, tier1_possible, "approve")
    assert response.status_code == 401 and is_fragment(response)
    assert response["HX-Reswap"] == "afterbegin"
    assert "Your session has expired." in response.content.decode()
    assert not tier1_possible.reviews.exists()
    page = client.get(review_url(tier1_possible))
    assert (
        page.status_code == 302 and page["Location"] == f"/accounts/login/?next={review_url(tier1_possible)}"
    )


def test_the_review_page_posts_the_decision_with_htmx(client, supervisor, tier1_possible):
    client.force_login(supervisor)
    page = client.get(review_url(tier1_possible), **HTMX)  # a GET is the page, htmx or not
    content = page.content.decode()
    assert page.status_code == 200 and "<html" in content
    assert f'hx-post="{review_url(tier1_possible)}" hx-target="#decision" hx-swap="outerHTML"' in content


# --------------------------------------------------------------------------- what htmx is told


def test_the_htmx_config_keeps_a_strict_content_security_policy_possible(client, caseworker):
    client.force_login(caseworker)
    page = client.get("/").content.decode()
    start = page.index('<meta name="htmx-config" content=\'') + len('<meta name="htmx-config" content=\'')
    config = json.loads(page[start : page.index("'>", start)])
    assert config["includeIndicatorStyles"] is False  # no <style> added by htmx
    assert config["allowEval"] is False and config["allowScriptTags"] is False
    assert config["historyCacheSize"] == 0  # no copy of a youth's page in the browser's storage
    swapped = [r["code"] for r in config["responseHandling"] if r["swap"]]
    assert swapped == ["[23]..", "40[019]"]


def test_a_submitted_screening_forgets_the_tabs_copy_of_its_drafts(client, caseworker, tier2_disclosure):
    client.force_login(caseworker)
    page = client.get(f"/screenings/{tier2_disclosure.pk}/").content.decode()
    ids = f"{tier2_disclosure.follows_id} {tier2_disclosure.pk}"
    assert f'<script src="/static/js/forget-drafts.js" data-screenings="{ids}" defer></script>' in page
