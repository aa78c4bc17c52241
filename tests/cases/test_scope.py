"""Who sees which case: every case page, every persona (allowed / 404 / redirect to login)."""

import pytest
from django.contrib.auth.models import Group

from accounts.models import AuditEvent
from cases.access import cases_visible_to, get_case_for_user
from tests import factories

CASE_PAGES = [
    "/cases/{pk}/",
    "/cases/{pk}/edit/",
    "/cases/{pk}/episodes/new/",
    "/cases/{pk}/episodes/{episode}/edit/",
    "/cases/{pk}/notes/new/",
]
SUPERVISOR_PAGES = ["/cases/{pk}/access-log/", "/cases/{pk}/history/"]


@pytest.fixture
def episode(youth_case):
    return factories.MissingEpisodeFactory(case=youth_case)


def url(template, case, episode):
    return template.format(pk=case.pk, episode=episode.pk)


@pytest.mark.parametrize("template", CASE_PAGES + SUPERVISOR_PAGES)
@pytest.mark.parametrize("persona", ["supervisor", "admin_user"], indirect=True)
def test_it_shows_every_page_to_the_team_supervisor_and_admins(
    client, persona, youth_case, episode, template
):
    client.force_login(persona)
    assert client.get(url(template, youth_case, episode)).status_code == 200


@pytest.mark.parametrize("template", CASE_PAGES)
def test_it_shows_case_pages_to_the_assigned_caseworker(client, caseworker, youth_case, episode, template):
    client.force_login(caseworker)
    assert client.get(url(template, youth_case, episode)).status_code == 200


@pytest.mark.parametrize("template", SUPERVISOR_PAGES)
def test_it_refuses_the_access_log_to_the_caseworker(client, caseworker, youth_case, episode, template):
    client.force_login(caseworker)
    assert client.get(url(template, youth_case, episode)).status_code == 403


@pytest.mark.parametrize("template", CASE_PAGES + SUPERVISOR_PAGES)
@pytest.mark.parametrize(
    "persona",
    ["caseworker2", "other_caseworker", "other_supervisor", "instrument_admin"],
    indirect=True,
)
def test_it_answers_404_out_of_scope(client, persona, youth_case, episode, template):
    client.force_login(persona)
    response = client.get(url(template, youth_case, episode))
    assert response.status_code == 404
    assert youth_case.legal_name.encode() not in response.content
    assert youth_case.chosen_name.encode() not in response.content


@pytest.mark.parametrize("template", CASE_PAGES + SUPERVISOR_PAGES)
def test_it_answers_404_out_of_scope_on_post_too(client, other_caseworker, youth_case, episode, template):
    client.force_login(other_caseworker)
    before = AuditEvent.objects.filter(case_id=youth_case.pk).count()
    response = client.post(url(template, youth_case, episode), {"body": "x"})
    assert response.status_code == 404
    assert AuditEvent.objects.filter(case_id=youth_case.pk).count() == before


@pytest.mark.parametrize("template", CASE_PAGES + SUPERVISOR_PAGES + ["/cases/", "/cases/new/", "/"])
def test_it_redirects_anonymous_visitors_to_login(client, youth_case, episode, template):
    response = client.get(url(template, youth_case, episode))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_an_unknown_case_id_is_404(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/cases/999999/").status_code == 404


def test_an_episode_of_another_case_is_404(client, caseworker, youth_case):
    other_case_of_same_worker = factories.CaseFactory(team=youth_case.team, assigned_caseworker=caseworker)
    foreign_episode = factories.MissingEpisodeFactory(case=other_case_of_same_worker)
    client.force_login(caseworker)
    response = client.get(f"/cases/{youth_case.pk}/episodes/{foreign_episode.pk}/edit/")
    assert response.status_code == 404


class TestCasesVisibleTo:
    def test_caseworker_sees_only_assigned_cases(self, caseworker, caseworker2, youth_case):
        mine = factories.CaseFactory(team=youth_case.team, assigned_caseworker=caseworker)
        factories.CaseFactory(team=youth_case.team, assigned_caseworker=caseworker2)
        assert set(cases_visible_to(caseworker)) == {youth_case, mine}

    def test_supervisor_sees_every_case_of_their_team_once(
        self, supervisor, caseworker2, youth_case, other_case, team_a
    ):
        # A second supervisor on the team must not duplicate rows (subquery, not join).
        factories.supervisor("second-sup", team_a)
        theirs = factories.CaseFactory(team=team_a, assigned_caseworker=caseworker2)
        visible = list(cases_visible_to(supervisor))
        assert sorted(c.pk for c in visible) == sorted([youth_case.pk, theirs.pk])

    def test_instrument_admin_sees_nothing(self, instrument_admin, youth_case, other_case):
        assert not cases_visible_to(instrument_admin).exists()

    def test_superuser_sees_everything(self, admin_user, youth_case, other_case):
        assert set(cases_visible_to(admin_user)) == {youth_case, other_case}

    def test_several_roles_see_the_union(self, team_a, team_b, youth_case, other_case):
        both = factories.caseworker("both", team_b)
        team_a.supervisors.add(both)
        both.groups.add(Group.objects.get(name="Supervisor"))
        other_case.assigned_caseworker = both
        other_case.save()
        assert set(cases_visible_to(both)) == {youth_case, other_case}

    def test_losing_the_role_loses_the_scope(self, caseworker, youth_case):
        caseworker.groups.clear()
        caseworker = type(caseworker).objects.get(pk=caseworker.pk)
        assert not cases_visible_to(caseworker).exists()

    def test_a_deactivated_user_sees_nothing(self, caseworker, youth_case):
        caseworker.is_active = False
        assert not cases_visible_to(caseworker).exists()

    @pytest.mark.parametrize("bad_id", ["abc", None, "1.5", ""])
    def test_get_case_for_user_turns_bad_ids_into_404(self, caseworker, bad_id):
        from django.http import Http404

        with pytest.raises(Http404):
            get_case_for_user(caseworker, bad_id)
