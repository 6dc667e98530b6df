"""Running the task queue in tests as `xeber db_worker` does, and making time pass."""

from __future__ import annotations

import datetime as dt
import os

from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from xeber.deliveries.models import Delivery


def work() -> None:
    """What `xeber db_worker` does, until the queue has nothing ready."""
    call_command("db_worker", batch=True, verbosity=0)


def time_passes() -> None:
    """Everything waiting for a later moment is due now (a retry, a scheduled post)."""
    Delivery.objects.update(due_at=timezone.now() - dt.timedelta(seconds=1))
    DBTaskResult.objects.update(run_after=timezone.now() - dt.timedelta(seconds=1))


def worker_environment(**variables: str) -> dict:
    """The environment of a real worker process on the test's PostgreSQL database."""
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DELIVERY_LEASE_SECONDS": "2",
        "SITE_URL": "https://news.example.az",
        "SECRET_KEY": "test-only-secret-key-not-used-anywhere-else",
        "DJANGO_SETTINGS_MODULE": "xeber.settings",
        **variables,
    }
