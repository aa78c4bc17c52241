"""The pages as rendered have no inline script, style or event handler (issue 12): what the
templates hold (tests/test_no_inline_code.py) and what crispy forms and the includes add."""

import pytest

from tests.test_no_inline_code import inline_code


@pytest.fixture
def pages(caseworker, supervisor, tier1_draft, tier2_disclosure, tier1_possible, v1_possible):
    """The app's pages: a draft, an outcome, a result from before instruments v2, a review, the lists."""
    return [
        (caseworker, "/"),
        (caseworker, f"/cases/{tier2_disclosure.case_id}/"),
        (caseworker, tier1_draft.get_absolute_url()),
        (caseworker, tier2_disclosure.get_absolute_url()),
        (caseworker, v1_possible.get_absolute_url()),
        (caseworker, f"/screenings/{tier2_disclosure.pk}/addenda/new/"),
        (supervisor, f"/screenings/{tier1_possible.pk}/review/"),
        (supervisor, "/reviews/"),
        (None, "/accounts/login/"),
    ]


def test_no_page_has_inline_script_style_or_handler(client, pages):
    for user, url in pages:
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        assert inline_code(response.content.decode()) == [], url
