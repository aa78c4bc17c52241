from tests.cases.test_case_edit import form_data


def test_the_supervisor_sees_who_changed_what(client, caseworker, supervisor, youth_case):
    client.force_login(caseworker)
    client.post(f"/cases/{youth_case.pk}/edit/", form_data(youth_case, pronouns="they/them"))
    client.force_login(supervisor)
    response = client.get(f"/cases/{youth_case.pk}/history/")
    changes = response.context["changes"]
    assert changes[0].kind == "changed"
    assert changes[0].by == "Casey Moreno"
    assert [(f.label, f.old, f.new) for f in changes[0].fields] == [
        ("pronouns", "she/her", "they/them")]
    assert changes[-1].kind == "created"
