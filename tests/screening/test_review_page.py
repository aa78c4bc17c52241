"""One screening's review: /screenings/<pk>/review/ (supervisors of the case's team decide)."""

import threading

import pytest
from django.db import connection

from accounts.models import AuditEvent
from screening import review
from screening.models import ReviewDecision, ReviewRecordIsFinal, Screening

from .conftest import fake_request

# Database tests (so they run before the transactional ones, with the role groups in place).
pytestmark = pytest.mark.django_db


def url(screening):
    return f"/screenings/{screening.pk}/review/"


def post(client, screening, decision, comment="", round_token=None):
    screening.refresh_from_db()
    return client.post(
        url(screening),
        {"decision": decision, "comment": comment, "round": round_token or review.token(screening)},
    )


def test_the_supervisor_reads_everything_needed_to_decide(client, supervisor, tier1_possible):
    client.force_login(supervisor)
    response = client.get(url(tier1_possible))
    assert response.status_code == 200
    content = response.content.decode()
    for text in (
        "Lexi",
        "she/her",
        "age",
        "Possible concern",
        "Why",
        "Guidance checklist",
        "Tier 1: brief indicator tool: answers",
        "determination",
        "Record decision",
    ):
        assert text in content, text
    assert AuditEvent.objects.filter(
        case_id=tier1_possible.case_id, action="viewed", object_id=str(tier1_possible.pk)
    ).exists()


def test_approve_records_the_decision_and_leaves_the_queue(client, supervisor, tier1_possible):
    client.force_login(supervisor)
    response = post(client, tier1_possible, "approve", "Plan is sound.")
    assert response.status_code == 302
    tier1_possible.refresh_from_db()
    assert tier1_possible.review_status == "approved"
    decision = tier1_possible.reviews.get()
    assert (decision.decision, decision.comment, decision.decided_by) == (
        "approve",
        "Plan is sound.",
        supervisor,
    )
    assert list(review.queue_for(supervisor)) == []
    assert AuditEvent.objects.filter(
        case_id=tier1_possible.case_id, object_type="screening.reviewdecision"
    ).exists()


def test_return_requires_a_comment_and_saves_nothing_without_one(client, supervisor, tier1_possible):
    client.force_login(supervisor)
    response = post(client, tier1_possible, "return", "   ")
    assert response.status_code == 400
    assert "Say what more information is needed" in response.content.decode()
    tier1_possible.refresh_from_db()
    assert tier1_possible.review_status == "pending"
    assert not tier1_possible.reviews.exists()


@pytest.mark.parametrize("data", [{"decision": "maybe"}, {}, {"decision": "approve"}])
def test_bad_input_is_refused_with_a_message(client, supervisor, tier1_possible, data):
    client.force_login(supervisor)
    response = client.post(url(tier1_possible), data)
    assert response.status_code == 400
    assert not tier1_possible.reviews.exists()


def test_a_second_supervisor_deciding_the_same_round_is_told_it_was_decided(
    client, supervisor, team_a, tier1_possible
):
    from tests import factories

    second = factories.supervisor("avery", team_a, first_name="Avery", last_name="Lind")
    stale_round = review.token(tier1_possible)
    client.force_login(supervisor)
    post(client, tier1_possible, "return", "Ask about the phone.", stale_round)
    client.force_login(second)
    response = client.post(url(tier1_possible), {"decision": "approve", "round": stale_round}, follow=True)
    assert "already decided this screening" in response.content.decode()
    assert tier1_possible.reviews.count() == 1
    tier1_possible.refresh_from_db()
    assert tier1_possible.review_status == "returned"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_supervisors_deciding_at_the_same_moment_record_one_decision(team_a, caseworker, supervisor):
    """Real concurrency on PostgreSQL: two threads, two connections, one row lock."""
    from indicators import loading
    from indicators.models import InstrumentVersion
    from tests import factories

    from .conftest import T1_INDICATOR_A, answer_all, start, submit

    loading.load_files()
    second = factories.supervisor("avery", team_a)
    case = factories.CaseFactory(team=team_a, assigned_caseworker=caseworker)
    screening = start(caseworker, case, InstrumentVersion.objects.latest_published("tier1-indicators"))
    screening = submit(caseworker, screening, answer_all(screening, **{T1_INDICATOR_A: "yes"}))
    token = review.token(screening)
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(user, decision):
        try:
            barrier.wait(timeout=5)
            review.decide(
                request=fake_request(user),
                screening=screening,
                decision=decision,
                comment="Decided.",
                round_token=token,
            )
            outcomes.append("recorded")
        except review.AlreadyDecided:
            outcomes.append("already decided")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(supervisor, "approve")),
        threading.Thread(target=decide, args=(second, "return")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    assert sorted(outcomes) == ["already decided", "recorded"]
    assert ReviewDecision.objects.filter(screening=screening).count() == 1


def test_decisions_can_never_be_edited_or_deleted(supervisor, tier1_possible):
    row = review.decide(
        request=fake_request(supervisor),
        screening=tier1_possible,
        decision="approve",
        comment="",
        round_token=review.token(tier1_possible),
    )
    row.comment = "changed"
    with pytest.raises(ReviewRecordIsFinal):
        row.save()
    with pytest.raises(ReviewRecordIsFinal):
        row.delete()
    with pytest.raises(ReviewRecordIsFinal):
        ReviewDecision.objects.filter(pk=row.pk).update(comment="changed")
    # The database refuses too (PostgreSQL trigger), whatever the ORM does.
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE screening_reviewdecision SET comment = 'x' WHERE id = %s", [row.pk])


def test_a_caseworker_cannot_decide(client, caseworker, tier1_possible):
    client.force_login(caseworker)
    assert client.get(url(tier1_possible)).status_code == 403
    assert post(client, tier1_possible, "approve").status_code == 403
    assert not tier1_possible.reviews.exists()


@pytest.mark.parametrize(
    "persona", ["other_supervisor", "other_caseworker", "caseworker2", "instrument_admin"], indirect=True
)
def test_out_of_scope_is_404(client, persona, tier1_possible):
    client.force_login(persona)
    assert client.get(url(tier1_possible)).status_code == 404
    assert post(client, tier1_possible, "approve").status_code == 404
    assert client.post(f"/screenings/{tier1_possible.pk}/respond/", {"comment": "x"}).status_code == 404


def test_anonymous_goes_to_login(client, tier1_possible):
    response = client.get(url(tier1_possible))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_decided_screening_shows_no_form(client, supervisor, tier1_possible):
    client.force_login(supervisor)
    post(client, tier1_possible, "approve")
    content = client.get(url(tier1_possible)).content.decode()
    assert "Record decision" not in content
    assert "Approve the plan" in content


def test_screening_states_are_consistent(tier1_possible):
    assert Screening.objects.filter(review_status="pending").count() == 1


def test_the_supervisor_is_told_what_the_youth_declined(client, supervisor, tier2_disclosure):
    client.force_login(supervisor)
    page = client.get(url(tier2_disclosure)).content.decode()
    assert "1 answer is Declined or Unknown: never counted as Yes or as No" in page
    assert "Declined to answer" in page


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_draft_has_nothing_to_review_yet(client, supervisor, tier1_draft, method):
    client.force_login(supervisor)
    response = getattr(client, method)(url(tier1_draft), {"decision": "approved"}, follow=True)
    assert response.redirect_chain[0] == (f"/screenings/{tier1_draft.pk}/", 302)
    assert "still a draft" in response.content.decode()
    assert not ReviewDecision.objects.exists()
