"""Saving a draft ("Save draft" and the autosave): nothing lost, nothing silently overwritten.

The autosave is an htmx request (AUTOSAVE): it gets an HTML fragment for the page, never JSON.
"""

import json
import re

from django.utils.html import escape

from screening.models import Screening

from .conftest import AUTOSAVE, T1_INDICATOR_A, T1_INDICATOR_B, audit_events, form_data, submit


def url(screening):
    return f"/screenings/{screening.pk}/save/"


def reload(screening):
    return Screening.objects.get(pk=screening.pk)


def test_save_draft_keeps_answers_and_notes(client, caseworker, tier1_draft):
    client.force_login(caseworker)
    response = client.post(
        url(tier1_draft),
        form_data(
            tier1_draft,
            {T1_INDICATOR_A: "yes", "T1-MT-01": "unknown"},
            {T1_INDICATOR_A: "  Two trips to the city.  "},
        ),
    )
    assert response.status_code == 302 and response["Location"] == f"/screenings/{tier1_draft.pk}/"
    saved = reload(tier1_draft)
    assert saved.answers == {T1_INDICATOR_A: "yes", "T1-MT-01": "unknown"}
    assert saved.notes == {T1_INDICATOR_A: "Two trips to the city."}
    assert saved.version == tier1_draft.version + 1 and saved.updated_by == caseworker
    assert saved.is_draft
    # Reloaded, the form shows them.
    page = client.get(response["Location"]).content.decode()
    assert "Draft saved." in page
    assert f'name="a_{T1_INDICATOR_A}" value="yes" id="id_a_{T1_INDICATOR_A}_0" checked' in page
    assert "Two trips to the city." in page


def oob_version(content: str) -> int:
    """The version the autosave's answer sets in the form (an out-of-band swap of the hidden input)."""
    match = re.search(
        r'<input type="hidden" name="version" value="(\d+)" id="id_version" hx-swap-oob="true">', content
    )
    assert match, content
    return int(match.group(1))


def client_events(response) -> dict:
    return json.loads(response.headers.get("HX-Trigger", "{}"))


def test_the_autosave_answers_with_the_status_line_and_the_new_version(client, caseworker, tier1_draft):
    client.force_login(caseworker)
    response = client.post(url(tier1_draft), form_data(tier1_draft, {T1_INDICATOR_A: "yes"}), **AUTOSAVE)
    assert response.status_code == 200
    content = response.content.decode()
    assert re.match(r"^Saved at \d{1,2}:\d\d [AP]M<input ", content)
    assert oob_version(content) == tier1_draft.version + 1
    # ...and a conflict shown earlier goes.
    assert '<div id="conflict-slot" hx-swap-oob="innerHTML"></div>' in content
    assert "<html" not in content and "<form" not in content  # a fragment, not the page
    assert reload(tier1_draft).answers == {T1_INDICATOR_A: "yes"}


