"""The printable case summary (PDF): record, episodes, screenings, open actions, notes; scoping."""

import datetime
import io
import re

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from screening.models import GuidanceAction
from tests.dates import shown_at, shown_on

from .. import factories
from .conftest import start

NOTE_BODY = "Met the youth at school; they want to keep the same placement.\nSecond line of the note."


def pdf_pages(response) -> list[str]:
    """The text of each page, whitespace normalised (lines wrap wherever the layout puts them)."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return [" ".join(re.sub(r"-\n", "-", page.extract_text()).split()) for page in reader.pages]


def print_url(case):
    return reverse("screening:print_case", kwargs={"case_pk": case.pk})


def local(moment) -> str:
    return shown_at(moment)


@pytest.fixture
def full_case(youth_case, caseworker, supervisor, tier2_disclosure, library):
    """`youth_case` with two episodes, two notes, a possible and a clear screening, and a draft."""
    now = timezone.now().replace(second=0, microsecond=0)
    factories.MissingEpisodeFactory(
        case=youth_case,
        went_missing_at=now - datetime.timedelta(days=40),
        reported_to_law_enforcement_at=now - datetime.timedelta(days=40, hours=-2),
        law_enforcement_report_number="PD-55-0192",
        reported_to_ncmec_at=now - datetime.timedelta(days=40, hours=-20),
        ncmec_case_number="1590001",
        returned_at=now - datetime.timedelta(days=38),
        notes="Found with an older friend.",
    )
    factories.MissingEpisodeFactory(
        case=youth_case,
        went_missing_at=now - datetime.timedelta(days=3),
        returned_at=now - datetime.timedelta(days=1),
    )
    factories.CaseNoteFactory(case=youth_case, author=caseworker, body=NOTE_BODY)
    factories.CaseNoteFactory(case=youth_case, author=supervisor, body="Staffed with the supervisor.")
    start(caseworker, youth_case, library.tier1)  # a draft
    return youth_case


def test_case_summary_shows_the_record_episodes_screenings_actions_and_notes(login, caseworker, full_case):
    case = full_case
    pages = pdf_pages(login(caseworker).get(print_url(case)))
    text = " ".join(pages)

    for expected in [
        "Chosen name Lexi",
        "Pronouns she/her",
        "Legal name Jordan Alexis Smith",
        "Case number A-1001",
        f"Date of birth {shown_on(case.date_of_birth)}",
        f"Age {case.age}",
        "Caseworker Casey Moreno",
        "North County Team A",
    ]:
        assert expected in text, expected

    # Episodes, with when each report was made and its number.
    first, second = case.episodes.order_by("went_missing_at")
    assert local(first.went_missing_at) in text
    assert f"{local(first.reported_to_law_enforcement_at)} 2 h 00 min after Report PD-55-0192" in text
    assert f"{local(first.reported_to_ncmec_at)} 20 h 00 min after Case 1590001" in text
    assert local(first.returned_at) in text
    assert "Notes: Found with an older friend." in text
    assert local(second.went_missing_at) in text
    assert text.count("not reported") == 2  # the second episode: neither report recorded
    # ... and both are past the jurisdiction's 24 hours; the first episode's reports were in time.
    assert text.count(f"OVERDUE since {local(second.went_missing_at + datetime.timedelta(hours=24))}") == 2
    assert "(LATE)" not in text

    # Every screening (an interview is part of the screening it follows): its outcome first, each
    # tier's own result beneath it, and the date; the draft says so.
    screenings = list(case.screenings.screenings().order_by("created_at"))
    assert len(screenings) == 2
    for screening in screenings:
        if screening.is_draft:
            assert f"started {local(screening.created_at)}" in text
            assert "DRAFT — not submitted" in text
        else:
            assert local(screening.submitted_at) in text
            row = text[text.index(local(screening.submitted_at)) :]
            assert row.index("CLEAR CONCERN") < row.index("identified: sex trafficking")
            assert row.index("Tier 1: Possible concern") < row.index("Tier 2: Clear concern")

    # Open actions (and not the closed one).
    open_actions = GuidanceAction.objects.filter(screening__case=case, status="open")
    assert open_actions.exists()
    for action in open_actions:
        assert " ".join(action.title.split()) in text, action.title
    closed = GuidanceAction.objects.filter(screening__case=case).exclude(status="open").first()
    assert closed is not None  # the Tier 1 "interview" action, done by the Tier 2 submission
    section = text[text.index("Open guidance actions") : text.index("Case notes")]
    assert closed.title not in section
    # An action both Tier 1 and Tier 2 ask for is one task, opened once and listed once.
    codes = [a.code for a in open_actions]
    assert len(codes) == len(set(codes)), codes
    for action in open_actions:
        assert section.count(" ".join(action.title.split())) == 1, action.title

    # Notes, with their author.
    assert " ".join(NOTE_BODY.split()) in text
    assert "Staffed with the supervisor." in text and "Morgan Reyes" in text

    # Page furniture.
    for number, page in enumerate(pages, start=1):
        assert "CONFIDENTIAL" in page
        assert f"Page {number} of {len(pages)}" in page
    assert "by Casey Moreno (casey)" in text


def test_a_report_made_after_the_deadline_prints_as_late(login, caseworker, youth_case, library):
    now = timezone.now().replace(second=0, microsecond=0)
    went = now - datetime.timedelta(days=10)
    factories.MissingEpisodeFactory(
        case=youth_case,
        went_missing_at=went,
        reported_to_law_enforcement_at=went + datetime.timedelta(hours=30),
        reported_to_ncmec_at=went + datetime.timedelta(hours=3),
        returned_at=went + datetime.timedelta(days=2),
    )
    still_out = now - datetime.timedelta(hours=5)
    factories.MissingEpisodeFactory(
        case=youth_case,
        went_missing_at=still_out,
        reported_to_law_enforcement_at=None,
        reported_to_ncmec_at=None,
        returned_at=None,
    )
    text = " ".join(pdf_pages(login(caseworker).get(print_url(youth_case))))
    assert "30 h 00 min after (LATE)" in text and "3 h 00 min after (LATE)" not in text
    # Not reported yet but still within the 24 hours: due, not overdue.
    assert text.count(f"due by {local(still_out + datetime.timedelta(hours=24))}") == 2
    assert "OVERDUE since" not in text


def test_the_case_page_offers_the_print(login, supervisor, youth_case):
    page = login(supervisor).get(youth_case.get_absolute_url()).content.decode()
    assert f'href="{print_url(youth_case)}"' in page
    assert "Print case summary" in page


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
def test_scoped_like_the_case_page(client, persona, status, youth_case):
    client.force_login(persona)
    response = client.get(print_url(youth_case))
    assert response.status_code == status
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PRINTED).exists() == (status == 200)


def test_anonymous_is_sent_to_log_in(client, youth_case):
    response = client.get(print_url(youth_case))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_printing_leaves_an_audit_row(login, supervisor, youth_case):
    login(supervisor).get(print_url(youth_case))
    event = AuditEvent.objects.get(action=AuditEvent.Action.PRINTED)
    assert event.user == supervisor
    assert event.case_id == youth_case.pk
    assert (event.object_type, event.object_id) == ("cases.case", str(youth_case.pk))
    assert event.detail["format"] == "pdf"


def test_download_headers_and_a_filename_without_the_name(login, caseworker, youth_case):
    response = login(caseworker).get(print_url(youth_case))
    assert "no-store" in response["Cache-Control"]
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    filename = re.search(r'filename="([^"]+)"', disposition).group(1)
    assert re.fullmatch(r"case-A-1001-\d{4}-\d{2}-\d{2}\.pdf", filename)
    for part in ("Lexi", "Jordan", "Alexis", "Smith"):
        assert part.lower() not in filename.lower()


def test_an_empty_case_prints(login, caseworker, youth_case):
    text = " ".join(pdf_pages(login(caseworker).get(print_url(youth_case))))
    for expected in [
        "No missing-from-care episodes recorded.",
        "No screening yet.",
        "No open action.",
        "No notes.",
    ]:
        assert expected in text


@pytest.mark.parametrize(("size", "width_pt"), [("Letter", 612), ("A4", 595)])
def test_page_size_is_a_setting(login, caseworker, youth_case, settings, size, width_pt):
    settings.PDF_PAGE_SIZE = size
    response = login(caseworker).get(print_url(youth_case))
    page = pypdf.PdfReader(io.BytesIO(response.content)).pages[0]
    assert round(float(page.mediabox.width)) == width_pt
