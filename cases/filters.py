import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Team

from .models import Case


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
        super().__init__(*args, **kwargs)
        self.filters["team"].queryset = teams

    def search(self, queryset, name, value):
        value = " ".join(value.split())
        if not value:
            return queryset
        return queryset.filter(
            Q(legal_name__icontains=value) | Q(chosen_name__icontains=value) | Q(case_number__icontains=value)
        )
