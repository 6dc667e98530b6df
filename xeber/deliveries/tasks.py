"""The tasks workers run (`xeber db_worker`, django-tasks' database backend): each only
says which delivery to try; services.delivery_attempt() decides whether and how."""

from __future__ import annotations

from django_tasks import task

from xeber.deliveries.services import delivery_attempt


@task()
def deliver(delivery_id: int) -> str:
    return delivery_attempt(delivery_id)
