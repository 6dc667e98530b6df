"""A delivery that takes longer than its lease (a broadcast to a large list) keeps it by
saying it is alive, so no second worker sends it too; a worker that lost it stops and
records nothing. Played with a channel of the test's own, registered as channels are."""

from __future__ import annotations

import time

import pytest

from xeber.deliveries.models import Delivery
from xeber.deliveries.services import (
    deliveries_resume,
    delivery_attempt,
    delivery_keep_alive,
    delivery_plan,
    register_sender,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _plan(action: str) -> Delivery:
    delivery, _created = delivery_plan(
        key=f"test:{action}", channel="test", target="t", action=action
    )
    return delivery


def test_a_long_delivery_that_says_it_is_alive_is_not_taken_over(settings):
    settings.DELIVERY_LEASE_SECONDS = 1
    seen = []

    def slow(delivery):
        for _ in range(3):
            time.sleep(0.6)  # past the lease, had it not been renewed
            delivery_keep_alive(delivery)
            seen.append(deliveries_resume())  # what the scheduler would do meanwhile
        return "done"

    register_sender("test", "slow", slow)
    delivery = _plan("slow")
    assert delivery_attempt(delivery.pk) == "sent"
    assert seen == [0, 0, 0]
    assert Delivery.objects.get().attempts == 1


def test_a_worker_that_lost_its_delivery_stops_and_records_nothing(settings):
    settings.DELIVERY_LEASE_SECONDS = 1

    def overtaken(delivery):
        time.sleep(1.1)  # its lease ran out: another worker claims it
        Delivery.objects.filter(pk=delivery.pk).update(
            lease_until=delivery.lease_until.replace(year=2100)
        )
        delivery_keep_alive(delivery)
        raise AssertionError("not reached")

    register_sender("test", "overtaken", overtaken)
    delivery = _plan("overtaken")
    assert delivery_attempt(delivery.pk) == "sending"  # left to the worker that has it
    row = Delivery.objects.get()
    assert row.state == "sending" and row.last_error == "" and row.lease_until.year == 2100
