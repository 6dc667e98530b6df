"""The PostgreSQL backend's health check (xeber/core/postgres): a kept connection is only
queried before a request when its socket says something happened to it."""

from __future__ import annotations

import select
import time

import psycopg
import pytest
from django.db import connection

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL backend"),
    pytest.mark.django_db(transaction=True),  # as between requests: no transaction open
]


def next_request() -> None:
    """What Django does at the end of a request and before the next one's first query."""
    connection.close_if_unusable_or_obsolete()
    connection.close_if_health_check_failed()


def run(sql: str) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()


def last_query_of(backend_pid: int) -> str:
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    with psycopg.connect(**params, autocommit=True) as other:
        row = other.execute(
            "SELECT query FROM pg_stat_activity WHERE pid = %s", [backend_pid]
        ).fetchone()
    return row[0]


def test_a_healthy_kept_connection_is_not_queried_before_a_request():
    assert connection.health_check_enabled
    (pid,) = run("SELECT pg_backend_pid()")
    next_request()
    assert connection.health_check_done
    assert run("SELECT pg_backend_pid()") == (pid,)  # the same connection goes on
    next_request()
    assert last_query_of(pid) == "SELECT pg_backend_pid()"  # not Django's SELECT 1


def test_a_connection_the_server_ended_is_replaced_before_the_request_uses_it():
    (pid,) = run("SELECT pg_backend_pid()")
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    waiting = select.poll()
    waiting.register(connection.connection.fileno(), select.POLLIN)
    deadline = time.monotonic() + 5
    while not waiting.poll(50) and time.monotonic() < deadline:
        pass  # the server's notice is on its way
    next_request()
    (new_pid,) = run("SELECT pg_backend_pid()")  # no error: a new connection
    assert new_pid != pid
