from accounts.models import AuditEvent


def test_the_supervisor_sees_who_accessed_the_case(client, caseworker, supervisor, youth_case):
    client.force_login(caseworker)
    client.get(f"/cases/{youth_case.pk}/", REMOTE_ADDR="10.9.8.7")
    client.force_login(supervisor)
    response = client.get(f"/cases/{youth_case.pk}/access-log/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Casey Moreno" in content and "10.9.8.7" in content and "viewed" in content
    # Reading the log is itself logged.
    assert AuditEvent.objects.filter(
        case_id=youth_case.pk, user=supervisor, detail__page="access log"
    ).exists()


def test_the_log_shows_only_this_case(client, supervisor, youth_case, other_case, admin_user):
    client.force_login(admin_user)
    client.get(f"/cases/{other_case.pk}/")
    client.force_login(supervisor)
    response = client.get(f"/cases/{youth_case.pk}/access-log/")
    assert all(e.case_id == youth_case.pk for e in response.context["page"].object_list)
