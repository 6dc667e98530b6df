"""Fetching without a human: working days, retries with backoff until the bulletin is out."""

import datetime as dt
import zoneinfo

import pytest

from tests.bulletins import bulletin
from tests.loopback import Route
from tests.test_rates_fetch import path
from xeber.rates.models import Rate
from xeber.rates.scheduler import next_working_start, retry_delay, run_once

pytestmark = pytest.mark.django_db
BAKU = zoneinfo.ZoneInfo("Asia/Baku")
MONDAY_MORNING = dt.datetime(2026, 11, 23, 9, 0, tzinfo=BAKU)
FRIDAY = dt.date(2026, 11, 20)


def test_backoff_doubles_from_five_minutes_up_to_an_hour():
    assert [retry_delay(n).seconds // 60 for n in range(1, 7)] == [5, 10, 20, 40, 60, 60]


def test_after_friday_the_next_working_day_is_monday():
    friday_evening = dt.datetime(2026, 11, 20, 18, 0, tzinfo=BAKU)
    assert next_working_start(friday_evening) == dt.datetime(2026, 11, 23, 0, 5, tzinfo=BAKU)


def test_on_a_weekend_it_only_waits(bank):
    saturday = dt.datetime(2026, 11, 21, 10, 0, tzinfo=BAKU)
    wait, failures = run_once(saturday, 0)
    assert bank.requests == [] and failures == 0
    assert saturday + wait == dt.datetime(2026, 11, 23, 0, 5, tzinfo=BAKU)


def test_it_retries_while_the_bank_still_serves_the_previous_bulletin(bank):
    bank.routes[path(MONDAY_MORNING.date())] = Route(bulletin(FRIDAY))
    wait, failures = run_once(MONDAY_MORNING, 0)
    assert (wait, failures) == (dt.timedelta(minutes=5), 1)
    wait, failures = run_once(MONDAY_MORNING, failures)
    assert (wait, failures) == (dt.timedelta(minutes=10), 2)


def test_it_retries_after_a_failure_and_stops_once_the_day_is_in(bank):
    wait, failures = run_once(MONDAY_MORNING, 0)  # 404: not published yet
    assert failures == 1 and wait == dt.timedelta(minutes=5)
    bank.routes[path(MONDAY_MORNING.date())] = Route(bulletin(MONDAY_MORNING.date()))
    wait, failures = run_once(MONDAY_MORNING, failures)
    assert failures == 0 and MONDAY_MORNING + wait == dt.datetime(2026, 11, 24, 0, 5, tzinfo=BAKU)
    assert Rate.objects.filter(date=MONDAY_MORNING.date()).count() == 13
    requests = len(bank.requests)
    run_once(MONDAY_MORNING, 0)  # already stored: no request
    assert len(bank.requests) == requests


def test_new_rates_reach_the_header_at_once(
    bank, client, settings, django_capture_on_commit_callbacks
):
    from xeber.rates.services import rates_fetch

    client.get("/en/")  # caches a header without rates
    settings.HEADER_CURRENCIES = ["USD"]
    bank.routes[path(FRIDAY)] = Route(bulletin(FRIDAY, overrides={"USD": "1.7"}))
    with django_capture_on_commit_callbacks(execute=True):
        rates_fetch(day=FRIDAY)
    assert '<span class="rate-value">1.7000</span>' in client.get("/en/").content.decode()
