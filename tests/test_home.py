def test_the_caseworker_sees_their_open_cases(client, caseworker, youth_case, other_case):
    client.force_login(caseworker)
    response = client.get("/")
    assert response.status_code == 200
    assert b"Lexi" in response.content
    assert b"Taylor" not in response.content


def test_the_instrument_admin_sees_no_cases_but_their_role(client, instrument_admin, youth_case):
    client.force_login(instrument_admin)
    response = client.get("/")
    assert b"Lexi" not in response.content
    assert b"Instrument library" in response.content


def test_anonymous_goes_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
