"""The report page, its CSV, JSON and PDF: who sees them (scope), bad input, audit, no names."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent
from cases.access import cases_visible_to
from tests import factories

from .conftest import MARCH, at, screening

PAGES = ["reporting:report", "reporting:report_csv", "reporting:report_json", "reporting:report_pdf"]
MARCH_QUERY = {"period": MARCH.key, "scope": "all"}

# Database tests, ordered before the transactional ones (whose flush removes the role groups):
# the `persona` fixture reaches the database only through getfixturevalue, which pytest-django
# cannot see when it orders the tests.
pytestmark = pytest.mark.django_db


@pytest.fixture
def records(library, case_a, case_a2, case_b):
    """Team A: 6 screenings in March (a count above the threshold) and 2 identified youth (under
    it); team B: one screening, one identification."""
    for day in range(1, 5):
        screening(case_a, at(day), version=library.tier1, level="none")
    screening(case_a, at(10), version=library.tier1, level="clear", identifies=["sex"])
    screening(case_a2, at(11), version=library.tier1, level="clear", identifies=["labor"])
    screening(case_b, at(12), version=library.tier1, level="clear", identifies=["sex"])
    factories.MissingEpisodeFactory(case=case_a, went_missing_at=at(6), returned_at=at(7))
    return [case_a, case_a2, case_b]


def by_level(response):
    return {r.label: r.cells[0].value for r in response.context["report"].figure("screenings_by_level").rows}


@pytest.mark.parametrize("persona", ["supervisor", "program_manager", "admin_user"], indirect=True)
def test_those_with_the_permission_see_the_report(client, persona, records):
    client.force_login(persona)
    response = client.get(reverse("reporting:report"), MARCH_QUERY)
    assert response.status_code == 200
    assert b"<svg" in response.content and b'role="img"' in response.content
    expected = 7 if persona.is_superuser else 6  # the whole agency, or team A
    assert by_level(response)["All screenings"] == expected
    page = response.content.decode()
    for case in records:
        assert case.legal_name not in page and case.case_number not in page
    event = AuditEvent.objects.get(action="viewed", user=persona)
    assert event.detail == {"period": MARCH.key, "scope": "all", "format": "page"}


@pytest.mark.parametrize("persona", ["caseworker", "instrument_admin"], indirect=True)
@pytest.mark.parametrize("name", PAGES)
def test_without_the_permission_every_page_is_not_found(client, persona, name):
    client.force_login(persona)
    assert client.get(reverse(name), MARCH_QUERY).status_code == 404
    assert not AuditEvent.objects.filter(user=persona, action__in=["viewed", "exported", "printed"]).exists()


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_is_sent_to_log_in(client, name):
    response = client.get(reverse(name), MARCH_QUERY)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_nav_link_shows_only_to_who_may_see_reports(client, program_manager, caseworker):
    link = f'href="{reverse("reporting:report")}"'
    client.force_login(program_manager)
    assert link in client.get(reverse("accounts:password_change")).content.decode()
    client.force_login(caseworker)
    assert link not in client.get(reverse("accounts:password_change")).content.decode()


def test_a_program_manager_of_team_a_sees_nothing_of_team_b(client, program_manager, team_b, records):
    assert list(cases_visible_to(program_manager)) == []  # figures, never a youth's record
    client.force_login(program_manager)
    response = client.get(reverse("reporting:report"), MARCH_QUERY)
    page = response.content.decode()
    assert f'value="team-{team_b.pk}"' not in page and 'value="county-South County"' not in page
    assert f'value="team-{records[0].team_id}"' in page
    response = client.get(reverse("reporting:report"), {"period": MARCH.key, "scope": f"team-{team_b.pk}"})
    assert response.status_code == 400
    assert "Choose teams from the list" in response.content.decode()
    assert "report" not in response.context or response.context.get("report") is None


def test_the_whole_agency_is_a_permission_given_to_a_program_manager(client, program_manager, records):
    from django.contrib.auth.models import Permission

    program_manager.user_permissions.add(Permission.objects.get(codename="view_agency_figures"))
    client.force_login(program_manager)
    response = client.get(reverse("reporting:report"), MARCH_QUERY)
    assert by_level(response)["All screenings"] == 7
    assert list(cases_visible_to(program_manager)) == []


@pytest.mark.parametrize(
    "query",
    [
        {"period": "2026-13"},
        {"period": "FY1900"},
        {"period": "<script>"},
        {"scope": "team-999999"},
        {"scope": "county-Nowhere"},
        {"period": ""},
    ],
)
def test_bad_period_or_scope_gets_a_clear_message(client, supervisor, query):
    client.force_login(supervisor)
    response = client.get(reverse("reporting:report"), query)
    assert response.status_code == 400
    page = response.content.decode()
    assert "These figures cannot be shown" in page
    assert ("Choose a month" in page) or ("Choose teams" in page)
    for name in PAGES[1:]:
        assert client.get(reverse(name), query).status_code == 400
    assert not AuditEvent.objects.filter(
        user=supervisor, action__in=["viewed", "exported", "printed"]
    ).exists()


def test_the_default_is_the_last_full_month(client, supervisor):
    client.force_login(supervisor)
    response = client.get(reverse("reporting:report"))
    assert response.status_code == 200
    assert response.context["report"].period.kind == "month"


def test_the_page_reads_a_fixed_number_of_queries(client, supervisor, library, case_a, team_a, caseworker):
    client.force_login(supervisor)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("reporting:report"), MARCH_QUERY).status_code == 200
        return [q["sql"][:150] for q in captured]

    # A team to name and a youth identified (none: no query at all for their names, placements).
    screening(case_a, at(1), version=library.tier1, identifies=["sex"])
    queries()  # the first request of a session reads what later ones find cached
    few = queries()
    for n in range(12):
        case = factories.CaseFactory(team=team_a, assigned_caseworker=caseworker)
        screening(case, at(1 + n), version=library.tier1, level="clear", identifies=["sex"])
        factories.MissingEpisodeFactory(case=case, went_missing_at=at(1 + n), returned_at=at(2 + n))
    more = queries()
    assert len(more) == len(few), "\n".join(q for q in more if q not in few)


def test_csv_has_no_names_and_hides_small_counts(client, supervisor, records):
    client.force_login(supervisor)
    response = client.get(reverse("reporting:report_csv"), MARCH_QUERY)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    for case in records:
        for secret in (case.legal_name, case.case_number, case.date_of_birth.isoformat()):
            assert secret not in body
    rows = list(csv.reader(io.StringIO(body)))
    cell = {(r[2], r[3], r[4]): r[5] for r in rows[1:]}
    assert cell["Screenings by level", "All screenings", "Screenings"] == "6"
    assert cell["Youth identified as victims", "Sex trafficking", "Youth"] == "fewer than 5"
    assert cell["Youth identified as victims", "Labor trafficking", "Youth"] == "fewer than 5"
    assert cell["Youth identified, by age at identification", "0–11", "Sex trafficking"] == "0"
    event = AuditEvent.objects.get(action="exported", user=supervisor)
    assert event.detail["format"] == "csv"


def test_json_has_the_same_figures_without_names(client, supervisor, records):
    client.force_login(supervisor)
    response = client.get(reverse("reporting:report_json"), MARCH_QUERY)
    assert response.status_code == 200
    data = json.loads(response.content)
    text = response.content.decode()
    for case in records:
        for secret in (case.legal_name, case.case_number, case.date_of_birth.isoformat()):
            assert secret not in text
    figures = {f["key"]: f for f in data["figures"]}
    level_rows = {r["label"]: r["values"] for r in figures["screenings_by_level"]["rows"]}
    assert level_rows["All screenings"] == [6]
    assert level_rows["Clear concern"] == ["fewer than 5"]
    assert data["period"]["first_day"] == "2026-03-01" and data["period"]["last_day"] == "2026-03-31"
    assert AuditEvent.objects.get(action="exported", user=supervisor).detail["format"] == "json"


def test_the_pdf_prints_the_report_without_names(client, program_manager, records):
    from pypdf import PdfReader

    client.force_login(program_manager)
    response = client.get(reverse("reporting:report_pdf"), MARCH_QUERY)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Screenings by level" in text and "fewer than 5" in text
    # Its pages' foot says what it is: the agency's figures, not a youth's record.
    assert "INTERNAL: the agency's figures, no youth named" in text
    assert "information about a youth in care" not in text
    for case in records:
        assert case.legal_name not in text and case.case_number not in text
    event = AuditEvent.objects.get(action="printed", user=program_manager)
    assert event.detail["format"] == "pdf" and event.detail["pages"] >= 1


def test_the_printed_chart_hides_small_counts_too(records, team_a):
    from reporting import exports, figures

    report = figures.build(MARCH, [team_a.pk])
    printed = {item["figure"].key: item for item in exports.rows_for_print(report)}
    bars = printed["trend_by_month"]["chart"]["bars"]
    # March on team A: 4 "no concern" (under 5): an outline up to 5, its words, never its height.
    no_concern = next(b for b in bars if b["title"].startswith("Mar 2026, No concern"))
    assert no_concern["title"].endswith("fewer than 5") and no_concern["fill"] == "none"
    exact = next(
        b for b in report.figure("trend_by_month").chart["bars"] if b["title"].startswith("Mar 2026, No")
    )
    assert exact["title"].endswith(": 4")  # the page, for who may see it, shows the count


def test_the_charts_numbers_are_numbers_in_spanish_too(client, supervisor, records):
    import re

    supervisor.language = "es"
    supervisor.save()
    client.force_login(supervisor)
    page = client.get(reverse("reporting:report"), MARCH_QUERY).content.decode()
    assert "Cifras" in page or "Agency figures" in page
    coordinates = re.findall(r'<rect x="([^"]+)" y="([^"]+)" width="([^"]+)" height="([^"]+)"', page)
    assert coordinates
    for numbers in coordinates:
        for number in numbers:
            float(number)  # "68.3", never the Spanish "68,3" (an SVG reads no comma)


def test_the_threshold_is_a_setting(client, supervisor, records, settings):
    settings.REPORT_SMALL_COUNT_THRESHOLD = 3
    client.force_login(supervisor)
    data = json.loads(client.get(reverse("reporting:report_json"), MARCH_QUERY).content)
    levels = {r["label"]: r["values"] for r in data["figures"][0]["rows"]}
    assert levels["No concern indicated"] == [4]  # under 5, not under 3: shown
    assert levels["Clear concern"] == ["fewer than 3"]
    assert data["small_count_threshold"] == 3 and data["suppressed_value"] == "fewer than 3"
