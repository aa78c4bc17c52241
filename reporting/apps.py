from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # A change to a record of a stored month marks it stale (docs/performance.md).
        from . import invalidation

        invalidation.connect()
