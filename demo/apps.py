from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo's logins, caseload and screenings (`manage.py seed_demo`, `seed_demo_screenings`).

    Not part of the product: it uses every app and no app uses it. It has no models.
    """

    name = "demo"
    verbose_name = _("Demo data")
