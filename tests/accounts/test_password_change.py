from tests.factories import PASSWORD


def test_a_user_changes_their_password(client, caseworker):
    client.force_login(caseworker)
    assert client.get("/accounts/password/").status_code == 200
    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-much-longer-passphrase-2026",
            "new_password2": "a-much-longer-passphrase-2026",
        },
    )
    assert response.status_code == 302
    caseworker.refresh_from_db()
    assert caseworker.check_password("a-much-longer-passphrase-2026")


def test_a_short_or_wrong_password_is_refused(client, caseworker):
    client.force_login(caseworker)
    response = client.post(
        "/accounts/password/", {"old_password": "not-it", "new_password1": "short", "new_password2": "short"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Your old password was entered incorrectly" in content
    caseworker.refresh_from_db()
    assert caseworker.check_password(PASSWORD)


def test_anonymous_cannot_change_passwords(client, db):
    assert client.get("/accounts/password/").status_code == 302
