"""A publication request is heard by the people who act on it (issue 18 item 7): the OTHER
instrument administrators when it is asked for (in-app, and by e-mail as each chose), the person
who asked when it is approved or sent back. Once, in the recipient's language, with a link to the
request and nothing of a youth."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from alerts import delivery
from alerts.models import AlertPreference, Notification
from indicators import lifecycle
from studio.models import PublicationRequest
from tests import factories


@pytest.fixture
def spanish_words():
    """The app's own Spanish catalogue (locale/es), as the pages are served with it."""


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def studio(instrument_admin):
    """The instrument administrator who asks."""
    return logged_in(instrument_admin)


@pytest.fixture
def draft(library, instrument_admin):
    return lifecycle.new_draft_from(library.tier1, instrument_admin, change_note="Fewer words.")


@pytest.fixture
def admins(db):
    """Two other instrument administrators (one reads Spanish, one chose the digest), one no
    longer active; and a supervisor, who is not an instrument administrator."""
    adaeze = factories.UserFactory(username="adaeze", roles=[roles.INSTRUMENT_ADMIN], language="es")
    bo = factories.UserFactory(username="bo", roles=[roles.INSTRUMENT_ADMIN])
    AlertPreference.objects.create(user=bo, delivery=AlertPreference.Delivery.DIGEST)
    factories.UserFactory(username="gone", roles=[roles.INSTRUMENT_ADMIN], is_active=False)
    factories.UserFactory(username="sam", roles=[roles.SUPERVISOR])
    return adaeze, bo


def url(name, version):
    return reverse(f"studio:{name}", kwargs={"pk": version.pk})


def ask(client, draft, callbacks):
    with callbacks(execute=True):
        response = client.post(
            url("publish", draft), {"confirm": "publish", "change_note": "Fewer words.", "justification": ""}
        )
    assert response.status_code == 302, response.content.decode()
    return PublicationRequest.objects.get(version=draft, status="requested")


def notes(**filters):
    return Notification.objects.filter(kind=Notification.Kind.PUBLICATION, **filters)


def test_a_request_notifies_the_other_instrument_administrators_once(
    studio, draft, admins, youth_case, django_capture_on_commit_callbacks, mailoutbox, spanish_words
):
    adaeze, bo = admins
    asked = ask(studio, draft, django_capture_on_commit_callbacks)
    made = notes(subject=Notification.Subject.PUBLICATION_REQUESTED)
    assert sorted(made.values_list("recipient__username", flat=True)) == ["adaeze", "bo"]
    assert {(n.object_id, n.link, n.case_id) for n in made} == {(asked.pk, url("publication", draft), None)}
    # E-mailed at once to who chose it, in their language; the digest reader waits for the digest.
    (mail,) = mailoutbox
    assert mail.to == [adaeze.email]
    assert "Una publicación espera su aprobación" in mail.subject
    assert "Otro administrador de instrumentos solicita que se publique" in mail.body
    assert f"{url('publication', draft)}" in mail.body
    assert youth_case.case_number not in mail.body and youth_case.legal_name not in mail.body
    # Asking again while the request is open makes no second request: nothing more is made or sent.
    with django_capture_on_commit_callbacks(execute=True):
        again = studio.post(
            url("publish", draft), {"confirm": "publish", "change_note": "x", "justification": ""}
        )
    assert (
        again.status_code in (302, 400, 409) and PublicationRequest.objects.filter(version=draft).count() == 1
    )
    assert made.count() == 2 and len(mailoutbox) == 1
    # The digest brings it to the other one, in English.
    delivery.send_digests(timezone.now(), force=True)
    assert [m.to for m in mailoutbox[1:]] == [[bo.email]]
    assert (
        "Another instrument administrator asks for an instrument version to be published"
        in mailoutbox[1].body
    )


def test_the_in_app_list_shows_it_with_a_link_to_the_request(
    studio, draft, admins, django_capture_on_commit_callbacks
):
    adaeze, _bo = admins
    adaeze.language = "en"
    adaeze.save(update_fields=["language"])
    ask(studio, draft, django_capture_on_commit_callbacks)
    page = logged_in(adaeze).get(reverse("alerts:list")).content.decode()
    assert f'href="{url("publication", draft)}"' in page
    assert "asks for an instrument version to be published" in page
    # The requester does not hear of their own request.
    assert "asks for an instrument version" not in studio.get(reverse("alerts:list")).content.decode()


def test_approval_notifies_the_requester(
    studio, draft, instrument_admin, admins, django_capture_on_commit_callbacks, mailoutbox
):
    adaeze, _bo = admins
    asked = ask(studio, draft, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(adaeze).post(
            url("publication", draft), {"decision": "approve", "request": asked.pk}
        )
    assert response.status_code == 302
    (note,) = notes(subject=Notification.Subject.PUBLICATION_APPROVED)
    assert note.recipient == instrument_admin and note.link == url("version", draft)
    assert [m.to for m in mailoutbox] == [[instrument_admin.email]]
    assert "Your publication request was approved" in mailoutbox[0].subject


def test_sending_back_notifies_the_requester_in_their_language(
    studio, draft, instrument_admin, admins, django_capture_on_commit_callbacks, mailoutbox, spanish_words
):
    instrument_admin.language = "es"
    instrument_admin.save(update_fields=["language"])
    adaeze, _bo = admins
    asked = ask(studio, draft, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(adaeze).post(
            url("publication", draft), {"decision": "refuse", "request": asked.pk, "comment": "Keep item 4."}
        )
    assert response.status_code == 302
    (note,) = notes(subject=Notification.Subject.PUBLICATION_SENT_BACK)
    assert note.recipient == instrument_admin
    (mail,) = mailoutbox
    assert mail.to == [instrument_admin.email] and "Su solicitud de publicación fue devuelta" in mail.subject
    assert "Keep item 4." not in mail.body  # what was written stays in the studio, behind its login


def test_a_withdrawn_or_refused_step_notifies_nobody(
    studio, draft, admins, django_capture_on_commit_callbacks, mailoutbox
):
    asked = ask(studio, draft, django_capture_on_commit_callbacks)
    before = notes().count()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        # Sending back without a comment is refused; withdrawing is the author's own step.
        logged_in(admins[0]).post(url("publication", draft), {"decision": "refuse", "request": asked.pk})
        studio.post(url("publication", draft), {"decision": "withdraw", "request": asked.pk})
    assert PublicationRequest.objects.get(pk=asked.pk).status == "withdrawn"
    assert notes().count() == before and mailoutbox == []
