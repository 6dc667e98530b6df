"""Parsing the bank's bulletin into typed records, and refusing anything else."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.bulletins import ENTITY_BOMB, EXTERNAL_ENTITY, HTML_PAGE, bulletin
from xeber.rates.cbar import BulletinError, parse_bulletin

DAY = dt.date(2026, 11, 20)


def test_it_reads_every_currency_and_metal_with_nominal_and_value():
    parsed = parse_bulletin(bulletin(DAY))
    assert parsed.date == DAY
    assert len(parsed.rates) == 13
    usd, rub, gold = parsed.get("USD"), parsed.get("RUB"), parsed.get("XAU")
    assert (usd.nominal, usd.value, usd.name) == (1, Decimal("1.7"), "1 ABŞ dolları")
    assert (rub.nominal, rub.value) == (100, Decimal("2.1034"))
    assert (gold.nominal, gold.value, gold.group) == (1, Decimal("7012.3315"), "Bank metalları")
    assert parsed.get("SDR") is not None  # not ISO, still stored


def test_the_bulletin_date_comes_from_the_document_not_the_request():
    assert parse_bulletin(bulletin(dt.date(2026, 11, 20))).date == dt.date(2026, 11, 20)


def test_old_manat_values_are_history_not_errors():
    parsed = parse_bulletin(bulletin(dt.date(2004, 5, 4), overrides={"USD": "4923"}))
    assert parsed.get("USD").value == Decimal(4923)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty document"),
        (b"   \n", "empty document"),
        (HTML_PAGE, "an HTML page"),
        (b"<html><body>502</body></html>", "an HTML page"),
        (bulletin(DAY)[:-40], "not well-formed"),
        (ENTITY_BOMB, "unsafe XML"),
        (EXTERNAL_ENTITY, "unsafe XML"),
        (b"<?xml version='1.0'?><rss/>", "expected <ValCurs>"),
        (bulletin(DAY).replace(b'Date="20.11.2026"', b'Date="2026-11-20"'), "DD.MM.YYYY"),
        (bulletin(DAY, overrides={"EUR": "-1.9765"}), "'EUR'>: value '-1.9765' is not a number"),
        (bulletin(DAY, overrides={"EUR": "0"}), "value 0 is not positive"),
        (bulletin(DAY, overrides={"EUR": "1,97"}), "is not a number"),
        (bulletin(DAY, overrides={"EUR": "abc"}), "is not a number"),
        (bulletin(DAY, overrides={"EUR": ""}), "no <Value>"),
        (bulletin(DAY, currencies=[], metals=[]), "no <Valute>"),
        (
            bulletin(DAY, currencies=[("USD", "1", "a", "1.7"), ("USD", "1", "b", "1.8")]),
            "code appears twice",
        ),
        (bulletin(DAY, currencies=[("USD", "zero", "a", "1.7")]), "nominal 'zero'"),
    ],
)
def test_it_refuses_a_bad_bulletin_with_a_clear_reason(data, words):
    with pytest.raises(BulletinError) as caught:
        parse_bulletin(data)
    assert words in str(caught.value)
