"""Every URL of the product × every persona, generated from the URL conf so a new view cannot be
forgotten: anonymous → the login page; out of scope → 404 (a guessed id tells nothing, and nothing
is written); in scope → never a server error. GET and POST (an empty form) alike.

It lives with the screening tests because screening is the top of the import graph: its fixtures
build one object of every kind the URLs take (case, episode, draft and submitted screenings, a
guidance action).
"""

from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import factories
from tests.conftest import PERSONAS
from tests.rows import row_counts

from .conftest import start

# URLs outside the matrix, and why.
NOT_OBJECT_VIEWS = {
    "login",  # anonymous by design
    "logout",  # anyone may log out
    "password_change_done",
    "healthz",  # for a load balancer: answers everyone, reads nothing
    "readyz",
    "favicon",  # a redirect to the static icon, for everyone (tests/config/test_favicon.py)
    "view_on_site",  # the admin's; tests/accounts/test_admin_lists.py
}

# What each (namespace, keyword) of a URL names, as a key of the objects the test builds.
KWARG_OBJECT = {
    ("cases", "pk"): "case",
    ("cases", "episode_pk"): "episode",
    ("screening", "case_pk"): "case",
    ("screening", "pk"): "screening",
    ("studio", "pk"): "instrument_version",
    ("studio", "rule_pk"): "rule",
    ("studio", "vignette"): "vignette",
}
# URLs that are a role's, not a case's people's: who is in scope of each namespace (everyone else:
# 404, whatever the object). The studio is the instrument administrators'.
ROLE_NAMESPACES = {"studio": {"instrument_admin"}}
SCREENING_ACTION_URLS = {"action_close", "action_reopen"}  # their pk is a guidance action

IN_SCOPE = ["caseworker", "supervisor", "admin_user"]
# A program manager sees figures (reporting/), never a case: every case URL is a 404 for them.
OUT_OF_SCOPE = ["caseworker2", "other_caseworker", "other_supervisor", "instrument_admin", "program_manager"]


def product_urls():
    """(namespace, name, pattern keywords) of every URL outside the Django admin."""

    def walk(resolver, namespace=None):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if entry.app_name == "admin":
                    continue
                yield from walk(entry, entry.namespace or namespace)
            elif isinstance(entry, URLPattern):
                yield namespace, entry.name, sorted(entry.pattern.converters)

    return [u for u in walk(get_resolver()) if u[1] not in NOT_OBJECT_VIEWS]


def test_every_url_has_a_name_and_known_keywords():
    for namespace, name, keywords in product_urls():
        assert name, f"a URL of {namespace} has no name"
        for keyword in keywords:
            if name in SCREENING_ACTION_URLS:
                continue
            assert (namespace, keyword) in KWARG_OBJECT, (
                f"{namespace}:{name} takes <{keyword}>: say in KWARG_OBJECT which object it names"
            )


@pytest.fixture
def objects(tier1_possible, caseworker, youth_case):
    draft = start(caseworker, youth_case, tier1_possible.instrument_version)
    return {
        "case": [youth_case],
        "episode": [factories.MissingEpisodeFactory(case=youth_case)],
        "screening": [tier1_possible, draft],
        "action": [tier1_possible.actions.first()],
        "instrument_version": [tier1_possible.instrument_version],
        "rule": [tier1_possible.instrument_version.rules.first()],
        # A vignette is named by its id in its version (the first of the version's own).
        "vignette": [SimpleNamespace(pk=tier1_possible.instrument_version.content["vignettes"][0]["id"])],
    }


def addresses(objects):
    """Every product URL with every object of the kinds it takes: (name, url, the same URL with
    ids that do not exist, or None when it takes no object)."""
    out = []
    for namespace, name, keywords in product_urls():
        view = f"{namespace}:{name}" if namespace else name
        kinds = [
            "action" if name in SCREENING_ACTION_URLS else KWARG_OBJECT[(namespace, k)] for k in keywords
        ]
        combos: list[dict] = [{}]
        for keyword, kind in zip(keywords, kinds, strict=True):
            combos = [dict(c, **{keyword: obj}) for c in combos for obj in objects[kind]]
        for combo in combos:
            url = reverse(view, kwargs={k: v.pk for k, v in combo.items()})
            missing = reverse(view, kwargs=dict.fromkeys(combo, 10**9)) if combo else None
            out.append((view, url, missing))
    return out


def test_anonymous_is_sent_to_log_in(client, objects):
    login = reverse("accounts:login")
    before = row_counts()
    for name, url, _missing in addresses(objects):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, f"{method.__name__} {name} {url}: {response.status_code}"
            assert response["Location"].startswith(login + "?next="), (name, response["Location"])
    assert row_counts() == before


@pytest.mark.parametrize("persona", OUT_OF_SCOPE, indirect=True)
def test_out_of_scope_is_not_found_and_changes_nothing(client, persona, objects):
    client.force_login(persona)
    before = row_counts()
    for name, url, missing in addresses(objects):
        if missing is None or role_namespace(name):
            continue
        for method in (client.get, client.post):
            response = method(url)
            where = f"{persona.username} {method.__name__} {name} {url}"
            if response.status_code == 405:
                # The method is refused before any lookup: the same for an id that does not exist.
                assert method(missing).status_code == 405, where
            else:
                assert response.status_code == 404, where
    assert row_counts() == before


# Out of scope, every answer is a 404 (above); here those who see the objects.
@pytest.mark.parametrize("persona", IN_SCOPE, indirect=True)
def test_no_server_error_for_those_in_scope(client, persona, objects):
    client.force_login(persona)
    for name, url, _missing in addresses(objects):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code < 500, f"{persona.username} {method.__name__} {name} {url}"


def role_namespace(name: str) -> str | None:
    namespace = name.split(":")[0] if ":" in name else None
    return namespace if namespace in ROLE_NAMESPACES else None


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_a_roles_pages_are_out_of_scope_for_everyone_else(request, client, persona, objects):
    """A role's pages answer 404 to everyone without the role (with or without an object, which
    exists or not), write nothing, and never a server error to those with it."""
    persona_name = request.node.callspec.params["persona"]
    client.force_login(persona)
    before = row_counts()
    for name, url, missing in addresses(objects):
        namespace = role_namespace(name)
        if namespace is None:
            continue
        for method in (client.get, client.post):
            response = method(url)
            where = f"{persona.username} {method.__name__} {name} {url}"
            if persona_name in ROLE_NAMESPACES[namespace]:
                assert response.status_code < 500, where
                if missing is not None and response.status_code != 405:
                    assert method(missing).status_code == 404, where
            elif response.status_code == 405:
                assert missing is None or method(missing).status_code == 405, where
            else:
                assert response.status_code == 404, where
    assert row_counts() == before
