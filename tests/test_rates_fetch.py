"""Fetching bulletins from the bank (a real loopback server); failures keep the last good data."""

import datetime as dt
import gzip
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.bulletins import ENTITY_BOMB, HTML_PAGE, bulletin
from tests.loopback import Route
from xeber.core.http import FetchError, fetch
from xeber.rates.models import FetchAttempt, Rate
from xeber.rates.services import RatesFetchError, rates_fetch

pytestmark = pytest.mark.django_db
FRIDAY = dt.date(2026, 11, 20)
SATURDAY = dt.date(2026, 11, 21)
MONDAY = dt.date(2026, 11, 23)


def path(day: dt.date) -> str:
    return f"/currencies/{day:%d.%m.%Y}.xml"


def snapshot():
    return sorted(Rate.objects.values_list("code", "date", "nominal", "value", "source"))


def test_it_stores_every_rate_under_the_bulletins_date(bank):
    bank.routes[path(FRIDAY)] = Route(bulletin(FRIDAY))
    summary = rates_fetch(day=FRIDAY)
    assert (summary.bulletin_date, summary.created) == (FRIDAY, 13)
    rub = Rate.objects.get(code="RUB", date=FRIDAY)
    assert (rub.nominal, rub.value, rub.display_value) == (100, Decimal("2.1034"), "0.0210")
    assert Rate.objects.get(code="XAU").value == Decimal("7012.3315")
    assert FetchAttempt.objects.get().ok


def test_a_weekend_request_answered_with_fridays_bulletin_is_stored_as_friday(bank):
    bank.routes[path(SATURDAY)] = Route(bulletin(FRIDAY))
    summary = rates_fetch(day=SATURDAY)
    assert summary.bulletin_date == FRIDAY
    assert set(Rate.objects.values_list("date", flat=True)) == {FRIDAY}


def test_fetching_the_same_day_twice_changes_nothing(bank):
    bank.routes[path(FRIDAY)] = Route(bulletin(FRIDAY))
    rates_fetch(day=FRIDAY)
    before = snapshot()
    again = rates_fetch(day=FRIDAY)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 13)
    assert snapshot() == before


def test_a_revised_value_is_updated_and_logged(bank, caplog):
    bank.routes[path(FRIDAY)] = Route(bulletin(FRIDAY))
    rates_fetch(day=FRIDAY)
    bank.routes[path(FRIDAY)] = Route(bulletin(FRIDAY, overrides={"EUR": "1.9801"}))
    assert rates_fetch(day=FRIDAY).updated == 1
    assert Rate.objects.get(code="EUR").value == Decimal("1.9801")
    assert "EUR 2026-11-20 revised" in caplog.text


def test_a_jump_of_more_than_half_in_usd_is_warned_about(bank, caplog):
    bank.routes[path(FRIDAY)] = Route(bulletin(FRIDAY))
    bank.routes[path(MONDAY)] = Route(bulletin(MONDAY, overrides={"USD": "4923"}))
    rates_fetch(day=FRIDAY)
    rates_fetch(day=MONDAY)
    assert "USD moved" in caplog.text


FAILURES = {
    "http error": Route(b"oops", 503, "text/plain"),
    "not found": Route(b"", 404, "text/plain"),
    "empty body": Route(b""),
    "html instead of xml": Route(HTML_PAGE, content_type="text/html"),
    "truncated": Route(bulletin(MONDAY)[:300]),
    "entity bomb": Route(ENTITY_BOMB),
    "negative value": Route(bulletin(MONDAY, overrides={"USD": "-1.7"})),
    "zero value": Route(bulletin(MONDAY, overrides={"USD": "0.0000"})),
    "non-numeric value": Route(bulletin(MONDAY, overrides={"USD": "n/a"})),
    "duplicate code": Route(
        bulletin(MONDAY, currencies=[("USD", "1", "a", "1.7"), ("USD", "1", "a", "1.7")])
    ),
    "timeout": Route(bulletin(MONDAY), delay=1.5),
}


