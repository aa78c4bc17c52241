from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("People, teams and audit")

    def ready(self):
        from . import signals  # noqa: F401  (login and logout leave audit events)
