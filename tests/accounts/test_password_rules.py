"""Password rules (settings.AUTH_PASSWORD_VALIDATORS, accounts/validators.py) on the page where a
person changes their password, and the audit event a change leaves."""

import pytest
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from accounts.validators import ProductWordsValidator, RepetitionValidator
from tests.factories import PASSWORD

GOOD = "a-much-longer-passphrase-2026"

# password -> what the refusal says (each a rule of its own)
BAD = {
    "short-2026": "too short",
    "Screening-demo-2026": "words people would guess for this service",
    "Tr4ff1ck1ng-Y0uth!": "words people would guess for this service",
    "caseworker-casework": "words people would guess for this service",
    "aaaaaaaaaaaa": "repeated character, a sequence or a repeated pattern",
    "abcdefghijklmn": "repeated character, a sequence or a repeated pattern",
    "123456789012": "entirely numeric",
    "qwertyuiopasdf": "repeated character, a sequence or a repeated pattern",
    "zyxwvutsrqpo": "repeated character, a sequence or a repeated pattern",
    "abcabcabcabc": "repeated character, a sequence or a repeated pattern",
    "xy12xy12xy12xy12": "repeated character, a sequence or a repeated pattern",
    "aabbaabbccaabb": "too few different characters",
    "casey@agency.example": "too similar to the email address",
    "leavemealone": "too common",
}


def check(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


@pytest.mark.parametrize("password, message", list(BAD.items()))
def test_the_rules_refuse(caseworker, password, message):
    assert message in check(password, caseworker)


@pytest.mark.parametrize(
    "password",
    [
        GOOD,
        PASSWORD,
        "Lantern-Orchard-Velvet-93",
        "the screening room has blue walls and a fern",  # a word of ours in a long passphrase
        "9f#Kq2!vLz7@pW",
    ],
)
def test_the_rules_accept(caseworker, password):
    assert check(password, caseworker) == ""


def test_the_agencys_own_words_are_configured(caseworker, settings):
    validator = ProductWordsValidator(words=["Riverside"])
    with pytest.raises(ValidationError, match="riverside"):
        validator.validate("Riverside-County-2026")
    validator.validate("Lantern-Orchard-Velvet-93")


def test_sequences_wrap_round_and_run_backwards():
    assert RepetitionValidator.is_run("7890123456")
    assert RepetitionValidator.is_run("lkjhgfdsa")
    assert not RepetitionValidator.is_run("lantern")
    assert RepetitionValidator.is_repeated_piece("ab12ab12ab")
    assert not RepetitionValidator.is_repeated_piece("ab12ab13ab")


def change(client, new, new2=None, old=PASSWORD):
    return client.post(
        "/accounts/password/", {"old_password": old, "new_password1": new, "new_password2": new2 or new}
    )


def test_a_good_new_password_is_saved_and_audited(client, caseworker):
    client.force_login(caseworker)
    response = change(client, GOOD, old=PASSWORD)
    assert response.status_code == 302
    caseworker.refresh_from_db()
    assert caseworker.check_password(GOOD)
    event = AuditEvent.objects.get(action="updated", object_type="accounts.user")
    assert event.user == caseworker and event.object_id == str(caseworker.pk)
    assert event.summary == "Changed their own password"
    assert event.detail == {"event": "password_changed"}
    assert GOOD not in str(event.detail) + event.summary + event.path
    # Still logged in: Django keeps the session after a change of one's own password.
    assert client.get("/cases/").status_code == 200


@pytest.mark.parametrize("password, message", list(BAD.items()))
def test_a_bad_new_password_is_refused_with_its_reason_and_nothing_saved(
    client, caseworker, password, message
):
    client.force_login(caseworker)
    response = change(client, password)
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    caseworker.refresh_from_db()
    assert caseworker.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(object_type="accounts.user").exists()


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {"old_password": "not-it", "new_password1": GOOD, "new_password2": GOOD},
            "old password was entered",
        ),
        ({"old_password": PASSWORD, "new_password1": GOOD, "new_password2": GOOD + "x"}, "didn’t match"),
        ({"old_password": PASSWORD, "new_password1": "", "new_password2": ""}, "This field is required"),
    ],
)
def test_other_mistakes_are_refused_and_nothing_saved(client, caseworker, data, message):
    client.force_login(caseworker)
    response = client.post("/accounts/password/", data)
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    caseworker.refresh_from_db()
    assert caseworker.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(object_type="accounts.user").exists()


def test_the_admins_set_password_form_applies_the_same_rules(caseworker):
    form = AdminPasswordChangeForm(caseworker, {"password1": "aaaaaaaaaaaa", "password2": "aaaaaaaaaaaa"})
    assert not form.is_valid()
    form = AdminPasswordChangeForm(caseworker, {"password1": GOOD, "password2": GOOD})
    assert form.is_valid(), form.errors
