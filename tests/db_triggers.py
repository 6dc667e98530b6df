"""Triggers a test installs to make the database refuse a row (on SQLite and PostgreSQL),
taken out again afterwards: a transactional test's flush empties tables, not triggers."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection


@contextmanager
def installed(create: dict[str, list[str]], drop: dict[str, list[str]]):
    """Run the statements of `create` for this database, and those of `drop` at the end."""
    _run(create)
    try:
        yield
    finally:
        _run(drop)


def _run(statements: dict[str, list[str]]) -> None:
    with connection.cursor() as cursor:
        for statement in statements[connection.vendor]:
            cursor.execute(statement)
