from accounts.models import AuditEvent
from cases.models import Case


def form_data(case, **overrides):
    data = {
        "case_number": case.case_number,
        "legal_name": case.legal_name,
        "chosen_name": case.chosen_name,
        "pronouns": case.pronouns,
        "date_of_birth": case.date_of_birth.isoformat(),
        "primary_language": "English",
        "placement_type": case.placement_type,
        "county": case.county,
        "office": case.office,
        "status": case.status,
        "opened_on": case.opened_on.isoformat(),
        "version": case.version,
        "team": case.team_id,
        "assigned_caseworker": case.assigned_caseworker_id,
    }
    data.update(overrides)
    return data


def test_the_caseworker_edits_the_case(client, caseworker, youth_case):
    client.force_login(caseworker)
    response = client.post(
        f"/cases/{youth_case.pk}/edit/", form_data(youth_case, pronouns="they/them", placement_type="shelter")
    )
    assert response.status_code == 302
    youth_case.refresh_from_db()
    assert youth_case.pronouns == "they/them"
    assert youth_case.version == 2
    event = AuditEvent.objects.get(case_id=youth_case.pk, action="updated")
    assert set(event.detail["fields"]) == {"pronouns", "placement_type"}
    assert youth_case.history.count() == 2


def test_the_caseworker_cannot_reassign_by_posting_the_field(client, caseworker, caseworker2, youth_case):
    client.force_login(caseworker)
    client.post(f"/cases/{youth_case.pk}/edit/", form_data(youth_case, assigned_caseworker=caseworker2.pk))
    youth_case.refresh_from_db()
    assert youth_case.assigned_caseworker == caseworker


def test_the_supervisor_reassigns_and_the_audit_says_so(
    client, supervisor, caseworker, caseworker2, youth_case
):
    client.force_login(supervisor)
    client.post(f"/cases/{youth_case.pk}/edit/", form_data(youth_case, assigned_caseworker=caseworker2.pk))
    youth_case.refresh_from_db()
    assert youth_case.assigned_caseworker == caseworker2
    event = AuditEvent.objects.get(case_id=youth_case.pk, action="updated")
    assert event.detail["reassigned"] == {"from": caseworker.pk, "to": caseworker2.pk}


def test_a_second_save_from_an_old_copy_is_refused_and_shows_the_difference(
    client, caseworker, supervisor, youth_case
):
    stale = form_data(youth_case)
    client.force_login(supervisor)
    client.post(f"/cases/{youth_case.pk}/edit/", form_data(youth_case, pronouns="he/him"))
    client.force_login(caseworker)
    response = client.post(f"/cases/{youth_case.pk}/edit/", {**stale, "pronouns": "she/they"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Someone else saved this record" in content
    assert "he/him" in content and "she/they" in content
    youth_case.refresh_from_db()
    assert youth_case.pronouns == "he/him"
    # The form now carries the saved version: saving again is a deliberate choice.
    assert response.context["form"].data["version"] == "2"
    again = client.post(f"/cases/{youth_case.pk}/edit/", {**stale, "pronouns": "she/they", "version": 2})
    assert again.status_code == 302
    youth_case.refresh_from_db()
    assert youth_case.pronouns == "she/they"


def test_bad_input_changes_nothing(client, caseworker, youth_case):
    client.force_login(caseworker)
    response = client.post(f"/cases/{youth_case.pk}/edit/", form_data(youth_case, date_of_birth="2999-01-01"))
    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()
    assert Case.objects.get(pk=youth_case.pk).version == 1


def test_changing_to_an_existing_case_number_is_refused(client, caseworker, youth_case, other_case):
    client.force_login(caseworker)
    response = client.post(
        f"/cases/{youth_case.pk}/edit/", form_data(youth_case, case_number=other_case.case_number)
    )
    assert "Another case already has this case number" in response.content.decode()


def test_refused_input_shows_the_record_again_and_is_audited(client, caseworker, youth_case):
    client.force_login(caseworker)
    response = client.post(f"/cases/{youth_case.pk}/edit/", form_data(youth_case, legal_name=""))
    assert response.status_code == 200
    event = AuditEvent.objects.filter(case_id=youth_case.pk, action="viewed").latest("id")
    assert event.detail == {"page": "edit", "shown_again": "refused input or conflict"}
