"""Who changed what and when: the case's and its episodes' django-simple-history records, each
compared with the one before by simple-history's ``diff_against``."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.models import DeletedObject

from .models import Case, MissingEpisode


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class Change:
    at: object
    by: str
    what: str
    kind: str  # created / changed
    fields: list


# Not shown as changes: the key, and what the record says of its own creation.
_NOT_SHOWN = ("id", "created_at", "created_by")


def _display(field, value) -> str:
    """A value of ``field`` as diff_against gives it (related objects as objects), for reading."""
    if isinstance(value, DeletedObject) and value.pk is None:
        value = None  # diff_against's stand-in for an empty foreign key
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _changes(records, model, what) -> list[Change]:
    order = {f.name: i for i, f in enumerate(model._meta.fields)}
    result, previous_by_id = [], {}
    for record in records:  # oldest first
        previous = previous_by_id.get(record.id)
        by = str(record.history_user) if record.history_user else _("system")
        if previous is None:
            result.append(Change(record.history_date, by, what(record), "created", []))
        else:
            delta = record.diff_against(previous, excluded_fields=_NOT_SHOWN, foreign_keys_are_objs=True)
            diffs = []
            # diff_against sorts by name; the page lists the fields in the model's order.
            for change in sorted(delta.changes, key=lambda c: order[c.field]):
                field = model._meta.get_field(change.field)
                diffs.append(
                    FieldChange(
                        str(field.verbose_name), _display(field, change.old), _display(field, change.new)
                    )
                )
            if diffs:
                result.append(Change(record.history_date, by, what(record), "changed", diffs))
        previous_by_id[record.id] = record
    return result


def changes_of_case(case: Case) -> list[Change]:
    """Every recorded change of the case and its episodes, newest first, in two queries."""
    case_records = (
        Case.history.filter(id=case.pk)
        .select_related("history_user", "team", "assigned_caseworker")
        .order_by("history_date", "history_id")
    )
    episode_records = (
        MissingEpisode.history.filter(case_id=case.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    changes = _changes(case_records, Case, lambda r: _("Case record"))
    changes += _changes(
        episode_records,
        MissingEpisode,
        lambda r: (
            _("Missing episode of %(date)s")
            % {"date": date_format(timezone.localtime(r.went_missing_at), "SHORT_DATE_FORMAT")}
        ),
    )
    changes.sort(key=lambda c: c.at, reverse=True)
    return changes
