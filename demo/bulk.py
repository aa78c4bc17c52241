"""Small tools for writing synthetic volume in bulk: exact shares, given timestamps, batches."""

import contextlib
import io
import json
import random
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from itertools import islice
from typing import Any

from django.db import connection, models
from simple_history.utils import bulk_create_with_history

BATCH_SIZE = 5_000


def batched(items, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class ExactShare:
    """Draws yes/no one item at a time so that exactly `chosen` of `total` items get a yes, spread at
    random over the whole stream (selection sampling): a share that holds for any run size, with
    nothing held in memory."""

    def __init__(self, rng: random.Random, chosen: int, total: int):
        self.rng, self.left, self.total = rng, chosen, total

    def draw(self) -> bool:
        if self.total <= 0:
            raise RuntimeError("ExactShare drawn more often than the total it was made for")
        yes = self.rng.random() * self.total < self.left
        self.total -= 1
        self.left -= yes
        return yes


def weighted(rng: random.Random, pairs: Sequence[Sequence[Any]]) -> Any:
    """One value of [[value, weight], ...]."""
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


@contextlib.contextmanager
def dates_as_given(*fields: tuple[type[models.Model], str]):
    """Insert rows with the times they are given, though their fields are auto_now(_add): a
    synthetic screening or review happened months ago. Only for this process's bulk inserts
    (a management command): the fields are put back as they were on leaving."""
    saved = []
    for model, name in fields:
        field = model._meta.get_field(name)
        saved.append((field, field.auto_now, field.auto_now_add))
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


NULL = r"\N"


def _escaped(value: Any) -> str:
    if value is None:
        return NULL
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _converter(field: models.Field, shared: dict[int, tuple[Any, str]]) -> Callable[[Any], str]:
    """How a field's values are written in COPY's text format, chosen once per field."""
    if isinstance(field, models.JSONField):
        encoder = field.encoder

        def as_json(value: Any) -> str:
            if value is None:
                return NULL
            # A result or an outcome is shared by many rows of a batch: serialized once.
            kept = shared.get(id(value))
            if kept is None:
                kept = shared[id(value)] = (value, _escaped(json.dumps(value, cls=encoder)))
            return kept[1]

        return as_json
    if isinstance(field, models.BooleanField):
        return lambda value: NULL if value is None else ("t" if value else "f")
    if isinstance(field, models.DateField):  # dates and moments
        return lambda value: NULL if value is None else value.isoformat()
    if isinstance(field, (models.IntegerField, models.FloatField, models.ForeignKey)):
        return lambda value: NULL if value is None else str(value)
    return _escaped


class Writer:
    """Inserts model instances in bulk, with the values they are given (auto_now fields left
    empty get `now`), and sets their ids. On PostgreSQL with COPY, the ids drawn from the table's
    sequence first: several times faster than a multi-row INSERT, which matters at a million
    rows. Elsewhere (the SQLite demo) with bulk_create."""

    def __init__(self, now: datetime):
        self.now = now
        # COPY through psycopg2's copy_expert (the driver the project pins).
        self.copy = connection.vendor == "postgresql" and connection.Database.__name__ == "psycopg2"

    def insert(self, model: type[models.Model], objs: list, *, history_reason: str | None = None) -> None:
        """Insert `objs` (with a "created" history row each when `history_reason` is given)."""
        if not objs:
            return
        stamped = [
            f
            for f in model._meta.concrete_fields
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        for obj in objs:
            for field in stamped:
                if getattr(obj, field.attname) is None:
                    setattr(obj, field.attname, self.now)
        if not self.copy:
            with dates_as_given(*((model, f.name) for f in stamped)):
                if history_reason:
                    bulk_create_with_history(
                        objs,
                        model,
                        batch_size=BATCH_SIZE,
                        default_change_reason=history_reason,
                        default_date=self.now,
                    )
                else:
                    model._default_manager.bulk_create(objs, batch_size=BATCH_SIZE)
            return
        for batch in batched(objs, BATCH_SIZE):
            self._copy(model, batch)
            if history_reason:
                self._copy_history(model, batch, history_reason)

    def _copy(self, model: type[models.Model], objs: list) -> None:
        meta = model._meta
        relations = [f for f in meta.concrete_fields if f.is_relation]
        missing = [obj for obj in objs if obj.pk is None]
        with connection.cursor() as cursor:
            if missing:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [meta.db_table, meta.pk.column, len(missing)],
                )
                for obj, (pk,) in zip(missing, cursor.fetchall(), strict=True):
                    obj.pk = pk
            for obj in objs:
                # A foreign key to an object saved since it was assigned (as bulk_create does).
                for field in relations:
                    if getattr(obj, field.attname) is None and field.is_cached(obj):
                        related = field.get_cached_value(obj)
                        if related is not None:
                            setattr(obj, field.attname, related.pk)
                obj._state.adding, obj._state.db = False, connection.alias
            self._copy_rows(cursor, meta.db_table, list(meta.concrete_fields), objs, {})

    def _copy_history(self, model: type[models.Model], objs: list, reason: str) -> None:
        """The "created" history row of each object (simple-history's columns)."""
        history = model.history.model  # type: ignore[attr-defined]
        fields = [f for f in history._meta.concrete_fields if f.attname != "history_id"]
        given = {
            "history_date": self.now,
            "history_change_reason": reason,
            "history_type": "+",
            "history_user_id": None,
        }
        with connection.cursor() as cursor:
            self._copy_rows(cursor, history._meta.db_table, fields, objs, given)

    @staticmethod
    def _copy_rows(cursor, table: str, fields: list, objs: list, given: dict) -> None:
        """COPY one row per object: each field's value from `given`, else from the object."""
        shared: dict[int, tuple[Any, str]] = {}
        columns = [
            (field.attname, given.get(field.attname), field.attname in given, _converter(field, shared))
            for field in fields
        ]
        buffer = io.StringIO()
        for obj in objs:
            buffer.write(
                "\t".join(
                    convert(value if is_given else getattr(obj, name))
                    for name, value, is_given, convert in columns
                )
            )
            buffer.write("\n")
        buffer.seek(0)
        names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        cursor.cursor.copy_expert(f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN", buffer)
