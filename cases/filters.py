import re

import django_filters
from django import forms
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from accounts.models import Team

from .models import Case

# What a case number looks like: one word of letters, digits and dashes with at least one digit.
CASE_NUMBER_LIKE = re.compile(r"(?=.*[0-9])[A-Za-z0-9][A-Za-z0-9_./-]*")


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Legal name, chosen name or case number"),
        # Searches are youth's names: the browser must not offer them to the next person.
        widget=forms.TextInput(attrs={"autocomplete": "off", "type": "search"}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Case.Status.choices, empty_label=_("Any status")
    )
    placement_type = django_filters.ChoiceFilter(
        label=_("Placement"), choices=Case.Placement.choices, empty_label=_("Any placement")
    )
    team = django_filters.ModelChoiceFilter(
        label=_("Team"), queryset=Team.objects.none(), empty_label=_("Any team")
    )

    class Meta:
        model = Case
        fields = ["q", "status", "placement_type", "team"]

    def __init__(self, *args, teams, **kwargs):
        """`teams`: the teams to offer, or None for no team filter."""
        super().__init__(*args, **kwargs)
        if teams is None:
            del self.filters["team"]
        else:
            self.filters["team"].queryset = teams

    exact_case_number = False

    def search(self, queryset, name, value):
        value = " ".join(value.split())
        if not value:
            return queryset
        if CASE_NUMBER_LIKE.fullmatch(value):
            # A case number typed whole: the indexed, exact match (the unique index on its lower
            # case), before any scan of names.
            exact = queryset.alias(number_lower=Lower("case_number")).filter(number_lower=value.lower())
            if exact.exists():
                self.exact_case_number = True
                return exact
        # Parts of names or numbers: trigram indexes on PostgreSQL (cases migration 0006) serve
        # these `UPPER(column) LIKE '%...%'` lookups; SQLite (the demo) scans.
        return queryset.filter(
            Q(legal_name__icontains=value) | Q(chosen_name__icontains=value) | Q(case_number__icontains=value)
        )
