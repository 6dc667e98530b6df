"""The rates page in a real browser: the table, the chart and a working converter."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.browser import chromium_page
from tests.factories import make_rates

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_checks_the_rates_and_converts_dollars(live_server):
    today = timezone.localdate()
    for offset in range(30, -1, -1):
        make_rates(today - dt.timedelta(days=offset), USD="1.7000", EUR=f"1.97{offset % 10}0")
    make_rates(today, RUB="2.1300")
    with chromium_page(viewport={"width": 1280, "height": 900}) as page:
        page.goto(f"{live_server.url}/en/")
        page.locator(".rates a").first.click()
        page.wait_for_url("**/en/rates/")
        rows = page.locator(".rates-table tbody tr")
        assert rows.count() == 3
        assert "US dollar" in page.locator(".rates-table").inner_text()
        assert page.locator("svg.rate-chart polyline").count() == 1

        page.locator("input[name=amount]").fill("250")
        page.locator("select[name=source]").select_option("USD")
        page.locator("select[name=target]").select_option("AZN")
        page.locator(".converter button").click()
        page.wait_for_load_state()
        assert page.locator(".converter-result").inner_text() == "250 USD = 425.0000 AZN"
        page.screenshot(path="test-artifacts/rates.png", full_page=True)
