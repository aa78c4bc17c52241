from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("Alerts")

    def ready(self):
        from screening import signals
        from studio import signals as studio_signals

        from . import outcomes, publication

        signals.outcome_recorded.connect(outcomes.outcome_recorded, dispatch_uid="alerts_outcome_recorded")
        studio_signals.publication_changed.connect(
            publication.publication_changed, dispatch_uid="alerts_publication_changed"
        )
