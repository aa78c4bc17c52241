import datetime

import pytest
from django.utils import timezone

from accounts.models import AuditEvent
from cases.models import Case
from tests import factories


def good_data(team, **overrides):
    data = {
        "case_number": "A-5000",
        "legal_name": "José Ñúñez-Łukasz",
        "chosen_name": "Pepe",
        "pronouns": "he/they",
        "date_of_birth": "2011-04-05",
        "primary_language": "Spanish",
        "interpreter_needed": "on",
        "placement_type": "kinship",
        "county": "North County",
        "office": "Main St",
        "team": team.pk,
        "opened_on": timezone.localdate().isoformat(),
    }
    data.update(overrides)
    return data


def test_the_caseworker_creates_a_case_assigned_to_them(client, caseworker, team_a):
    client.force_login(caseworker)
    response = client.post("/cases/new/", good_data(team_a))
    case = Case.objects.get(case_number="A-5000")
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/"
    assert case.assigned_caseworker == caseworker
    assert case.legal_name == "José Ñúñez-Łukasz"
    assert case.interpreter_needed
    assert case.created_by == caseworker
    assert AuditEvent.objects.filter(case_id=case.pk, action="created", user=caseworker).exists()
    assert case.history.count() == 1
    assert case.history.first().history_user == caseworker


def test_the_supervisor_assigns_a_caseworker_of_the_team(client, supervisor, caseworker2, team_a):
    client.force_login(supervisor)
    client.post("/cases/new/", good_data(team_a, assigned_caseworker=caseworker2.pk))
    assert Case.objects.get(case_number="A-5000").assigned_caseworker == caseworker2


def test_the_form_shows_the_caseworker_no_assignee_field(client, caseworker):
    client.force_login(caseworker)
    response = client.get("/cases/new/")
    assert response.status_code == 200
    assert "assigned_caseworker" not in response.context["form"].fields


