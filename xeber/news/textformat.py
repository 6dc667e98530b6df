"""The plain-text rendition of an article (FORMAT.md section 1): parse and render.

Pure functions over a typed record; nothing here touches the database, so every
refusal is reported in one place with the file's line number.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FOUR_PLACES = Decimal("0.0001")
_HEADER = re.compile(r"^ ?date (?P<date>\S+)(?: USD (?P<rate>\S+))?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_RATE = re.compile(r"^\d{1,8}(\.\d{1,4})?$")
# Unicode's control characters (category Cc) but the tab.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


class TextFormatError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass(frozen=True)
class TextArticle:
    date: dt.date
    usd: Decimal | None
    breaking: str
    title: str
    paragraphs: tuple[str, ...]


def _one_line(text: str) -> str:
    return text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def render_text(article: TextArticle) -> str:
    header = f" date {article.date.isoformat()}"
    if article.usd is not None:
        header += f" USD {article.usd.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)}"
    lines = [header, _one_line(article.breaking), "", _one_line(article.title), ""]
    for paragraph in article.paragraphs:
        lines += [_one_line(paragraph), ""]
    return "\n".join(lines) + "\n"


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise TextFormatError(line, "invalid UTF-8") from None
    return text.replace("\r\n", "\n")


def _check_characters(lines: list[str]) -> None:
    for number, line in enumerate(lines, start=1):
        found = _CONTROL.search(line)
        if found:
            raise TextFormatError(number, f"control character U+{ord(found.group()):04X}")


def _parse_header(line: str) -> tuple[dt.date, Decimal | None]:
    match = _HEADER.match(line.rstrip(" "))
    if not match:
        raise TextFormatError(1, "no header: expected ' date YYYY-MM-DD USD 1.7000'")
    raw_date, raw_rate = match["date"], match["rate"]
    try:
        if not _DATE.match(raw_date):
            raise ValueError
        day = dt.date.fromisoformat(raw_date)
    except ValueError:
        raise TextFormatError(1, f"bad date {raw_date!r}: expected YYYY-MM-DD") from None
    if raw_rate is None:
        return day, None
    try:
        if not _RATE.match(raw_rate):
            raise InvalidOperation
        rate = Decimal(raw_rate)
    except InvalidOperation:
        raise TextFormatError(1, f"bad rate {raw_rate!r}: expected a number like 1.7000") from None
    if rate <= 0:
        raise TextFormatError(1, f"bad rate {raw_rate!r}: must be positive")
    return day, rate


def parse_text(data: bytes) -> TextArticle:
    """Parse one file; raise TextFormatError naming the line of the first problem."""
    lines = _decode(data).split("\n")
    _check_characters(lines)
    day, usd = _parse_header(lines[0])
    if len(lines) < 4 or lines[2].strip():
        raise TextFormatError(3, "expected an empty line after the breaking-news line")
    title = lines[3]
    if not title.strip():
        raise TextFormatError(4, "no title")
    if len(lines) > 4 and lines[4].strip():
        raise TextFormatError(5, "expected an empty line after the title")
    paragraphs = tuple(line for line in lines[5:] if line.strip())
    if not paragraphs:
        raise TextFormatError(min(len(lines), 6), "no body: expected at least one paragraph")
    return TextArticle(day, usd, lines[1], title, paragraphs)
