"""The forms of a guidance action on the checklist: record its outcome (done, with the time and
the report number; or not applicable, with why), and reopen it."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cases.forms import HiddenFieldErrorsShown

from .forms import STALE_PAGE
from .models import GuidanceAction


class CloseActionForm(HiddenFieldErrorsShown, forms.Form):
    status = forms.ChoiceField(
        choices=[
            (GuidanceAction.Status.DONE, _("Done")),
            (GuidanceAction.Status.NOT_APPLICABLE, _("Not applicable")),
        ],
        widget=forms.RadioSelect,
        label=_("Outcome"),
    )
    done_at = forms.DateTimeField(
        label=_("Done at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave empty to use the current time."),
    )
    reference = forms.CharField(
        label=_("Reference"),
        required=False,
        max_length=120,
        help_text=_("A report, intake or referral number."),
    )
    reason = forms.CharField(
        label=_("Why not applicable"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, error_messages=STALE_PAGE)

    def __init__(self, *args, action: GuidanceAction | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        if action is not None and not self.is_bound:
            self.fields["version"].initial = action.version
        # Each field applies to one outcome: the page shows it only once that outcome is chosen
        # (static/js/shown-when.js), and clean() ignores what the other outcome's fields hold.
        for name in ("done_at", "reference"):
            self.fields[name].widget.attrs["data-shown-when"] = f"status={GuidanceAction.Status.DONE.value}"
        self.fields["reason"].widget.attrs["data-shown-when"] = (
            f"status={GuidanceAction.Status.NOT_APPLICABLE.value}"
        )
        if action is not None:
            self.auto_id = f"id_action{action.pk}_%s"
            if action.needs_reference:
                self.fields["reference"].label = _("Report number")
                self.fields["reference"].help_text = _("Required when done: the number the report was given.")

    def clean_done_at(self):
        value = self.cleaned_data.get("done_at")
        if value and value > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError(_("An action cannot be done in the future."))
        # The form takes minutes; the screening's start is compared to the minute too.
        started_at = (
            self.action.screening.created_at.replace(second=0, microsecond=0) if self.action else None
        )
        if value and started_at and value < started_at:
            started = date_format(timezone.localtime(started_at), "SHORT_DATETIME_FORMAT")
            raise forms.ValidationError(
                _(
                    "This screening was started at %(started)s; an action it calls for cannot be done "
                    "before then. If it was done earlier, give that date and the number in the reference."
                )
                % {"started": started}
            )
        return value

    def clean(self):
        data = super().clean()
        status = data.get("status")
        # What was typed in the other outcome's fields (hidden on the page) is neither checked nor kept.
        ignored = {
            GuidanceAction.Status.DONE: {"reason": ""},
            GuidanceAction.Status.NOT_APPLICABLE: {"done_at": None, "reference": ""},
        }.get(status, {})
        for name, empty in ignored.items():
            self.errors.pop(name, None)
            data[name] = empty
        if status == GuidanceAction.Status.NOT_APPLICABLE and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why this action does not apply."))
        if (
            status == GuidanceAction.Status.DONE
            and self.action is not None
            and self.action.needs_reference
            and not (data.get("reference") or "").strip()
        ):
            self.add_error("reference", _("Give the report number: a mandated report is done only with it."))
        return data


class ReopenActionForm(HiddenFieldErrorsShown, forms.Form):
    """Reopening undoes a closure made by mistake: say why, for whoever reads the record later."""

    reason = forms.CharField(
        label=_("Why reopen it"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why this action is reopened.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, error_messages=STALE_PAGE)

    def __init__(self, *args, action: GuidanceAction, **kwargs):
        super().__init__(*args, **kwargs)
        self.auto_id = f"id_reopen{action.pk}_%s"
        if not self.is_bound:
            self.fields["version"].initial = action.version

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why this action is reopened."))
        return reason
