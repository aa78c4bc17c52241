"""Printing from the browser (issue 6): the screening page's "Print summary" downloads the PDF."""

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.screening.conftest import T1_INDICATOR_A, T1_INDICATOR_B, answer_all, library, start, submit

from .axe import check_accessibility

__all__ = ["library"]  # the fixture, imported for the test below


def test_caseworker_downloads_the_screening_summary(page, log_in, caseworker, youth_case, library, tmp_path):
    screening = start(caseworker, youth_case, library.tier1)
    submit(caseworker, screening, answer_all(screening, **{T1_INDICATOR_A: "yes", T1_INDICATOR_B: "yes"}))

    log_in(caseworker)
    page.goto(f"/screenings/{screening.pk}/")
    expect(page.get_by_role("heading", name="Screening outcome")).to_be_visible()
    check_accessibility(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Print summary").click()
    download = download_info.value
    assert download.suggested_filename.startswith(f"screening-{screening.pk}-")
    assert "Lexi" not in download.suggested_filename and "Smith" not in download.suggested_filename
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    text = "\n".join(p.extract_text() for p in PdfReader(path).pages)
    assert "Lexi" in text and "Possible concern" in text
    assert "A-1001" in text
