"""The caseworker's response to a returned screening: /screenings/<pk>/respond/, and the loop back."""

import pytest

from screening import review
from screening.models import Screening

from .conftest import fake_request

# Database tests (so they run before the transactional ones, with the role groups in place).
pytestmark = pytest.mark.django_db


def returned(supervisor, screening, comment="Who gave the youth the second phone?"):
    review.decide(
        request=fake_request(supervisor),
        screening=screening,
        decision="return",
        comment=comment,
        round_token=review.token(screening),
    )
    screening.refresh_from_db()
    return screening


def test_return_respond_and_approve_loop(client, caseworker, supervisor, tier1_possible):
    screening = returned(supervisor, tier1_possible)
    client.force_login(caseworker)
    home = client.get("/").content.decode()
    assert "Returned to you by a supervisor" in home
    start = home.index('id="returned-heading"')
    returned_section = home[start : home.index("</section>", start)]
    assert 'Lexi</strong> <span class="text-body-secondary small">(she/her)</span>' in returned_section
    assert "Who gave the youth the second phone?" in home
    page = client.get(f"/screenings/{screening.pk}/").content.decode()
    assert "Send my response" in page

    response = client.post(
        f"/screenings/{screening.pk}/respond/",
        {"comment": "An older friend; I started the in-depth interview."},
    )
    assert response.status_code == 302
    screening.refresh_from_db()
    assert screening.review_status == "pending"
    assert [s.pk for s in review.queue_for(supervisor)] == [screening.pk]

    client.force_login(supervisor)
    review_page = client.get(f"/screenings/{screening.pk}/review/").content.decode()
    assert "An older friend" in review_page and "Who gave the youth" in review_page
    client.post(
        f"/screenings/{screening.pk}/review/", {"decision": "approve", "round": review.token(screening)}
    )
    screening.refresh_from_db()
    assert screening.review_status == "approved"
    kinds = [e["kind"] for e in review.history(screening)]
    assert kinds == ["decision", "response", "decision"]


def test_an_empty_response_is_refused(client, caseworker, supervisor, tier1_possible):
    screening = returned(supervisor, tier1_possible)
    client.force_login(caseworker)
    response = client.post(f"/screenings/{screening.pk}/respond/", {"comment": "  "}, follow=True)
    assert "Write your response" in response.content.decode()
    screening.refresh_from_db()
    assert screening.review_status == "returned"
    assert not screening.review_responses.exists()


def test_a_refused_response_keeps_what_was_written(client, caseworker, supervisor, tier1_possible):
    screening = returned(supervisor, tier1_possible)
    client.force_login(caseworker)
    long_text = "She told me about the phone. " * 150  # over the 4,000 characters allowed
    response = client.post(f"/screenings/{screening.pk}/respond/", {"comment": long_text})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Your response was not sent; see below." in page
    assert "Ensure this value has at most 4000 characters" in page
    assert long_text.strip() in page  # still in the box, to shorten and send again
    assert not screening.review_responses.exists()


def test_responding_when_not_returned_is_refused(client, caseworker, tier1_possible):
    client.force_login(caseworker)
    response = client.post(f"/screenings/{tier1_possible.pk}/respond/", {"comment": "Here"}, follow=True)
    assert "not waiting for your response" in response.content.decode()
    assert not tier1_possible.review_responses.exists()


def test_get_is_not_allowed(client, caseworker, tier1_possible):
    client.force_login(caseworker)
    assert client.get(f"/screenings/{tier1_possible.pk}/respond/").status_code == 405


def test_anonymous_goes_to_login(client, tier1_possible):
    response = client.post(f"/screenings/{tier1_possible.pk}/respond/", {"comment": "x"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert Screening.objects.get(pk=tier1_possible.pk).review_status == "pending"
