"""The report's choice of period and scope (a GET form: a bad value gets a clear message)."""

from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import periods
from .scope import Scope, scopes_for


class ReportForm(forms.Form):
    period = forms.ChoiceField(
        label=gettext_lazy("Period"),
        error_messages=dict.fromkeys(
            ("invalid_choice", "required"),
            gettext_lazy(
                "Choose a month, a quarter or a federal fiscal year from the list (the last "
                "three years are offered)."
            ),
        ),
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Teams"),
        error_messages=dict.fromkeys(
            ("invalid_choice", "required"),
            gettext_lazy("Choose teams from the list: only those you may see are offered."),
        ),
    )

    def __init__(self, data, *, user, today=None):
        self.offered = periods.offered(today)
        self.scopes = scopes_for(user)
        defaults = {"period": periods.last_full_month(today).key, "scope": "all"}
        super().__init__({**defaults, **{k: v for k, v in data.items() if k in defaults}})
        kinds = [
            (_("Months"), periods.MONTH),
            (_("Quarters (calendar)"), periods.QUARTER),
            (_("Federal fiscal years (October–September)"), periods.FISCAL_YEAR),
        ]
        self.fields["period"].choices = [
            (group, [(p.key, p.label) for p in self.offered if p.kind == kind]) for group, kind in kinds
        ]
        self.fields["scope"].choices = [(s.key, s.label) for s in self.scopes]

    @property
    def chosen_period(self) -> periods.Period:
        return next(p for p in self.offered if p.key == self.cleaned_data["period"])

    @property
    def chosen_scope(self) -> Scope:
        return next(s for s in self.scopes if s.key == self.cleaned_data["scope"])

    def query(self) -> str:
        return urlencode({"period": self.cleaned_data["period"], "scope": self.cleaned_data["scope"]})
