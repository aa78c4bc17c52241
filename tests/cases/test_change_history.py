from tests.cases.test_case_edit import form_data


def test_the_supervisor_sees_who_changed_what(client, caseworker, supervisor, youth_case):
    client.force_login(caseworker)
    client.post(f"/cases/{youth_case.pk}/edit/", form_data(youth_case, pronouns="they/them"))
    client.force_login(supervisor)
    response = client.get(f"/cases/{youth_case.pk}/history/")
    changes = response.context["changes"]
    assert changes[0].kind == "changed"
    assert changes[0].by == "Casey Moreno"
    assert [(f.label, f.old, f.new) for f in changes[0].fields] == [("pronouns", "she/her", "they/them")]
    assert changes[-1].kind == "created"


def test_an_episode_is_named_by_its_local_date(client, supervisor, youth_case):
    """Gone at 8 pm in Chicago is 2 am the next day in UTC: the label keeps the local date."""
    import datetime
    import zoneinfo

    from tests import factories

    chicago = zoneinfo.ZoneInfo("America/Chicago")
    went = datetime.datetime(2026, 3, 2, 20, 0, tzinfo=chicago)
    factories.MissingEpisodeFactory(
        case=youth_case, went_missing_at=went, returned_at=went + datetime.timedelta(days=1)
    )
    client.force_login(supervisor)
    page = client.get(f"/cases/{youth_case.pk}/history/").content.decode()
    assert "Missing episode of 03/02/2026" in page and "Missing episode of 03/03/2026" not in page


def test_several_fields_read_in_the_forms_order_with_their_labels_and_names(
    client, caseworker, caseworker2, supervisor, youth_case
):
    """Choices read as their labels and people by name, in the order of the record's fields
    (simple-history's diff_against lists them by name)."""
    client.force_login(supervisor)
    data = form_data(
        youth_case, status="closed", placement_type="shelter", pronouns="", assigned_caseworker=caseworker2.pk
    )
    client.post(f"/cases/{youth_case.pk}/edit/", data)
    [change] = [
        c for c in client.get(f"/cases/{youth_case.pk}/history/").context["changes"] if c.kind == "changed"
    ]
    assert change.by == "Morgan Reyes" and change.what == "Case record"
    assert [(f.label, f.old, f.new) for f in change.fields] == [
        ("pronouns", "she/her", "—"),
        ("placement", "Foster family", "Shelter"),
        ("assigned caseworker", "Casey Moreno", "Sam Okafor"),
        ("status", "Open", "Closed"),
    ]


def test_an_episode_change_is_listed_beside_the_case(client, supervisor, youth_case):
    import datetime

    from tests import factories

    episode = factories.MissingEpisodeFactory(case=youth_case)
    episode.returned_at = episode.returned_at + datetime.timedelta(hours=2)
    episode.save()
    client.force_login(supervisor)
    changes = client.get(f"/cases/{youth_case.pk}/history/").context["changes"]
    [changed] = [c for c in changes if c.kind == "changed"]
    assert changed.what.startswith("Missing episode of ")
    assert [f.label for f in changed.fields] == ["returned or recovered at"]
