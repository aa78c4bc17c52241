"""The earlier closures of each action move from the JSON column to ActionClosure rows, in order.

The JSON kept the people as they were named (str(user)); each row keeps that name and, when
exactly one account bears it, the account. Backwards, the rows are written back as JSON.
"""

from django.conf import settings
from django.db import migrations
from django.utils.dateparse import parse_datetime


def _name(user) -> str:
    # str(User): the full name, else the username (accounts.models.User.__str__).
    return f"{user.first_name} {user.last_name}".strip() or user.username


def _when(value):
    return parse_datetime(value) if value else None


def forwards(apps, schema_editor):
    GuidanceAction = apps.get_model("screening", "GuidanceAction")
    ActionClosure = apps.get_model("screening", "ActionClosure")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    accounts = {}
    for user in User.objects.only("pk", "first_name", "last_name", "username"):
        accounts.setdefault(_name(user), []).append(user.pk)

    def account(name):
        ids = accounts.get(name or "", [])
        return ids[0] if len(ids) == 1 else None

    # Rows kept from an earlier run (backwards leaves them: they cannot be deleted) are not doubled.
    moved = set(ActionClosure.objects.values_list("action_id", flat=True))
    rows = []
    for action in GuidanceAction.objects.only("pk", "earlier_closures").order_by("pk").iterator():
        if action.pk in moved:
            continue
        for entry in action.earlier_closures or []:
            rows.append(
                ActionClosure(
                    action_id=action.pk,
                    status=entry["status"],
                    done_at=_when(entry.get("done_at")),
                    reference=entry.get("reference") or "",
                    reason=entry.get("reason") or "",
                    closed_at=_when(entry["closed_at"]),
                    closed_by_id=account(entry.get("closed_by")),
                    closed_by_name=entry.get("closed_by") or "",
                    reopened_at=_when(entry["reopened_at"]),
                    reopened_by_id=account(entry.get("reopened_by")),
                    reopened_by_name=entry.get("reopened_by") or "",
                    why=entry.get("why") or "",
                )
            )
    ActionClosure.objects.bulk_create(rows, batch_size=500)


def backwards(apps, schema_editor):
    GuidanceAction = apps.get_model("screening", "GuidanceAction")
    ActionClosure = apps.get_model("screening", "ActionClosure")
    by_action = {}
    for row in ActionClosure.objects.order_by("reopened_at", "pk"):
        by_action.setdefault(row.action_id, []).append(
            {
                "status": row.status,
                "done_at": row.done_at.isoformat() if row.done_at else None,
                "reference": row.reference,
                "reason": row.reason,
                "closed_at": row.closed_at.isoformat(),
                "closed_by": row.closed_by_name,
                "reopened_at": row.reopened_at.isoformat(),
                "reopened_by": row.reopened_by_name,
                "why": row.why,
            }
        )
    for action_id, entries in by_action.items():
        GuidanceAction.objects.filter(pk=action_id).update(earlier_closures=entries)


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0007_action_closures"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # Backwards, the rows stay (append-only); reversing 0007 drops their table.
    operations = [migrations.RunPython(forwards, backwards)]
