from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import audit


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    audit.record(request, audit.Action.LOGGED_IN, user=user)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record(request, audit.Action.LOGGED_OUT, user=user)


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    # The password is never stored; only the username as typed.
    audit.record(request, audit.Action.LOGIN_FAILED, username=str(credentials.get("username", "")))
