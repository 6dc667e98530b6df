"""The Central Bank of Azerbaijan's daily bulletin (FORMAT.md section 2), parsed into typed
records before anything touches the database. Every refusal is a BulletinError that
says what is wrong and where."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException

_NOMINAL = re.compile(r"^(\d+)(?:\s*t\.u\.)?$")
_CODE = re.compile(r"^[A-Z]{3,4}$")
_VALUE = re.compile(r"^\d+(\.\d+)?$")
_HTML = re.compile(rb"^\s*(<!doctype\s+html|<html)", re.IGNORECASE)


class BulletinError(ValueError):
    pass


@dataclass(frozen=True)
class BulletinRate:
    code: str
    nominal: int
    name: str
    value: Decimal  # manat per `nominal` units
    group: str


@dataclass(frozen=True)
class Bulletin:
    date: dt.date
    rates: tuple[BulletinRate, ...]

    def get(self, code: str) -> BulletinRate | None:
        return next((rate for rate in self.rates if rate.code == code), None)


def _text(element: Element, tag: str, where: str) -> str:
    child = element.find(tag)
    if child is None or not (child.text or "").strip():
        raise BulletinError(f"{where}: no <{tag}>")
    return child.text.strip()


def _parse_date(raw: str | None) -> dt.date:
    try:
        return dt.datetime.strptime((raw or "").strip(), "%d.%m.%Y").date()
    except ValueError:
        raise BulletinError(f"<ValCurs Date={raw!r}>: not a DD.MM.YYYY date") from None


def _parse_rate(valute: Element, group: str) -> BulletinRate:
    code = (valute.get("Code") or "").strip()
    where = f"<Valute Code={code!r}>"
    if not _CODE.match(code):
        raise BulletinError(f"{where}: not a currency code")
    nominal_text = _text(valute, "Nominal", where)
    nominal_match = _NOMINAL.match(nominal_text)
    if not nominal_match or int(nominal_match[1]) < 1:
        raise BulletinError(f"{where}: nominal {nominal_text!r} is not a positive number")
    value_text = _text(valute, "Value", where)
    try:
        if not _VALUE.match(value_text):
            raise InvalidOperation
        value = Decimal(value_text)
    except InvalidOperation:
        raise BulletinError(f"{where}: value {value_text!r} is not a number") from None
    if value <= 0:
        raise BulletinError(f"{where}: value {value_text} is not positive")
    name = (valute.findtext("Name") or "").strip()
    return BulletinRate(code, int(nominal_match[1]), name, value, group)


def parse_bulletin(data: bytes) -> Bulletin:
    """Parse the bytes of one bulletin (the XML declaration names the encoding)."""
    if not data.strip():
        raise BulletinError("empty document")
    if _HTML.match(data):
        raise BulletinError("an HTML page, not a bulletin (the bank's site may be down)")
    try:
        root = safe_xml.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        raise BulletinError(f"refused unsafe XML ({type(error).__name__})") from None
    except ParseError as error:
        raise BulletinError(f"not well-formed XML: {error}") from None
    if root.tag != "ValCurs":
        raise BulletinError(f"root element is <{root.tag}>, expected <ValCurs>")
    day = _parse_date(root.get("Date"))
    rates: list[BulletinRate] = []
    seen: set[str] = set()
    for group in root.iter("ValType"):
        for valute in group.iter("Valute"):
            rate = _parse_rate(valute, (group.get("Type") or "").strip())
            if rate.code in seen:
                raise BulletinError(f"<Valute Code={rate.code!r}>: code appears twice")
            seen.add(rate.code)
            rates.append(rate)
    if not rates:
        raise BulletinError("no <Valute> in the bulletin")
    return Bulletin(day, tuple(rates))
