"""Sign-in forms: what a person types is checked before anything else sees it."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's login form, refusing a username longer than any account's before the login is tried.

    Nothing is authenticated (so neither axes nor the audit sees it) when the username cannot be one:
    too long for the user model (150 characters, within axes' column of 255), or containing a NUL.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "username_too_long": _(
            "A username has at most %(limit)d characters; this one has %(length)d. Check what you typed."
        ),
    }

    def clean_username(self) -> str:
        username = self.cleaned_data.get("username", "")
        limit = get_user_model()._meta.get_field("username").max_length or 150
        if len(username) > limit:
            raise forms.ValidationError(
                self.error_messages["username_too_long"],
                code="username_too_long",
                params={"limit": limit, "length": len(username)},
            )
        return username


def language_named_in_itself(code: str, name: str) -> str:
    """A language's name marked with its language (`lang`), so a screen reader speaks "Español" as
    Spanish on an English page, and "English" as English on a Spanish one."""
    return format_html('<span lang="{}">{}</span>', code, name)


class LanguageSelect(forms.Select):
    """A list of languages named in themselves, each option marked with its language (`lang`)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value:
            option["attrs"]["lang"] = value
        return option


class LanguageForm(forms.ModelForm):
    """The language of a person's pages and printouts."""

    class Meta:
        model = get_user_model()
        fields = ["language"]
        labels = {"language": _("Language of the pages and printouts")}
        help_texts = {"language": _("“As my browser says” follows your browser's language setting.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["language"]
        # Each language named in itself, so a person who cannot read the current one finds theirs.
        field.choices = [("", _("As my browser says"))] + [
            (code, language_named_in_itself(code, name))
            for code, name in (("en", "English"), ("es", "Español"))
        ]
        field.widget = forms.RadioSelect(choices=field.choices)
