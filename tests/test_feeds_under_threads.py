"""One Feed instance serves every thread of a process (`make run`: four threads): each
answer carries the full text exactly when its own request asked for it."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation

pytestmark = pytest.mark.django_db(transaction=True)  # the threads read committed rows
THREADS = 8
ROUNDS = 20


def shared_feed():
    """The Feed instance urls.py serves the edition's RSS with."""
    with translation.override("ru"):
        return resolve("/ru/feed/rss/").func


def ask_repeatedly(feed, full: bool, start: threading.Barrier) -> list[bool]:
    """Whether each answer carried the full text; all threads ask at the same moments."""
    query = {"full": "1"} if full else {}
    answers = []
    translation.activate("ru")
    try:
        for _ in range(ROUNDS):
            start.wait()
            response = feed(RequestFactory().get("/ru/feed/rss/", query))
            answers.append(b"<content:encoded>" in response.content)
    finally:
        connection.close()  # this thread's own connection
    return answers


def test_each_concurrent_answer_has_the_full_text_exactly_when_asked(newsroom):
    feed = shared_feed()
    start = threading.Barrier(THREADS)
    asks_full = [number % 2 == 0 for number in range(THREADS)]
    with ThreadPoolExecutor(THREADS) as pool:
        runs = [pool.submit(ask_repeatedly, feed, full, start) for full in asks_full]
        answers = [run.result(timeout=120) for run in runs]
    for full, carried in zip(asks_full, answers, strict=True):
        assert carried == [full] * ROUNDS
