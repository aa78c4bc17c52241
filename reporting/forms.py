"""The report's choice of period and scope (a GET form: a bad value gets a clear message)."""

from html import escape
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.utils.functional import cached_property
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import periods
from .scope import Scope, find_teams, scope_for, scope_list

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
    # A scope is one the person may choose (reporting.scope.scope_for), checked by key: a
    # ChoiceField would build and walk the whole agency's thousands of choices on every request;
    # the page's list is scope_options.
    scope = forms.CharField(
        label=gettext_lazy("Teams"),
        strip=False,
        max_length=200,
        error_messages={"required": SCOPE_REFUSED, "max_length": SCOPE_REFUSED},
    )
    # Only offered when the list leaves teams out (settings.REPORT_TEAMS_LISTED): a team is then
    # found by its name, county or office.
    find = forms.CharField(
        label=gettext_lazy("Find a team"),
        required=False,
        max_length=100,
        error_messages={"max_length": gettext_lazy("Type at most 100 characters of a team's name.")},
    )

    def __init__(self, data, *, user, today=None):
        self.offered = periods.offered(today)
        self.user = user
        self.initial_period = periods.last_full_month(today).key
        defaults = {"period": self.initial_period, "scope": "all", "find": ""}
        super().__init__({**defaults, **{k: v for k, v in data.items() if k in defaults}})
        kinds = [
            (_("Months"), periods.MONTH),
            (_("Quarters (calendar)"), periods.QUARTER),
            (_("Federal fiscal years (October–September)"), periods.FISCAL_YEAR),
        ]
        self.fields["period"].choices = [
            (group, [(p.key, p.label) for p in self.offered if p.kind == kind]) for group, kind in kinds
        ]
        self._scope: Scope | None = None

    def clean_scope(self) -> str:
        key = self.cleaned_data["scope"]
        self._scope = scope_for(self.user, key)
        if self._scope is None:
            raise forms.ValidationError(SCOPE_REFUSED, code="invalid_choice")
        return key

    @property
    def chosen_period(self) -> periods.Period:
        return next(p for p in self.offered if p.key == self.cleaned_data["period"])

    @property
    def chosen_scope(self) -> Scope:
        assert self._scope is not None, "chosen_scope of a form that is not valid"
        return self._scope

    # The options of the two lists, built once: the whole agency offers every county, office and
    # team (thousands of options at a state's size), too many for a template loop per option.
    def period_options(self) -> str:
        chosen = self["period"].value()
        return format_html_join(
            "",
            '<optgroup label="{}">{}</optgroup>',
            ((group, options_html(options, chosen)) for group, options in self.fields["period"].choices),
        )

    @cached_property
    def _scope_list(self) -> tuple[list[Scope], bool]:
        return scope_list(self.user, self._scope, settings.REPORT_TEAMS_LISTED)

    def scope_options(self) -> str:
        return options_html(((s.key, s.label) for s in self._scope_list[0]), self["scope"].value())

    @property
    def teams_left_out(self) -> bool:
        """The list offers counties and offices, not every team: "Find a team" is offered."""
        return self._scope_list[1]

    def found_teams(self) -> dict | None:
        """The teams matching what was typed in "Find a team", each with the report's query for
        it and the chosen period (None: nothing typed, or what was typed was refused)."""
        text = self.cleaned_data.get("find", "") if hasattr(self, "cleaned_data") else ""
        if not text.strip() or "find" in self.errors:
            return None
        teams, more = find_teams(self.user, text, settings.REPORT_TEAMS_FOUND)
        period = self.cleaned_data.get("period") or self.initial_period
        return {
            "teams": [(t.label, urlencode({"period": period, "scope": t.key})) for t in teams],
            "more": more,
        }

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
