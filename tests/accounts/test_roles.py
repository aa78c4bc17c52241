import pytest
from django.contrib.auth.models import Group


@pytest.mark.django_db
def test_the_roles_exist_with_their_permissions():
    perms = {g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}
    assert {"Caseworker", "Supervisor", "Instrument administrator"} <= set(perms)
    assert {"view_case", "add_case", "change_case", "add_missingepisode", "add_casenote"} <= perms[
        "Caseworker"
    ]
    assert "view_case_access_log" not in perms["Caseworker"]
    assert "view_case_access_log" in perms["Supervisor"]
    assert not any(p.endswith("_case") for p in perms["Instrument administrator"])
    # Nobody may delete case records or audit events.
    assert not any(p.startswith("delete_") for codes in perms.values() for p in codes)


def test_role_labels(caseworker, admin_user):
    assert [str(label) for label in caseworker.role_labels] == ["Caseworker"]
    assert "System administrator" in [str(label) for label in admin_user.role_labels]
