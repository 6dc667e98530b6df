"""Model instances from written-out SQL, for the few reads where the ORM costs more than the
database: `Model.objects.raw()` works out, for every query, which column is which field and
how each value converts; a `Shape` works that out once per database connection."""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, signals
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.dateparse import parse_datetime

# Converters are the connection's own methods: found once per connection (each thread has
# its own) and shape, forgotten with the connection.
_converters: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Shape:
    """Some fields of a model, in the order a query selects them."""

    model: type[Model]
    fields: tuple[str, ...]  # attribute names ("section_id"), in the model's order

    def __post_init__(self):
        order = [field.attname for field in self.model._meta.concrete_fields]
        if [name for name in order if name in self.fields] != list(self.fields):
            # from_db() takes the values in the model's order.
            raise ValueError(f"{self.model.__name__} fields out of order: {self.fields}")

    def columns(self, alias: str) -> str:
        """The SELECT list for these fields, the table named `alias`."""
        meta = self.model._meta
        return ", ".join(f"{alias}.{meta.get_field(name).column}" for name in self.fields)

    @cached_property
    def _expressions(self) -> list:
        meta = self.model._meta
        return [meta.get_field(name).get_col(meta.db_table) for name in self.fields]

    @cached_property
    def _plain(self) -> bool:
        """No receiver of the model's init signals (an ImageField with dimension fields
        has one): the instance can be built without running __init__."""
        return not (
            signals.pre_init.has_listeners(self.model)
            or signals.post_init.has_listeners(self.model)
        )

    def build(self, db: str, values: list) -> Model:
        """What Model.from_db() gives, at a fraction of its cost where a page builds dozens
        (a live page's entries): __init__ sends two signals and sets each field through its
        descriptor. Fields not in the shape are deferred, as from_db() leaves them."""
        if not self._plain:
            return self.model.from_db(db, self.fields, values)
        instance = self.model.__new__(self.model)
        instance.__dict__.update(zip(self.fields, values, strict=True))
        instance._state = ModelState()
        instance._state.adding, instance._state.db = False, db
        return instance

    def converters(self, connection) -> list[tuple[int, list, object]]:
        """What turns each raw value into the field's Python value on this connection (on
        SQLite: booleans, aware datetimes, UUIDs), by position."""
        found = []
        for position, expression in enumerate(self._expressions):
            backend = connection.ops.get_db_converters(expression)
            field = expression.get_db_converters(connection)
            if backend or field:
                found.append((position, backend + field, expression))
        return found


def _converters_of(shape: Shape, connection) -> list[tuple[int, list, object]]:
    known = _converters.setdefault(connection, {})
    if shape not in known:
        known[shape] = shape.converters(connection)
    return known[shape]


def read(sql: str, params: Sequence, *shapes: Shape) -> Iterator[tuple[Model, ...]]:
    """Run the query; each row holds the shapes' fields one after another, and becomes one
    instance of each shape's model, followed by the values of any columns after them."""
    connection = connections[DEFAULT_DB_ALIAS]
    converters = [_converters_of(shape, connection) for shape in shapes]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for row in rows:
        instances, start = [], 0
        for shape, shape_converters in zip(shapes, converters, strict=True):
            values = list(row[start : start + len(shape.fields)])
            for position, functions, expression in shape_converters:
                for convert in functions:
                    values[position] = convert(values[position], expression, connection)
            instances.append(shape.build(connection.alias, values))
            start += len(shape.fields)
        yield (*instances, *row[start:])


def moment(value: dt.datetime | str | None) -> dt.datetime | None:
    """A time computed in SQL (`MAX(posted_at)`): no column type tells SQLite's driver to
    convert it, so it arrives as text there, and as an aware datetime from PostgreSQL."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value
