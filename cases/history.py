"""Who changed what and when: the case's and its episodes' django-simple-history records."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

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


def _value(record, field) -> str:
    value = getattr(record, field.attname)
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        return str(getattr(record, field.name, value))
    return str(value)


def _changes(records, model, what) -> list[Change]:
    fields = [
        f
        for f in model._meta.fields
        if f.name not in ("id", "version", "created_at", "updated_at", "created_by")
    ]
    result, previous_by_id = [], {}
    for record in records:  # oldest first
        previous = previous_by_id.get(record.id)
        by = str(record.history_user) if record.history_user else _("system")
        if previous is None:
            result.append(Change(record.history_date, by, what(record), "created", []))
        else:
            diffs = [
                FieldChange(str(f.verbose_name), _value(previous, f), _value(record, f))
                for f in fields
                if getattr(previous, f.attname) != getattr(record, f.attname)
            ]
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
            % {"date": timezone.localtime(r.went_missing_at).date().isoformat()}
        ),
    )
    changes.sort(key=lambda c: c.at, reverse=True)
    return changes
