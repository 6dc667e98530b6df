"""The rates page, its converter, chart and CSV, and the JSON API."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import make_rates
from xeber.rates.converter import UnknownCurrency, convert

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_bulletins():
    today = timezone.localdate()
    before = today - dt.timedelta(days=1)
    make_rates(before, USD="1.7000", EUR="1.9800", RUB="2.1100", XAU="7000.0000")
    make_rates(today, USD="1.7000", EUR="1.9765", RUB="2.1300", XAU="7012.3315")
    for offset in range(2, 40):
        make_rates(
            today - dt.timedelta(days=offset), EUR=str(Decimal("1.95") + Decimal(offset) / 1000)
        )
    return today, before


def test_it_shows_the_full_table_with_changes(client, two_bulletins):
    html = client.get("/ru/rates/").content.decode()
    assert "Доллар США" in html and "Евро" in html and "Золото" in html
    assert 'data-code="RUB"' in html and "<td>100</td>" in html
    assert "▲ +0.0200" in html  # RUB per 100 went up
    assert "▼ -0.0035" in html  # EUR went down
    assert "= 0.0000" in html  # USD unchanged


def test_currency_names_follow_the_edition(client, two_bulletins):
    assert "Avro" in client.get("/az/rates/").content.decode()
    assert "US dollar" in client.get("/en/rates/").content.decode()


def test_a_past_date_shows_that_days_bulletin(client, two_bulletins):
    _, before = two_bulletins
    html = client.get(f"/en/rates/?date={before:%Y-%m-%d}").content.decode()
    table = html[html.index('<table class="rates-table">') : html.index("</table>")]
    assert "1.9800" in table and "1.9765" not in table


def test_a_malformed_date_is_a_clear_400_not_a_500(client, two_bulletins):
    response = client.get("/en/rates/?date=2026-13-45")
    assert response.status_code == 400
    assert "Enter a valid date" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("amount=100&source=USD&target=AZN", "100 USD = 170.0000 AZN"),
        ("amount=170&source=AZN&target=USD", "170 AZN = 100.0000 USD"),
        ("amount=1000&source=RUB&target=AZN", "1000 RUB = 21.3000 AZN"),  # per-100 quote
        ("amount=100&source=USD&target=RUB", "100 USD = 7981.2207 RUB"),
        ("amount=1&source=XAU&target=USD", "1 XAU = 4124.9009 USD"),
    ],
)
def test_the_converter_goes_through_the_manat(client, two_bulletins, query, expected):
    html = client.get(f"/en/rates/?{query}").content.decode()
    assert expected in html


@pytest.mark.parametrize(
    "query", ["code=id", "code=US'D", "source=EU%22R&amount=1", "target=USD%0A&amount=1"]
)
def test_a_malformed_currency_code_is_a_clear_400_not_a_500(client, two_bulletins, query):
    response = client.get(f"/ru/rates/?{query}")
    assert response.status_code == 400
    assert "Код валюты — три или четыре латинские буквы" in response.content.decode()


def test_the_converter_reports_an_unknown_currency(client, two_bulletins):
    html = client.get("/en/rates/?amount=5&source=XYZ&target=AZN").content.decode()
    assert "No official rate for" in html and "XYZ" in html


def test_the_history_chart_is_an_svg_drawn_by_the_server(client, two_bulletins):
    html = client.get("/en/rates/?code=EUR&days=30").content.decode()
    assert '<svg class="rate-chart"' in html and "<polyline" in html
    assert "Euro (EUR) in manat, 30 days" in html


def test_csv_download_of_a_currencys_history(client, two_bulletins):
    response = client.get("/en/rates/EUR.csv?days=90")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "date,code,azn_per_unit"
    assert len(lines) == 1 + 40 and lines[-1].endswith(",EUR,1.9765")
    assert client.get("/en/rates/XYZ.csv").status_code == 404
    assert client.get("/en/rates/EUR.csv?days=lots").status_code == 404


def test_the_page_without_any_rates(client, db):
    assert "No official rates" in client.get("/en/rates/").content.decode()


class TestApi:
    def test_rates_of_a_day(self, client, two_bulletins):
        _, before = two_bulletins
        data = client.get(f"/api/v1/rates/?date={before:%Y-%m-%d}").json()
        assert data["date"] == before.isoformat()
        rub = next(rate for rate in data["rates"] if rate["code"] == "RUB")
        assert (rub["nominal"], rub["value"], rub["per_unit"]) == (100, "2.110000", "0.021100")

    def test_history(self, client, two_bulletins):
        today, _ = two_bulletins
        start = today - dt.timedelta(days=3)
        data = client.get(f"/api/v1/rates/eur/history/?from={start}&to={today}").json()
        assert data["code"] == "EUR" and len(data["history"]) == 4
        assert data["history"][-1] == {"date": today.isoformat(), "per_unit": "1.976500"}

    @pytest.mark.parametrize(
        ("url", "status"),
        [
            ("/api/v1/rates/?date=yesterday", 400),
            ("/api/v1/rates/?date=1990-01-01", 404),
            ("/api/v1/rates/USD/history/?from=2026-02-30", 400),
            ("/api/v1/rates/USD/history/?from=2026-11-20&to=2026-11-01", 400),
            ("/api/v1/rates/USD/history/?from=1990-01-01&to=2026-11-01", 400),
            ("/api/v1/rates/XYZ/history/", 404),
        ],
    )
    def test_bad_requests_get_json_errors(self, client, two_bulletins, url, status):
        response = client.get(url)
        assert response.status_code == status
        assert response.json()["error"]


rates = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("9000"), places=4)
nominals = st.sampled_from([1, 100])


@settings(max_examples=500, deadline=None)
@given(
    amount=st.decimals(min_value=Decimal("1"), max_value=Decimal("1000000"), places=2),
    rate_a=rates,
    nominal_a=nominals,
    rate_b=rates,
    nominal_b=nominals,
)
def test_converting_there_and_back_returns_the_amount_within_rounding(
    amount, rate_a, nominal_a, rate_b, nominal_b
):
    per_unit = {"AZN": Decimal(1), "A": rate_a / nominal_a, "B": rate_b / nominal_b}
    there = convert(amount, "A", "B", per_unit)
    back = convert(there, "B", "A", per_unit)
    # One rounding to 4 places in B, scaled back into A, plus one rounding in A.
    tolerance = Decimal("0.00005") * per_unit["B"] / per_unit["A"] + Decimal("0.00005")
    assert abs(back - amount) <= tolerance


def test_converting_an_unknown_currency_raises():
    with pytest.raises(UnknownCurrency):
        convert(Decimal(1), "USD", "XYZ", {"AZN": Decimal(1), "USD": Decimal("1.7")})
