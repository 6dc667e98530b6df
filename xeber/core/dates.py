"""Dates written the way each edition's readers write them.

Django's own month names are right for Russian (genitive "ноября") and English, but
its Azerbaijani names are capitalised ("Noyabr"), while Azerbaijani dates are written
in lower case ("25 noyabr 2026"). One explicit table per language keeps all three
exact and independent of locale data.
"""

from __future__ import annotations

import datetime as dt

MONTHS = {
    "ru": (
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ),
    "az": (
        "yanvar",
        "fevral",
        "mart",
        "aprel",
        "may",
        "iyun",
        "iyul",
        "avqust",
        "sentyabr",
        "oktyabr",
        "noyabr",
        "dekabr",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def long_date(day: dt.date, language: str) -> str:
    """'25 ноября 2026', '25 noyabr 2026', '25 November 2026'."""
    months = MONTHS.get(language, MONTHS["en"])
    return f"{day.day} {months[day.month - 1]} {day.year}"
