"""The site when what it stands on fails: Redis gone, the database unreachable.

Redis is a real redis-server started by the test on a free loopback port, then stopped;
the unreachable database is the real one with its address pointed where nothing answers.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import socket
import subprocess
import threading
import time

import pytest
from django.conf import settings
from django.db import connection

from xeber.core import cache as resilient

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def _redis_server(port: int):
    options = ["--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    server = subprocess.Popen([REDIS_SERVER, *options], stdout=subprocess.DEVNULL)
    try:
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.1):
                break
            time.sleep(0.05)
        yield
    finally:
        server.terminate()
        server.wait(5)


@pytest.fixture
def redis_cache(monkeypatch):
    monkeypatch.setattr(resilient, "RETRY_SECONDS", 0.2)
    port = _free_port()
    backend = resilient.ResilientRedisCache(
        f"redis://127.0.0.1:{port}/0",
        {"OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}},
    )
    return port, backend


@pytest.mark.skipif(not shutil.which("redis-server"), reason="needs Debian's redis-server")
def test_without_redis_the_cache_is_empty_not_an_error_and_warns_once(redis_cache, caplog):
    port, backend = redis_cache
    recovered = []

    def _count(**kwargs):
        recovered.append(True)

    resilient.cache_recovered.connect(_count, weak=False)
    try:
        with caplog.at_level(logging.INFO, logger="xeber.core.cache"):
            for _ in range(3):
                assert backend.get("page") is None and backend.get_many(["a", "b"]) == {}
                backend.set("page", "text")
                assert backend.add("page", "text") is False
                time.sleep(0.1)
            warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
            assert len(warnings) == 1 and "unreachable" in warnings[0].getMessage()
            with _redis_server(port):
                time.sleep(0.25)  # past the pause after the last failure
                backend.set("page", "text")
                assert backend.get("page") == "text"
                assert backend.get_many(["page", "other"]) == {"page": "text"}
            assert recovered == [True]
            assert any("reachable again" in r.getMessage() for r in caplog.records)
    finally:
        resilient.cache_recovered.disconnect(_count)


def test_after_a_failure_redis_is_not_tried_again_until_the_pause_ends(monkeypatch):
    """A server that accepts connections and hangs up at once counts every attempt: within
    the pause after a failure, requests answer from nothing without trying Redis."""
    monkeypatch.setattr(resilient, "RETRY_SECONDS", 0.3)
    listener = socket.create_server(("127.0.0.1", 0))
    attempts = []

    def hang_up() -> None:
        while True:
            try:
                connection_, _ = listener.accept()
            except OSError:
                return
            attempts.append(True)
            connection_.close()

    threading.Thread(target=hang_up, daemon=True).start()
    port = listener.getsockname()[1]
    backend = resilient.ResilientRedisCache(f"redis://127.0.0.1:{port}/0", {})
    try:
        for _ in range(50):
            assert backend.get("page") is None
        tried_during_pause = len(attempts)
        time.sleep(0.35)
        backend.get("page")
        assert tried_during_pause >= 1 and len(attempts) > tried_during_pause
        assert tried_during_pause <= 3  # one failing call (redis-py retries once or twice)
    finally:
        listener.close()


@contextlib.contextmanager
def _database_unreachable():
    """The real database, addressed where nothing answers, until the block ends. The open
    connection is set aside, not closed: an in-memory SQLite database lives only while a
    connection to it is open."""
    saved, open_connection = dict(connection.settings_dict), connection.connection
    connection.connection = None
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent/xeber/db.sqlite3"
    else:
        connection.settings_dict["PORT"] = str(_free_port())
    try:
        yield
    finally:
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
        connection.connection = open_connection


@pytest.mark.django_db(transaction=True)
def test_while_the_database_is_down_cached_pages_are_served_and_others_say_503(newsroom):
    from django.test import Client

    from tests.factories import make_article

    reader = Client(raise_request_exception=False)
    time.sleep(settings.PAGE_CACHE_CLOCK_MARGIN_MS / 1000)  # else the page is not stored
    assert reader.get("/ru/")["X-Cache"] == "miss"
    make_article(newsroom.politics, title="Опубликовано перед сбоем")  # the copy is now stale
    with _database_unreachable():
        cached = reader.get("/ru/")
        never_cached = reader.get("/ru/section/economy/")
        assert reader.get("/healthz").status_code == 200
        assert reader.get("/readyz").status_code == 503
    assert cached.status_code == 200 and cached["X-Cache"] == "stale"
    assert "Опубликовано перед сбоем" not in cached.content.decode()
    assert never_cached.status_code == 503 and never_cached["Retry-After"] == "5"
    assert "Сайт ненадолго недоступен" in never_cached.content.decode()
    recovered = reader.get("/ru/")
    assert recovered.status_code == 200 and "Опубликовано перед сбоем" in recovered.content.decode()
