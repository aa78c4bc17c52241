"""The supervisors of the case's team hear when a screening's outcome is Clear concern or
identifies a victim: submitted through the service, after the submission commits."""

import pytest
from django.db import transaction

from alerts.models import AlertPreference, Notification
from screening import services
from tests.screening.conftest import (
    T1_INDICATOR_A,
    T1_INDICATOR_B,
    answer_all,
    confirm_setting,
    fake_request,
    start,
    submit,
)

T2_DECLINED = "T2-LS-01"
T2_DISCLOSURE = "T2-DX-01"
LABOR = {"T1-LB-06": "yes", "T1-LB-08": "yes"}


def outcome_notes(**filters):
    return Notification.objects.filter(kind=Notification.Kind.OUTCOME, **filters)


@pytest.fixture
def people(caseworker, caseworker2, supervisor, other_supervisor):
    return caseworker, supervisor


def test_an_identification_notifies_the_teams_supervisors_only(
    people, tier1_possible, caseworker, django_capture_on_commit_callbacks, mailoutbox
):
    assert not outcome_notes().exists()  # Possible concern: no alert
    follow = services.start_follow_up(request=fake_request(caseworker), screening=tier1_possible)
    confirm_setting(caseworker, follow)
    with django_capture_on_commit_callbacks(execute=True):
        submit(caseworker, follow, {T2_DECLINED: "declined", T2_DISCLOSURE: "yes"})
    note = outcome_notes().get()
    assert note.recipient.username == "morgan"
    assert note.identifies == "sex" and note.object_id == tier1_possible.pk
    assert note.link == f"/screenings/{tier1_possible.pk}/"
    assert [m.to for m in mailoutbox] == [["morgan@agency.example"]]
    assert "identifies the youth as a victim of sex trafficking" in mailoutbox[0].body
    assert f"/screenings/{tier1_possible.pk}/" in mailoutbox[0].body


def test_labor_identification_says_labor(
    people, caseworker, youth_case, library, django_capture_on_commit_callbacks
):
    screening = start(caseworker, youth_case, library.tier1)
    with django_capture_on_commit_callbacks(execute=True):
        submit(caseworker, screening, answer_all(screening, "no", **LABOR))
    note = outcome_notes().get()
    assert note.identifies == "labor"


def test_possible_concern_notifies_nobody(
    people, caseworker, youth_case, library, django_capture_on_commit_callbacks
):
    screening = start(caseworker, youth_case, library.tier1)
    with django_capture_on_commit_callbacks(execute=True):
        submit(caseworker, screening, answer_all(screening, **{T1_INDICATOR_A: "yes", T1_INDICATOR_B: "yes"}))
    assert not outcome_notes().exists()


def test_a_correction_to_clear_notifies_once(
    people, caseworker, tier1_possible, django_capture_on_commit_callbacks, mailoutbox
):
    corrections = {"T1-PS-02": "yes", "T1-RC-01": "yes"}
    with django_capture_on_commit_callbacks(execute=True):
        services.add_addendum(
            request=fake_request(caseworker), screening=tier1_possible, body="More.", corrections=corrections
        )
    note = outcome_notes().get()
    assert note.level == "clear" and note.identifies == ""
    assert "outcome Clear concern" in mailoutbox[0].body
    # The same outcome again (a note without a correction, or the signal twice) makes nothing new.
    from alerts.outcomes import notify_outcome

    tier1_possible.refresh_from_db()
    notify_outcome(tier1_possible)
    assert outcome_notes().count() == 1 and len(mailoutbox) == 1


def test_a_submission_rolled_back_notifies_nobody(
    people, caseworker, youth_case, library, django_capture_on_commit_callbacks
):
    screening = start(caseworker, youth_case, library.tier1)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            submit(caseworker, screening, answer_all(screening, "no", **LABOR))
            raise RuntimeError("the request failed after the submission")
    assert not outcome_notes().exists()


def test_a_supervisor_on_digest_gets_no_immediate_email(
    people, supervisor, caseworker, youth_case, library, django_capture_on_commit_callbacks, mailoutbox
):
    AlertPreference.objects.create(user=supervisor, delivery="digest")
    screening = start(caseworker, youth_case, library.tier1)
    with django_capture_on_commit_callbacks(execute=True):
        submit(caseworker, screening, answer_all(screening, "no", **LABOR))
    assert outcome_notes(recipient=supervisor, emailed_at__isnull=True).count() == 1
    assert mailoutbox == []


def test_a_failing_alert_never_breaks_the_submission(
    people, caseworker, youth_case, library, django_capture_on_commit_callbacks, monkeypatch
):
    from alerts import outcomes

    def broken(screening):
        raise RuntimeError("mail server on fire")

    monkeypatch.setattr(outcomes, "notify_outcome", broken)
    screening = start(caseworker, youth_case, library.tier1)
    with django_capture_on_commit_callbacks(execute=True):
        submitted = submit(caseworker, screening, answer_all(screening, "no", **LABOR))
    assert submitted.status == "submitted"