def test_a_draft_survives_an_expired_session(client, caseworker, tier1_draft):
    client.force_login(caseworker)
    client.post(url(tier1_draft), form_data(tier1_draft, {T1_INDICATOR_A: "yes"}), **AUTOSAVE)
    client.logout()
    response = client.get(f"/screenings/{tier1_draft.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(caseworker)
    form = client.get(f"/screenings/{tier1_draft.pk}/").context["form"]
    assert form[f"a_{T1_INDICATOR_A}"].value() == "yes"


def test_an_answer_not_on_the_items_scale_is_refused_and_nothing_is_saved(client, caseworker, tier1_draft):
    client.force_login(caseworker)
    # Tier 1 indicators are Yes / No / Unknown: neither "maybe" nor the interview's "declined".
    for value in ("maybe", "declined"):
        response = client.post(
            url(tier1_draft), form_data(tier1_draft, {T1_INDICATOR_A: "yes", T1_INDICATOR_B: value})
        )
        assert response.status_code == 400
        assert "Some answers are not valid and nothing was saved" in response.content.decode()
        assert "Select a valid choice" in response.content.decode()
    response = client.post(url(tier1_draft), form_data(tier1_draft, {T1_INDICATOR_B: "maybe"}), **AUTOSAVE)
    assert response.status_code == 400
    message = response.content.decode()
    assert message.startswith('<span class="text-danger">Some answers could not be saved')
    item = next(i["text"] for i in tier1_draft.presented_items() if i["code"] == T1_INDICATOR_B)
    assert escape(item) in message
    assert "id_version" not in message  # nothing saved: the form's version stays
    saved = reload(tier1_draft)
    assert saved.answers == {} and saved.version == tier1_draft.version


def test_autosave_errors_name_the_question_and_never_an_internal_field(client, caseworker, tier1_draft):
    client.force_login(caseworker)
    item = next(i["text"] for i in tier1_draft.presented_items() if i["code"] == T1_INDICATOR_A)
    data = form_data(tier1_draft, {T1_INDICATOR_A: "yes"}, {T1_INDICATOR_A: "x" * 4001}, version="")
    response = client.post(url(tier1_draft), data, **AUTOSAVE)
    assert response.status_code == 400
    message = response.content.decode()
    assert "This page is out of date: reload it and try again." in message
    assert escape(f"Note on “{item}”: Ensure this value has at most 4000 characters") in message
    assert "None" not in message and "version" not in message.lower()
    assert reload(tier1_draft).answers == {}


def test_a_missing_or_garbled_version_is_refused(client, caseworker, tier1_draft):
    client.force_login(caseworker)
    for version in ("", "abc", "1.5"):
        response = client.post(
            url(tier1_draft), form_data(tier1_draft, {T1_INDICATOR_A: "yes"}, version=version)
        )
        assert response.status_code == 400
    assert reload(tier1_draft).answers == {}


def test_items_the_screening_does_not_present_are_ignored(client, caseworker, tier1_draft):
    client.force_login(caseworker)
    data = form_data(tier1_draft, {T1_INDICATOR_A: "yes", "T2-DX-01": "yes", "nonsense": "yes"})
    assert client.post(url(tier1_draft), data).status_code == 302
    assert reload(tier1_draft).answers == {T1_INDICATOR_A: "yes"}


# --------------------------------------------------------------------------- two tabs, two people


def test_a_second_save_from_the_same_copy_is_told_and_overwrites_nothing(
    client, caseworker, caseworker2, supervisor, tier1_draft
):
    """Casey's tab and Morgan (the supervisor) both opened version 1."""
    loaded = tier1_draft.version
    client.force_login(caseworker)
    client.post(url(tier1_draft), form_data(tier1_draft, {T1_INDICATOR_A: "yes"}, version=loaded))
    client.force_login(supervisor)
    response = client.post(
        url(tier1_draft),
        form_data(tier1_draft, {T1_INDICATOR_A: "no"}, {T1_INDICATOR_B: "Saw two phones."}, version=loaded),
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "This screening was saved elsewhere while you were working" in page
    assert "Nothing was overwritten" in page
    differences = [(d.field, d.saved, d.yours) for d in response.context["conflict"].differences]
    # In the instrument's order: the note on B's item comes before A's answer.
    assert differences == [(T1_INDICATOR_B, "—", "Saw two phones."), (T1_INDICATOR_A, "Yes", "No")]
    item = next(i["text"] for i in tier1_draft.presented_items() if i["code"] == T1_INDICATOR_A)
    assert escape(item) in page  # the item's text is in the table
    saved = reload(tier1_draft)
    assert saved.answers == {T1_INDICATOR_A: "yes"} and saved.notes == {}
    # Morgan's answers stay in the form, and the form now carries the saved version...
    form = response.context["form"]
    assert form[f"a_{T1_INDICATOR_A}"].value() == "no"
    assert form["version"].value() == str(saved.version)
    # ...so saving again replaces the saved answers: an explicit choice.
    response = client.post(
        url(tier1_draft),
        form_data(
            tier1_draft, {T1_INDICATOR_A: "no"}, {T1_INDICATOR_B: "Saw two phones."}, version=saved.version
        ),
    )
    assert response.status_code == 302
    saved = reload(tier1_draft)
    assert saved.answers == {T1_INDICATOR_A: "no"} and saved.notes == {T1_INDICATOR_B: "Saw two phones."}
    assert saved.updated_by == supervisor


def test_the_autosave_conflict_is_a_fragment_with_the_differences(client, caseworker, tier1_draft):
    loaded = tier1_draft.version
    client.force_login(caseworker)
    client.post(url(tier1_draft), form_data(tier1_draft, {T1_INDICATOR_A: "yes"}, version=loaded), **AUTOSAVE)
    response = client.post(
        url(tier1_draft), form_data(tier1_draft, {T1_INDICATOR_A: "unknown"}, version=loaded), **AUTOSAVE
    )
    assert response.status_code == 409
    # Shown above the form, not in the status line; the page's script stops the autosave.
    assert response["HX-Retarget"] == "#conflict-slot" and response["HX-Reswap"] == "innerHTML"
    assert "autosave-conflict" in client_events(response)
    html = response.content.decode()
    assert "Nothing was overwritten" in html
    assert '<td data-label="Saved now">Yes</td><td data-label="Yours">Unknown</td>' in html
    # The version the saved answers have, for "Keep my answers"; the form's own is left alone.
    keep = re.search(
        r'<button type="button" class="btn btn-warning" data-autosave-keep data-version="(\d+)">', html
    )
    assert keep and int(keep.group(1)) == loaded + 1
    assert "id_version" not in html
    assert "Load the saved answers" in html
    assert '<span id="autosave-status" hx-swap-oob="innerHTML">' in html
    assert "Not saved: see the message at the top." in html
    assert reload(tier1_draft).answers == {T1_INDICATOR_A: "yes"}
    # The autosave retries with the version it was given: now it replaces the answers.
    response = client.post(
        url(tier1_draft),
        form_data(tier1_draft, {T1_INDICATOR_A: "unknown"}, version=keep.group(1)),
        **AUTOSAVE,
    )
    assert response.status_code == 200 and "Saved at" in response.content.decode()
    assert oob_version(response.content.decode()) == loaded + 2
    assert reload(tier1_draft).answers == {T1_INDICATOR_A: "unknown"}


def test_the_same_answers_from_an_old_copy_are_accepted_silently(client, caseworker, tier1_draft):
    loaded = tier1_draft.version
    client.force_login(caseworker)
    client.post(url(tier1_draft), form_data(tier1_draft, {T1_INDICATOR_A: "yes"}, version=loaded))
    version_after_first = reload(tier1_draft).version
    response = client.post(
        url(tier1_draft), form_data(tier1_draft, {T1_INDICATOR_A: "yes"}, version=loaded), **AUTOSAVE
    )
    assert response.status_code == 200 and "Saved at" in response.content.decode()
    assert oob_version(response.content.decode()) == version_after_first
    assert reload(tier1_draft).version == version_after_first


def test_saving_a_submitted_screening_is_refused(client, caseworker, tier1_possible):
    before = (tier1_possible.answers, tier1_possible.version)
    client.force_login(caseworker)
    response = client.post(
        url(tier1_possible), form_data(tier1_possible, {T1_INDICATOR_A: "no"}), follow=True
    )
    assert "This screening was submitted; it can no longer be changed." in response.content.decode()
    response = client.post(url(tier1_possible), form_data(tier1_possible, {T1_INDICATOR_A: "no"}), **AUTOSAVE)
    assert response.status_code == 409
    assert "autosave-submitted" in client_events(response)  # the page stops saving, forgets its copy
    html = response.content.decode()
    assert "This screening was submitted; it can no longer be changed." in html
    assert f'<a href="/screenings/{tier1_possible.pk}/">See the result</a>' in html
    saved = reload(tier1_possible)
    assert (saved.answers, saved.version) == before


def test_a_screening_submitted_in_another_tab_refuses_the_old_tabs_save(client, caseworker, tier1_draft):
    from .conftest import answer_all

    loaded = tier1_draft.version
    submit(caseworker, tier1_draft, answer_all(tier1_draft))
    client.force_login(caseworker)
    response = client.post(
        url(tier1_draft), form_data(tier1_draft, {T1_INDICATOR_A: "yes"}, version=loaded), **AUTOSAVE
    )
    assert response.status_code == 409 and "autosave-submitted" in client_events(response)
    assert reload(tier1_draft).answers[T1_INDICATOR_A] == "no"


def test_every_save_is_audited(client, caseworker, tier1_draft):
    client.force_login(caseworker)
    client.post(url(tier1_draft), form_data(tier1_draft, {T1_INDICATOR_A: "yes"}), **AUTOSAVE)
    event = audit_events(tier1_draft.case, summary="Screening draft saved").get()
    assert event.user == caseworker and event.object_id == str(tier1_draft.pk)
    assert event.detail == {"answered": 1, "version": tier1_draft.version + 1}
