"""Changes made in the admin (users, roles, teams) and reads of the audit log are on the audit trail."""

from django.contrib.auth.models import Group

from accounts import roles
from accounts.models import AuditEvent, Team


def test_adding_changing_and_deleting_a_team_is_audited(client, admin_user, caseworker):
    client.force_login(admin_user)
    response = client.post(
        "/admin/accounts/team/add/", {"name": "East Team", "county": "East", "office": "E"}
    )
    assert response.status_code == 302
    team = Team.objects.get(name="East Team")
    added = AuditEvent.objects.get(action="created", object_type="accounts.team", object_id=str(team.pk))
    assert added.user == admin_user and "East Team" in added.summary

    response = client.post(
        f"/admin/accounts/team/{team.pk}/change/",
        {"name": "East Team", "county": "East", "office": "E", "caseworkers": [caseworker.pk]},
    )
    assert response.status_code == 302
    changed = AuditEvent.objects.get(action="updated", object_type="accounts.team")
    assert "caseworkers" in str(changed.detail["admin"]).lower()

    response = client.post(f"/admin/accounts/team/{team.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(
        action="deleted", object_type="accounts.team", object_id=str(team.pk), user=admin_user
    ).exists()


def test_deleting_a_role_is_audited(client, admin_user, caseworker):
    client.force_login(admin_user)
    group = Group.objects.get(name=roles.CASEWORKER)
    response = client.post(f"/admin/auth/group/{group.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="deleted", object_type="auth.group")
    assert roles.CASEWORKER in event.summary


def test_a_password_set_in_the_admin_is_audited_without_the_password(client, admin_user, caseworker):
    client.force_login(admin_user)
    secret = "Ample-Horizon-Cactus-42"
    response = client.post(
        f"/admin/accounts/user/{caseworker.pk}/password/",
        {"password1": secret, "password2": secret, "usable_password": "true"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(
        action="updated", object_type="accounts.user", object_id=str(caseworker.pk)
    )
    assert "password" in str(event.detail).lower()
    assert secret not in str(event.detail) and secret not in event.summary


def test_reading_the_audit_log_is_audited(client, admin_user, caseworker):
    client.force_login(admin_user)
    assert client.get("/admin/accounts/auditevent/?action=viewed").status_code == 200
    listed = AuditEvent.objects.latest("id")
    assert (listed.user, listed.action, listed.detail) == (
        admin_user,
        "viewed",
        {"filters": {"action": "viewed"}},
    )
    assert client.get(f"/admin/accounts/auditevent/{listed.pk}/change/").status_code == 200
    opened = AuditEvent.objects.latest("id")
    assert opened.detail == {"audit_event": str(listed.pk)}
