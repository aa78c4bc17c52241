"""An audit event in the reader's language.

An event keeps its summary as it was written (in the language of the person who acted; the
interface's own phrases are written in English) and the page it concerns as a code. Shown, both
read in the reader's language where the catalogue has them; anything else shows as written.
"""

from django import template
from django.utils.translation import gettext, gettext_lazy

register = template.Library()

# The pages an event's detail names (accounts.audit.shown and the views that record a reading).
PAGE_NAMES = {
    "edit": gettext_lazy("edit"),
    "episode form": gettext_lazy("episode form"),
    "note form": gettext_lazy("note form"),
    "access log": gettext_lazy("access log"),
    "change history": gettext_lazy("change history"),
    "reassign": gettext_lazy("reassign"),
    "review": gettext_lazy("review"),
    "result": gettext_lazy("result"),
    "addendum": gettext_lazy("addendum"),
    "start screening": gettext_lazy("start screening"),
    "interview mode": gettext_lazy("interview mode"),
    "interview setting": gettext_lazy("interview setting"),
    "leave interview mode": gettext_lazy("leave interview mode"),
}


@register.filter
def summary_words(summary: str) -> str:
    return gettext(summary) if summary else summary


@register.filter
def page_words(page: str) -> str:
    return str(PAGE_NAMES.get(page, page))
