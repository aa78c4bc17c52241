"""How many rows each table holds, in one query: "nothing was written" checks in loops."""

from django.apps import apps
from django.db import connection

# Records a refusal may leave: the audit trail, the throttle, the session.
REFUSAL_TRACES = {
    "accounts.auditevent",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
}


def row_counts(skip=REFUSAL_TRACES) -> dict[str, int]:
    models = [
        m
        for m in apps.get_models()
        if m._meta.label_lower not in skip and m._meta.app_label != "sessions" and m._meta.managed
    ]
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT count(*) FROM {quote(m._meta.db_table)})" for m in models)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts = cursor.fetchone()
    return {m._meta.label_lower: n for m, n in zip(models, counts, strict=True)}
