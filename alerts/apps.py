from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("Alerts")

    def ready(self):
        from screening import signals

        from . import outcomes

        signals.outcome_recorded.connect(outcomes.outcome_recorded, dispatch_uid="alerts_outcome_recorded")