def assert_refused(client, data, field, message):
    before = Case.objects.count()
    response = client.post("/cases/new/", data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert message in response.content.decode()
    assert Case.objects.count() == before


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        (
            {"date_of_birth": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()},
            "date_of_birth",
            "cannot be in the future",
        ),
        ({"date_of_birth": "1970-01-01"}, "date_of_birth", "older than 30"),  # no profile loaded yet
        ({"date_of_birth": "2011-02-30"}, "date_of_birth", "Enter a valid date"),
        ({"date_of_birth": ""}, "date_of_birth", "This field is required"),
        ({"legal_name": "   "}, "legal_name", "This field is required"),
        ({"case_number": ""}, "case_number", "This field is required"),
        ({"case_number": "x" * 41}, "case_number", "at most 40 characters"),
        ({"placement_type": "hotel"}, "placement_type", "Select a valid choice"),
        ({"opened_on": "2000-01-01"}, "opened_on", "before the youth was born"),
        (
            {"opened_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()},
            "opened_on",
            "opened in the future",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(client, caseworker, team_a, overrides, field, message):
    client.force_login(caseworker)
    assert_refused(client, good_data(team_a, **overrides), field, message)


def test_the_oldest_age_served_is_the_jurisdictions_setting(client, caseworker, team_a, settings):
    """Which youth the agency serves (up to 21 in extended care, some states to 26) is the
    jurisdiction profile's setting, never a constant."""
    from indicators.models import Jurisdiction

    Jurisdiction.objects.create(
        slug=settings.SCREENING_JURISDICTION,
        name="A state serving youth to 21",
        screening_after_return_from_missing=24,
        screening_after_opening_with_runaway_history=72,
        report_missing_to_law_enforcement=24,
        report_missing_to_ncmec=24,
        report_trafficking_to_law_enforcement=24,
        notify_hhs_foreign_national_child=24,
        report_online_exploitation_to_ncmec=24,
        offer_interview_again=72,
        oldest_age_served=21,
    )
    client.force_login(caseworker)
    today = timezone.localdate()
    twenty_two = today.replace(year=today.year - 22) - datetime.timedelta(days=1)
    assert_refused(
        client,
        good_data(team_a, date_of_birth=twenty_two.isoformat()),
        "date_of_birth",
        "older than 21, the oldest age the agency serves",
    )
    twenty = today.replace(year=today.year - 20)
    response = client.post("/cases/new/", good_data(team_a, date_of_birth=twenty.isoformat()))
    assert response.status_code == 302


def test_a_duplicate_case_number_is_refused(client, caseworker, team_a, other_case):
    client.force_login(caseworker)
    assert_refused(
        client,
        good_data(team_a, case_number="B-2001"),
        "case_number",
        "Another case already has this case number",
    )
    # The same number in other letters, or with spaces around it, is the same case.
    for number in ("b-2001", " B-2001 "):
        assert_refused(
            client,
            good_data(team_a, case_number=number),
            "case_number",
            "Another case already has this case number",
        )


def test_the_database_refuses_a_case_number_differing_only_in_case(other_case):
    from django.db import IntegrityError, transaction

    from tests import factories

    with pytest.raises(IntegrityError), transaction.atomic():
        factories.CaseFactory(case_number=other_case.case_number.lower())


def test_a_team_outside_my_teams_is_refused(client, caseworker, team_a, team_b):
    client.force_login(caseworker)
    assert_refused(client, good_data(team_b), "team", "Select a valid choice")


def test_a_caseworker_of_another_team_cannot_be_assigned(client, supervisor, team_a, other_caseworker):
    client.force_login(supervisor)
    assert_refused(
        client,
        good_data(team_a, assigned_caseworker=other_caseworker.pk),
        "assigned_caseworker",
        "Select a valid choice",
    )


def test_a_supervisor_not_caseworker_cannot_be_assigned(client, supervisor, team_a):
    client.force_login(supervisor)
    assert_refused(
        client,
        good_data(team_a, assigned_caseworker=supervisor.pk),
        "assigned_caseworker",
        "Select a valid choice",
    )


def test_the_instrument_admin_cannot_create_cases(client, instrument_admin, team_a):
    client.force_login(instrument_admin)
    assert client.get("/cases/new/").status_code == 403
    assert client.post("/cases/new/", good_data(team_a)).status_code == 403
    assert not Case.objects.exists()


def test_a_caseworker_without_a_team_cannot_create_cases(client, db):
    loner = factories.UserFactory(username="loner", roles=["Caseworker"])
    client.force_login(loner)
    assert client.get("/cases/new/").status_code == 403


def test_anonymous_is_sent_to_login(client, team_a):
    response = client.post("/cases/new/", good_data(team_a))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Case.objects.exists()


def test_the_browser_is_told_not_to_remember_identifying_fields(client, caseworker):
    import re

    client.force_login(caseworker)
    page = client.get("/cases/new/").content.decode()
    for name in ("case_number", "legal_name", "chosen_name", "pronouns", "date_of_birth"):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
        assert 'autocomplete="off"' in tag, name


def test_no_placement_is_chosen_for_the_caseworker(client, caseworker):
    """A placement picked by default and left unnoticed is worse than a question to answer."""
    client.force_login(caseworker)
    page = client.get("/cases/new/").content.decode()
    select = page[
        page.index('name="placement_type"') : page.index("</select>", page.index('name="placement_type"'))
    ]
    assert '<option value="" selected>Choose the current placement</option>' in select
    assert "selected" not in select.replace('<option value="" selected>', "")


@pytest.mark.parametrize("placement", ["", "the moon"])
def test_a_missing_or_unknown_placement_is_refused(client, caseworker, team_a, placement):
    client.force_login(caseworker)
    message = "Choose where the youth lives now." if not placement else "Select a valid choice"
    assert_refused(client, good_data(team_a, placement_type=placement), "placement_type", message)


def test_editing_a_case_keeps_its_placement(client, caseworker, youth_case):
    client.force_login(caseworker)
    form = client.get(f"/cases/{youth_case.pk}/edit/").context["form"]
    assert form["placement_type"].value() == youth_case.placement_type
