from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import User

from .models import Case, CaseNote, MissingEpisode

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"

PRONOUN_SUGGESTIONS = ["she/her", "he/him", "they/them", "she/they", "he/they", "ze/zir"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class HiddenFieldErrorsShown:
    """A hidden field's error (a stale or tampered `version`) has no place on the page: show it
    with the form's own errors, so a refused save always says why."""

    def _post_clean(self):
        super()._post_clean()
        for name, field in self.fields.items():
            if field.widget.is_hidden and name in self._errors:
                for message in self._errors.pop(name):
                    self.add_error(None, message)


class VersionedForm(HiddenFieldErrorsShown, forms.ModelForm):
    """Carries the version of the record the person started from.

    The service refuses a save based on an older version and shows what differs,
    so two people editing the same record never silently overwrite each other.
    """

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        error_messages={"invalid": _("This page is out of date: reload it and try again.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def rebase(self, version: int):
        """After a conflict: keep the person's input, base it on the version now saved."""
        data = self.data.copy()
        data["version"] = str(version)
        self.data = data


class CaseForm(VersionedForm):
    class Meta:
        model = Case
        fields = [
            "case_number",
            "legal_name",
            "chosen_name",
            "pronouns",
            "date_of_birth",
            "primary_language",
            "interpreter_needed",
            "placement_type",
            "county",
            "office",
            "team",
            "assigned_caseworker",
            "status",
            "opened_on",
            "known_runaway_history",
        ]
        widgets = {
            "date_of_birth": DateInput(),
            "opened_on": DateInput(),
            "pronouns": forms.TextInput(attrs={"list": "pronoun-suggestions"}),
        }

    # A shared office computer must not offer one youth's name, birth date or case number to the
    # next person who types in these fields.
    NOT_REMEMBERED = (
        "case_number",
        "legal_name",
        "chosen_name",
        "pronouns",
        "date_of_birth",
        "primary_language",
    )

    def __init__(self, *args, user, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name in self.NOT_REMEMBERED:
            self.fields[name].widget.attrs["autocomplete"] = "off"
        self.fields["team"].queryset = teams
        self.fields["team"].empty_label = None
        caseworkers = User.objects.filter(
            is_active=True, groups__name=roles.CASEWORKER, teams__in=teams
        ).distinct()
        self.fields["assigned_caseworker"].queryset = caseworkers
        if not self.instance.pk:
            teams_list = list(teams[:2])
            if len(teams_list) == 1:
                self.initial.setdefault("team", teams_list[0].pk)
            if user.is_caseworker:
                self.initial.setdefault("assigned_caseworker", user.pk)
            self.fields.pop("status")
            # No placement is assumed: "Foster family" picked by default and left unnoticed is worse
            # than a question the caseworker must answer.
            placement = self.fields["placement_type"]
            placement.choices = [("", _("Choose the current placement"))] + list(Case.Placement.choices)
            placement.initial = None
            self.initial.pop("placement_type", None)
            placement.error_messages["required"] = _("Choose where the youth lives now.")
        # Who carries a case is a supervisor's decision; a caseworker's cases are their own.
        if not (user.is_superuser or user.is_supervisor):
            self.fields.pop("assigned_caseworker")
            if self.instance.pk:
                self.fields.pop("team")

    def clean_case_number(self):
        number = self.cleaned_data["case_number"].strip()
        # Case numbers are the same whatever their letter case ("demo-1012" is "DEMO-1012").
        if Case.objects.filter(case_number__iexact=number).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another case already has this case number."))
        return number

    def clean_legal_name(self):
        name = " ".join(self.cleaned_data["legal_name"].split())
        if not name:
            raise forms.ValidationError(_("Enter the youth's legal name."))
        return name

    def clean(self):
        cleaned = super().clean()
        team = cleaned.get("team", self.instance.team if self.instance.team_id else None)
        worker = cleaned.get("assigned_caseworker")
        if worker is None and "assigned_caseworker" not in self.fields:
            worker = self.instance.assigned_caseworker if self.instance.pk else self.user
        if team and worker and not team.caseworkers.filter(pk=worker.pk).exists():
            self.add_error(
                "assigned_caseworker" if "assigned_caseworker" in self.fields else None,
                _("%(worker)s is not a caseworker of %(team)s.") % {"worker": worker, "team": team},
            )
        self.assigned_worker = worker
        return cleaned


class MissingEpisodeForm(VersionedForm):
    class Meta:
        model = MissingEpisode
        fields = [
            "went_missing_at",
            "reported_to_law_enforcement_at",
            "law_enforcement_report_number",
            "reported_to_ncmec_at",
            "ncmec_case_number",
            "returned_at",
            "recovery_location_type",
            "recovery_location_details",
            "notes",
        ]
        widgets = {
            "went_missing_at": DateTimeInput(),
            "reported_to_law_enforcement_at": DateTimeInput(),
            "reported_to_ncmec_at": DateTimeInput(),
            "returned_at": DateTimeInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "reported_to_law_enforcement_at": _(
                "Federal law: within 24 hours of learning the youth is missing, for entry "
                "into NCIC (42 U.S.C. 671(a)(35)(B))."
            ),
            "reported_to_ncmec_at": _("Within 24 hours; NCMEC 1-800-THE-LOST (1-800-843-5678)."),
        }

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.case = case
        for name in (
            "went_missing_at",
            "reported_to_law_enforcement_at",
            "reported_to_ncmec_at",
            "returned_at",
        ):
            self.fields[name].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M"]


class CaseNoteForm(forms.ModelForm):
    class Meta:
        model = CaseNote
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Write something in the note before saving it."))
        return body


class ReassignForm(VersionedForm):
    """A supervisor hands the case to another caseworker of its team."""

    class Meta:
        model = Case
        fields = ["assigned_caseworker"]
        labels = {"assigned_caseworker": _("New caseworker")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["assigned_caseworker"]
        field.queryset = (
            User.objects.filter(is_active=True, groups__name=roles.CASEWORKER, teams=self.instance.team_id)
            .distinct()
            .order_by("first_name", "last_name")
        )
        field.empty_label = None
        field.help_text = _("Caseworkers of %(team)s. The current caseworker no longer sees the case.") % {
            "team": self.instance.team
        }

    def clean_assigned_caseworker(self):
        worker = self.cleaned_data["assigned_caseworker"]
        if (
            worker.pk
            == Case.objects.filter(pk=self.instance.pk)
            .values_list("assigned_caseworker_id", flat=True)
            .first()
        ):
            raise forms.ValidationError(
                _("%(worker)s already carries this case; choose another caseworker.") % {"worker": worker}
            )
        return worker
