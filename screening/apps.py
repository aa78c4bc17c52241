from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "screening"
    verbose_name = _("Screening")

    def ready(self):
        from cases import policy

        from . import case_page, deadlines

        case_page.register()
        deadlines.keep_facts()
        policy.register_oldest_age_served(deadlines.oldest_age_served)
