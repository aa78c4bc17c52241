"""The forms of publishing: the publish page's change note and justification, an approver's
decision, and the confirmation of a retirement."""

from django import forms
from django.utils.translation import gettext_lazy as _

NOTE_MAX = 2000


class PublishForm(forms.Form):
    confirm = forms.ChoiceField(
        choices=[("publish", "publish")],
        widget=forms.HiddenInput,
        error_messages=dict.fromkeys(
            ("required", "invalid_choice"), _("Confirm with the button on this page.")
        ),
    )
    change_note = forms.CharField(
        label=_("Change note"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What changed and why, in a few sentences: it is kept with the version."),
    )
    justification = forms.CharField(
        label=_("Justification"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the draft lowers any outcome: why it should be published anyway."),
    )


class DecisionForm(forms.Form):
    APPROVE, REFUSE, WITHDRAW = "approve", "refuse", "withdraw"

    decision = forms.ChoiceField(
        choices=[(APPROVE, _("Approve and publish")), (REFUSE, _("Send back")), (WITHDRAW, _("Withdraw"))],
        error_messages={
            "required": _("Choose approve, send back or withdraw."),
            "invalid_choice": _("Choose approve, send back or withdraw."),
        },
    )
    request = forms.IntegerField(
        min_value=1,
        max_value=2**62,
        widget=forms.HiddenInput,
        error_messages=dict.fromkeys(
            ("required", "invalid", "min_value", "max_value"),
            _("This form does not name a request: read the page again."),
        ),
    )
    comment = forms.CharField(
        label=_("Comment for the author"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to send the request back: what should change."),
    )


class RetireForm(forms.Form):
    confirm = forms.ChoiceField(
        choices=[("retire", "retire")],
        widget=forms.HiddenInput,
        error_messages=dict.fromkeys(
            ("required", "invalid_choice"), _("Confirm with the button on this page.")
        ),
    )