@pytest.mark.parametrize("failure", FAILURES)
def test_a_failed_fetch_stores_nothing_and_says_why(bank, failure):
    bank.routes[path(FRIDAY)] = Route(bulletin(FRIDAY))
    rates_fetch(day=FRIDAY)
    before = snapshot()
    bank.routes[path(MONDAY)] = FAILURES[failure]
    with pytest.raises(RatesFetchError) as caught:
        rates_fetch(day=MONDAY)
    assert str(caught.value).startswith(f"{bank.url}{path(MONDAY)}: ")
    assert snapshot() == before
    attempt = FetchAttempt.objects.first()
    assert not attempt.ok and attempt.message == str(caught.value)


def test_a_refused_connection_is_a_clear_failure(settings, db):
    settings.RATES_URL_TEMPLATE = "http://127.0.0.1:9/{date:%d.%m.%Y}.xml"  # discard port
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = True
    with pytest.raises(RatesFetchError, match="connection refused"):
        rates_fetch(day=FRIDAY)


def test_the_command_exits_non_zero_on_failure_and_zero_on_success(bank, capsys):
    bank.routes[path(FRIDAY)] = Route(bulletin(FRIDAY))
    call_command("fetch-rates", "--date", "2026-11-20")
    assert "bulletin 2026-11-20: 13 new" in capsys.readouterr().out
    with pytest.raises(CommandError) as caught:
        call_command("fetch-rates", "--date", "2026-11-23")
    assert caught.value.returncode == 1
    assert "HTTP 404" in capsys.readouterr().err


def test_backfill_fetches_working_days_one_at_a_time(bank, capsys, settings):
    start = dt.date(2026, 11, 16)  # Monday
    for offset in range(5):
        day = start + dt.timedelta(offset)
        bank.routes[path(day)] = Route(bulletin(day))
    settings.TIME_ZONE = "Asia/Baku"
    from django.utils import timezone

    today = timezone.localdate()
    days_to_today = [start + dt.timedelta(n) for n in range((today - start).days + 1)]
    with pytest.raises(CommandError):  # days after Friday have no route: 404
        call_command("fetch-rates", "--since", "2026-11-16")
    requested = [p for p in bank.requests if p.startswith("/currencies/")]
    expected = [path(d) for d in days_to_today if d.weekday() < 5 or d == today]
    assert requested == expected
    assert Rate.objects.values("date").distinct().count() == 5


def test_a_bad_date_argument_is_refused():
    with pytest.raises(CommandError, match="not a date"):
        call_command("fetch-rates", "--date", "20.11.2026")


class TestHttpClient:
    def test_it_follows_redirects_and_sends_a_user_agent(self, bank):
        bank.routes["/old"] = Route(b"", 301, headers={"Location": "/new"})
        bank.routes["/new"] = Route(b"moved here")
        response = fetch(bank.url + "/old")
        assert (response.body, response.url) == (b"moved here", bank.url + "/new")

    def test_it_refuses_private_addresses_unless_allowed(self, bank, settings):
        bank.routes["/x"] = Route(b"secret")
        settings.FETCH_ALLOW_PRIVATE_ADDRESSES = False
        with pytest.raises(FetchError, match="private or local address"):
            fetch(bank.url + "/x")

    def test_it_refuses_other_schemes(self, settings):
        with pytest.raises(FetchError, match="only http and https"):
            fetch("file:///etc/passwd")

    def test_it_refuses_bodies_over_the_limit_even_compressed(self, bank):
        big = gzip.compress(b"x" * 200_000)
        bank.routes["/big"] = Route(big, headers={"Content-Encoding": "gzip"})
        with pytest.raises(FetchError, match="larger than 100000 bytes"):
            fetch(bank.url + "/big", max_bytes=100_000)

    def test_it_stops_after_too_many_redirects(self, bank):
        bank.routes["/loop"] = Route(b"", 302, headers={"Location": "/loop"})
        with pytest.raises(FetchError, match="more than 3 redirects"):
            fetch(bank.url + "/loop")
