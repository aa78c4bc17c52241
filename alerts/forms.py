from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AlertPreference


class DeliveryForm(forms.Form):
    delivery = forms.ChoiceField(
        label=_("E-mail me my notifications"),
        choices=AlertPreference.Delivery.choices,
        widget=forms.RadioSelect,
        help_text=_("The list of notifications in the app always shows everything."),
    )
