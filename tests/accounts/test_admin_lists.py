"""Admin lists refuse a filter the database cannot answer the way Django refuses an unknown one:
back to the list with a notice (?e=1), never a server error."""

import pytest


@pytest.mark.parametrize(
    "query",
    [
        "at__year=9999&at__month=12",
        "at__year=9999&at__month=12&at__day=31",
        "at__year=99999999",
        "at__year=2026&at__month=13",
        "at__year=abc",
    ],
)
def test_an_impossible_date_drill_down_is_refused(client, admin_user, query):
    client.force_login(admin_user)
    response = client.get(f"/admin/accounts/auditevent/?{query}")
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"].endswith("?e=1")


@pytest.mark.parametrize(
    "url",
    [
        "/admin/accounts/user/?groups__id__exact=abc",
        "/admin/accounts/team/?o=99",
        "/admin/indicators/instrumentversion/?instrument__id__exact=abc",
        "/admin/indicators/section/?version__instrument__id__exact=1e9999",
    ],
)
def test_a_malformed_filter_is_refused(client, admin_user, url):
    client.force_login(admin_user)
    assert client.get(url).status_code in (200, 302)


def test_view_on_site_tells_nothing_about_records_outside_the_admin(client, instrument_admin, youth_case):
    from django.contrib.contenttypes.models import ContentType

    from cases.models import Case

    instrument_admin.is_staff = True
    instrument_admin.save()
    client.force_login(instrument_admin)
    case_type = ContentType.objects.get_for_model(Case)
    existing = client.get(f"/admin/r/{case_type.pk}/{youth_case.pk}/")
    missing = client.get(f"/admin/r/{case_type.pk}/{youth_case.pk + 1000}/")
    assert existing.status_code == missing.status_code == 404
    assert client.get("/admin/r/abc/1/").status_code == 404
    assert client.get("/admin/r/99999/1/").status_code == 404


def test_view_on_site_asks_anonymous_visitors_to_log_in(client, youth_case):
    response = client.get(f"/admin/r/1/{youth_case.pk}/")
    assert response.status_code == 302 and "/login/?next=/admin/r/1/" in response["Location"]
