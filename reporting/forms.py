"""The report's choice of period and scope (a GET form: a bad value gets a clear message)."""

from html import escape
from urllib.parse import urlencode

from django import forms
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import periods
from .scope import Scope, scopes_for

SCOPE_REFUSED = gettext_lazy("Choose teams from the list: only those you may see are offered.")


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
    # A scope is one of the person's scopes (ReportForm.scopes), checked by key in clean_scope:
    # a ChoiceField would normalise and copy the whole agency's thousands of choices on every
    # request; the page's list is scope_options.
    scope = forms.CharField(
        label=gettext_lazy("Teams"),
        strip=False,
        error_messages={"required": SCOPE_REFUSED},
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
        self.scope_by_key = {s.key: s for s in self.scopes}

    def clean_scope(self) -> str:
        key = self.cleaned_data["scope"]
        if key not in self.scope_by_key:
            raise forms.ValidationError(SCOPE_REFUSED, code="invalid_choice")
        return key

    @property
    def chosen_period(self) -> periods.Period:
        return next(p for p in self.offered if p.key == self.cleaned_data["period"])

    @property
    def chosen_scope(self) -> Scope:
        return self.scope_by_key[self.cleaned_data["scope"]]

    # The options of the two lists, built once: the whole agency offers every county, office and
    # team (thousands of options at a state's size), too many for a template loop per option.
    def period_options(self) -> str:
        chosen = self["period"].value()
        return format_html_join(
            "",
            '<optgroup label="{}">{}</optgroup>',
            ((group, options_html(options, chosen)) for group, options in self.fields["period"].choices),
        )

    def scope_options(self) -> str:
        return options_html(((s.key, s.label) for s in self.scopes), self["scope"].value())

    def query(self) -> str:
        return urlencode({"period": self.cleaned_data["period"], "scope": self.cleaned_data["scope"]})


SELECTED = " selected"


def options_html(choices, chosen) -> str:
    """<option>s as the template wrote them (escaped as Django escapes: html.escape), joined once."""
    return mark_safe(  # noqa: S308 (every key and label escaped here)
        "".join(
            f'<option value="{escape(str(key))}"{SELECTED if key == chosen else ""}>'
            f"{escape(str(label))}</option>"
            for key, label in choices
        )
    )
