import re

import pytest

from tests import factories


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


# --------------------------------------------------------------------------- a home for every role

FIRST_SECTION = {
    "caseworker": "due-heading",
    "supervisor": "queue-heading",
    "admin_user": "agency-heading",
    "instrument_admin": "library-drafts-heading",
}


def main_of(page: str) -> str:
    return page[page.index('<main id="main"') : page.index("</main>")]


@pytest.mark.parametrize("persona", sorted(FIRST_SECTION), indirect=True)
def test_each_role_starts_with_what_it_must_do_next(client, db, persona, request):
    client.force_login(persona)
    main = main_of(client.get("/").content.decode())
    first = re.search(r'<h2 id="([^"]+)"', main).group(1)
    assert first == FIRST_SECTION[request.node.callspec.params["persona"]]


@pytest.mark.parametrize(
    "persona, sees_cases",
    [("caseworker", True), ("supervisor", True), ("admin_user", True), ("instrument_admin", False)],
    indirect=["persona"],
)
def test_cases_are_in_the_navigation_only_for_those_who_may_see_cases(client, db, persona, sees_cases):
    client.force_login(persona)
    page = client.get("/").content.decode()
    nav = page[page.index("<nav") : page.index("</nav>")]
    assert ('href="/cases/"' in nav) is sees_cases
    assert (">Cases</a>" in nav) is sees_cases


@pytest.mark.parametrize("persona", ["caseworker", "supervisor"], indirect=True)
def test_caseworkers_and_supervisors_see_no_admin_sections(client, db, persona):
    client.force_login(persona)
    page = client.get("/").content.decode()
    for heading in ("agency-heading", "sign-ins-heading", "library-drafts-heading", "instruments-heading"):
        assert f'id="{heading}"' not in page


def test_an_account_with_no_role_is_told_so(client, db):
    user = factories.UserFactory(username="newcomer")
    client.force_login(user)
    page = client.get("/").content.decode()
    assert "Your account has no role yet" in page
    assert 'href="/cases/"' not in page


def test_the_home_page_is_read_only(client, caseworker):
    client.force_login(caseworker)
    assert client.post("/").status_code == 405
