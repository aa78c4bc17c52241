"""The printable screening summary (PDF): its content, pages, scoping, audit and reprint."""

import io
import re

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from indicators import engine, lifecycle
from indicators.models import InstrumentVersion
from screening import services
from screening.models import GuidanceAction, ReviewDecision, ReviewResponse
from tests.dates import shown_at

from .conftest import (
    T1_INDICATOR_A,
    V1_INDICATOR_A,
    answer_all,
    fake_request,
    save,
    start,
    submit,
)

NOTE_A = "Came back from a weekend away with new clothes and would not say where from."
DETERMINATION = "The second phone and the trips together make me more worried than the tool."
RETURN_COMMENT = "Please say who the second phone belongs to."
RESPONSE_COMMENT = "The youth says a friend gave it; the placement keeps it at night now."
APPROVE_COMMENT = "Plan approved; keep the safety plan under review."
ADDENDUM = "The foster parent later told us the trips were to a cousin's house."


def pdf_pages(response) -> list[str]:
    """The text of each page, whitespace normalised (lines wrap wherever the layout puts them)."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    reader = pypdf.PdfReader(io.BytesIO(content))
    # A line that ends on a hyphen ("out-of-" / "home") continues the word on the next line.
    return [" ".join(re.sub(r"-\n", "-", page.extract_text()).split()) for page in reader.pages]


def words(text: str) -> str:
    return " ".join(text.split())


def item_text(screening, code):
    return next(item["text"] for item in screening.presented_items() if item["code"] == code)


def print_url(screening):
    return reverse("screening:print", kwargs={"pk": screening.pk})


def fill_the_record(screening, caseworker, supervisor, noted, corrections):
    """Everything a summary shows: a note on `noted`, a determination, closed actions, a review
    returned, answered and approved, and an addendum with `corrections`."""
    screening.notes = {noted: NOTE_A}
    screening.save(update_fields=["notes"])
    request = fake_request(caseworker)
    services.record_determination(
        request=request, screening=screening, determination="differ", level="clear", reason=DETERMINATION
    )
    actions = list(screening.actions.order_by("position"))
    done, not_applicable = actions[0], actions[1]
    services.close_action(
        request=request,
        action=done,
        status="done",
        done_at=timezone.now(),
        reference="HOTLINE-2026-0042",
        reason="",
        version=done.version,
    )
    services.close_action(
        request=request,
        action=not_applicable,
        status="not_applicable",
        reason="The placement provider already made this call today.",
        version=not_applicable.version,
    )
    ReviewDecision.objects.create(
        screening=screening, decision="return", comment=RETURN_COMMENT, decided_by=supervisor
    )
    ReviewResponse.objects.create(screening=screening, comment=RESPONSE_COMMENT, created_by=caseworker)
    ReviewDecision.objects.create(
        screening=screening, decision="approve", comment=APPROVE_COMMENT, decided_by=supervisor
    )
    screening.refresh_from_db()
    services.add_addendum(request=request, screening=screening, body=ADDENDUM, corrections=corrections)
    screening.refresh_from_db()
    return screening


@pytest.fixture
def complete(tier1_possible, caseworker, supervisor):
    """`tier1_possible` with everything a summary shows. The correction also adds an action, left
    open (the youth may be in danger now: 911)."""
    return fill_the_record(
        tier1_possible, caseworker, supervisor, T1_INDICATOR_A, {T1_INDICATOR_A: "no", "T1-RC-06": "yes"}
    )


@pytest.fixture
def complete_before_v2(v1_possible, caseworker, supervisor):
    """`v1_possible` (submitted before instruments v2) with everything a summary shows."""
    return fill_the_record(v1_possible, caseworker, supervisor, V1_INDICATOR_A, {V1_INDICATOR_A: "no"})


def test_a_screening_submitted_before_v2_prints_as_it_did(login, caseworker, complete_before_v2):
    screening, case = complete_before_v2, complete_before_v2.case
    pages = pdf_pages(login(caseworker).get(print_url(screening)))
    text = " ".join(pages)

    # The youth.
    for expected in [
        "Chosen name Lexi",
        "Pronouns she/her",
        "Legal name Jordan Alexis Smith",
        "Case number A-1001",
        f"Age {case.age} today",
    ]:
        assert expected in text, expected
    # The screening: context, date, screener, instrument and version.
    assert "Context General" in text
    assert f"Started {shown_at(screening.created_at)}" in text
    assert "Screener Casey Moreno" in text
    assert f"{screening.instrument_name}, version {screening.instrument_version.number}" in text
    # Every presented item with its answer, and the note.
    labels = {o["value"]: o["label"] for o in screening.content["answer_scales"]["yes_no_unknown"]["options"]}
    for item in screening.presented_items():
        row = words(item["text"])
        answers = text[text.index("items answered.") :]
        after = answers[answers.index(row) + len(row) :]
        if item["code"] == V1_INDICATOR_A:
            after = after.removeprefix(f" Note: {NOTE_A}")
        assert after.startswith(f" {labels[screening.answers[item['code']]]}"), item["code"]
    assert f"{words(item_text(screening, V1_INDICATOR_A))} Note: {NOTE_A} Yes *" in text
    # Item codes are for instrument administrators; the print speaks in the questions' words.
    assert not any(item["code"] in text for item in screening.presented_items())
    # The level, the reasons (with the answers behind them), the determination.
    assert "Possible concern" in text
    for rule in screening.result["fired_rules"]:
        assert words(rule["reason"]) in text
        for ref in rule["answers"]:
            assert words(f"{ref['text']} — {labels[ref['answer']]}") in text
    # (a clear concern prints in capitals, so it stands out in black and white)
    assert "determination differs; determined level: clear concern" in text.lower()
    assert DETERMINATION in text
    # The checklist: every action, its status, who closed it, the reference.
    for action in screening.actions.all():
        assert words(action.title) in text
    assert "☑ Done" in text and "☒ Not applicable" in text and "☐ Open" in text
    assert "recorded by Casey Moreno" in text
    assert "Reference: HOTLINE-2026-0042" in text
    assert "The placement provider already made this call today." in text
    # The review: decisions, comments, the caseworker's response.
    for expected in [
        "Return for more information",
        RETURN_COMMENT,
        "Caseworker's response",
        RESPONSE_COMMENT,
        "Approve the plan",
        APPROVE_COMMENT,
        "Morgan Reyes",
    ]:
        assert expected in text, expected
    # The addendum, with its correction.
    assert ADDENDUM in text
    assert "corrected to No" in text
    # The result leads with the level after the correction; the one at submission is kept.
    result = text[text.index("Result ") : text.index("Caseworker's determination")]
    correction = screening.addenda.get()
    when = shown_at(correction.created_at)
    assert result.index(f"after the correction in the addendum of {when}") < result.index(
        "At submission the result was Possible concern"
    )
    assert result.index("Why: the rules that apply after the correction") < result.index(
        "The rules that applied at submission"
    )
    # Who printed it, the confidentiality notice on every page.
    assert "Printed " in text and "by Casey Moreno (casey)" in text
    for page in pages:
        assert "CONFIDENTIAL" in page


def test_screening_summary_shows_the_whole_record(login, caseworker, complete):
    screening, case = complete, complete.case
    pages = pdf_pages(login(caseworker).get(print_url(screening)))
    text = " ".join(pages)

    # The youth.
    for expected in [
        "Chosen name Lexi",
        "Pronouns she/her",
        "Legal name Jordan Alexis Smith",
        "Case number A-1001",
        f"Age {case.age} today",
    ]:
        assert expected in text, expected
    # The screening: context, date, screener, each tier's instrument and version.
    assert "Context General" in text and "Profile Federal baseline" in text
    assert f"Started {shown_at(screening.created_at)}" in text
    assert "Screener Casey Moreno" in text
    assert f"{screening.instrument_name}, version {screening.instrument_version.number}" in text
    # The outcome first: the level after the correction, the next step; each tier beneath it.
    outcome = text[text.index("Outcome ") : text.index("Caseworker's determination")]
    correction = screening.addenda.get()
    when = shown_at(correction.created_at)
    assert "Possible concern" in outcome and "Next step:" in outcome
    assert f"after the correction of {when}; at submission: Possible concern" in outcome
    assert "not legal evidence" in outcome
    # The reasons, with the answers behind them.
    labels = {o["value"]: o["label"] for o in screening.content["answer_scales"]["yes_no_unknown"]["options"]}
    for reason in screening.outcome["reasons"]:
        assert words(reason["reason"]) in outcome
        for ref in reason["answers"]:
            assert words(f"{ref['text']} — {labels[ref['answer']]}") in outcome
    # Every presented item with its answer, and the note.
    answers = text[text.index("Tier 1: brief indicator tool: answers") :]
    for item in screening.presented_items():
        row = words(item["text"])
        after = answers[answers.index(row) + len(row) :]
        if item["code"] == T1_INDICATOR_A:
            after = after.removeprefix(f" Note: {NOTE_A}")
        assert after.startswith(f" {labels[screening.answers[item['code']]]}"), item["code"]
    assert f"{words(item_text(screening, T1_INDICATOR_A))} Note: {NOTE_A} Yes *" in text
    assert not any(item["code"] in text for item in screening.presented_items())
    # The determination, with the computed outcome beside it.
    assert "determination differs; determined level: clear concern (computed: possible concern)" in (
        text.lower()
    )
    assert DETERMINATION in text
    # The checklist: every action, its status, who closed it, the reference.
    for action in screening.actions.all():
        assert words(action.title) in text
    assert "☑ Done" in text and "☒ Not applicable" in text and "☐ Open" in text
    assert "Reference: HOTLINE-2026-0042" in text
    assert "The placement provider already made this call today." in text
    # The review: decisions, comments, the caseworker's response.
    for expected in [
        "Return for more information",
        RETURN_COMMENT,
        "Caseworker's response",
        RESPONSE_COMMENT,
        "Approve the plan",
        APPROVE_COMMENT,
        "Morgan Reyes",
    ]:
        assert expected in text, expected
    # The addendum, with its correction.
    assert ADDENDUM in text and "corrected to No" in text
    # Who printed it, the confidentiality notice on every page.
    assert "Printed " in text and "by Casey Moreno (casey)" in text
    for page in pages:
        assert "CONFIDENTIAL" in page


def test_an_interview_prints_with_the_screening_it_belongs_to(login, caseworker, tier1_possible):
    """One Tier 1 indicator, every interview question declined: the printout of either tier says
    possible concern, interview not completed, and never "No concern indicated"."""
    interview = services.start_follow_up(request=fake_request(caseworker), screening=tier1_possible)
    services.confirm_setting(
        request=fake_request(caseworker),
        screening=interview,
        private=True,
        confidentiality=True,
        purpose=True,
        interpreter="not_needed",
    )
    interview = submit(caseworker, interview, answer_all(interview, "declined"))
    asked = len(interview.asked_items())
    for screening in (interview, tier1_possible):
        text = " ".join(pdf_pages(login(caseworker).get(print_url(screening))))
        outcome = text[text.index("Outcome ") : text.index("Caseworker's determination")]
        assert "POSSIBLE CONCERN" in outcome.upper() and "Interview not completed" in outcome
        assert f"Not completed: the youth declined {asked} of {asked} questions" in outcome
        assert "No concern indicated" not in text
        assert "Offer the interview again" in text
        assert "Tier 1: brief indicator tool: answers" in text
        assert "Tier 2: in-depth interview: answers" in text


def test_long_screening_runs_over_pages_numbered_x_of_y(login, caseworker, library, youth_case):
    screening = start(caseworker, youth_case, library.tier1)
    long_note = "Seen by the placement provider and the school over several weeks. " * 12
    answers = answer_all(screening)
    save(caseworker, screening, answers, notes=dict.fromkeys(answers, long_note))
    submit(caseworker, screening)

    pages = pdf_pages(login(caseworker).get(print_url(screening)))
    total = len(pages)
    assert total > 3
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in page
    assert f"Page {total} of {total}" in pages[-1]
    assert "End of the summary" in pages[-1]


def test_a_name_with_accents_survives(login, caseworker, tier1_possible):
    case = tier1_possible.case
    case.chosen_name = "José Ñúñez-Łukasz"
    case.legal_name = "Оксана Ñúñez"
    case.save()
    text = " ".join(pdf_pages(login(caseworker).get(print_url(tier1_possible))))
    assert "Chosen name José Ñúñez-Łukasz" in text
    assert "Legal name Оксана Ñúñez" in text


def test_a_draft_says_draft_on_every_page(login, caseworker, library, youth_case):
    draft = start(caseworker, youth_case, library.tier1)
    answers = answer_all(draft)
    save(caseworker, draft, answers, notes=dict.fromkeys(answers, "A note long enough to take room. " * 6))

    pages = pdf_pages(login(caseworker).get(print_url(draft)))
    assert len(pages) > 1
    for page in pages:
        assert "DRAFT — not submitted" in page
    text = " ".join(pages)
    assert "There is no result yet" in text
    assert "Guidance checklist" not in text


def test_the_draft_form_and_the_result_page_offer_the_print(login, caseworker, tier1_draft, tier1_possible):
    client = login(caseworker)
    for screening in (tier1_draft, tier1_possible):
        page = client.get(screening.get_absolute_url()).content.decode()
        assert f'href="{print_url(screening)}"' in page
        assert "Print summary" in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("caseworker", 200),
        ("supervisor", 200),
        ("admin_user", 200),
        ("caseworker2", 404),
        ("other_caseworker", 404),
        ("other_supervisor", 404),
        ("instrument_admin", 404),
    ],
    indirect=["persona"],
)
def test_scoped_like_the_screening_page(client, persona, status, tier1_possible):
    client.force_login(persona)
    response = client.get(print_url(tier1_possible))
    assert response.status_code == status
    printed = AuditEvent.objects.filter(action=AuditEvent.Action.PRINTED)
    assert printed.exists() == (status == 200)


def test_anonymous_is_sent_to_log_in(client, tier1_possible):
    response = client.get(print_url(tier1_possible))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_printing_leaves_an_audit_row(login, caseworker, tier1_possible):
    login(caseworker).get(print_url(tier1_possible))
    event = AuditEvent.objects.get(action=AuditEvent.Action.PRINTED)
    assert event.user == caseworker
    assert event.case_id == tier1_possible.case_id
    assert (event.object_type, event.object_id) == ("screening.screening", str(tier1_possible.pk))
    assert event.detail["format"] == "pdf" and event.detail["pages"] >= 1


def test_download_headers_and_a_filename_without_the_name(login, caseworker, tier1_possible):
    response = login(caseworker).get(print_url(tier1_possible))
    assert "no-store" in response["Cache-Control"]
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    filename = re.search(r'filename="([^"]+)"', disposition).group(1)
    assert re.fullmatch(rf"screening-{tier1_possible.pk}-\d{{4}}-\d{{2}}-\d{{2}}\.pdf", filename)
    for part in ("Lexi", "Jordan", "Alexis", "Smith"):
        assert part.lower() not in filename.lower()
    assert "Lexi" not in pypdf.PdfReader(io.BytesIO(response.content)).metadata.get("/Title", "")


def _answers_and_reasons(pages: list[str]) -> str:
    """The record part of the summary: from the result (the outcome, since v2) to the end, without
    the page furniture."""
    text = " ".join(pages)
    text = re.sub(r"Printed \d\d/\d\d/\d{4} \d{1,2}:\d\d (?:[AP]M )?\S+ by", "Printed by", text)
    start = text.index("Outcome ") if "Outcome " in text else text.index("Result")
    return text[start:]


@pytest.mark.parametrize("which", ["tier1_possible", "v1_possible"])
def test_reprint_after_a_new_version_shows_the_same_items_answers_and_reasons(
    login, caseworker, which, request, monkeypatch
):
    """A v2 screening, and one submitted before v2 with version 1: reprinted after a new version
    of their instrument, they read exactly as before."""
    screening = request.getfixturevalue(which)
    client = login(caseworker)
    before = pdf_pages(client.get(print_url(screening)))

    pinned = screening.instrument_version
    latest = InstrumentVersion.objects.latest_published("tier1-indicators")
    draft = lifecycle.new_draft_from(latest, None, change_note="Reworded.")
    code = screening.result["fired_rules"][0]["answers"][0]["item"]
    item = draft.items.get(code=code)
    old_text, item.text = item_text(screening, code), "Reworded in a new version."
    item.save()
    rule_id = screening.result["fired_rules"][0]["id"]
    rule = draft.rules.get(rule_id=rule_id)
    old_reason = screening.result["fired_rules"][0]["reason"]
    rule.reason = "A reason reworded in a new version."
    rule.save()
    lifecycle.record_draft_change(draft, summary="reworded")
    lifecycle.publish(draft)
    assert InstrumentVersion.objects.latest_published("tier1-indicators").number == latest.number + 1

    # Printing never scores again.
    def no_scoring(*args, **kwargs):
        raise AssertionError("a printout must not score the answers again")

    monkeypatch.setattr(engine, "score", no_scoring)  # the module every caller scores with
    after = pdf_pages(client.get(print_url(screening)))

    assert _answers_and_reasons(after) == _answers_and_reasons(before)
    text = " ".join(after)
    assert words(old_text) in text and words(old_reason) in text
    assert "reworded in a new version" not in text
    assert f"version {pinned.number}" in text


def test_open_actions_keep_their_status_in_the_print(login, caseworker, tier1_possible):
    """A reopened action prints as open again (the print reads the checklist as it is now); the
    closure it undid prints as an earlier record, never as the current status."""
    action = tier1_possible.actions.order_by("position").first()
    request = fake_request(caseworker)
    services.close_action(
        request=request,
        action=action,
        status="done",
        done_at=timezone.now(),
        reference="REF-1",
        reason="",
        version=action.version,
    )
    closed = GuidanceAction.objects.get(pk=action.pk)
    services.reopen_action(request=request, action=closed, reason="Wrong youth.", version=closed.version)
    text = " ".join(pdf_pages(login(caseworker).get(print_url(tier1_possible))))
    assert "☑ Done" not in text
    assert text.count("REF-1") == 1
    earlier = text[text.index("Earlier: done") :]
    assert earlier.index("REF-1") < earlier.index("reopened") < earlier.index("Wrong youth.")


def test_the_pdf_renderer_fetches_nothing_from_the_network():
    from screening import pdf

    fetcher = pdf.local_fetcher_class()()
    for url in (
        "https://example.com/print.css",
        "http://169.254.169.254/latest/",
        "file:///etc/passwd",
        f"{pdf.LOCAL_BASE_URL}static/../../config/settings.py",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    css = fetcher.fetch(f"{pdf.LOCAL_BASE_URL}static/css/app.css")
    assert css.read()
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"


def test_no_item_breaks_after_its_first_word(login, caseworker, tier1_possible):
    """WeasyPrint broke a nearly full line after its first word when the cell ended in spaces."""
    response = login(caseworker).get(print_url(tier1_possible))
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    raw = "\n".join(page.extract_text() for page in reader.pages)
    for item in tier1_possible.presented_items():
        first, second = item["text"].split()[:2]
        assert f"{first} {second}" in raw, item["text"]
