"""The plain-text rendition of an article (FORMAT.md section 1): parse and render.

Pure functions over a typed record; nothing here touches the database, so every
refusal is reported in one place with the file's line number.

A live page (xeber/live) goes on after its body, in paragraphs of the same kind (README,
"Live coverage"): a line `--- live START[ until END]`, the summary's paragraphs, then
each entry, oldest first, as a line `--- TIME[ by AUTHOR-SLUG][ pinned][ key: TITLE]`
and its paragraphs. Times are the newsroom's, to the minute: `2026-03-14 18:05`.
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
_MINUTE = r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}"
LIVE_MARK = "--- live"
_LIVE = re.compile(rf"^--- live (?P<start>{_MINUTE})(?: until (?P<end>{_MINUTE}))?$")
_ENTRY = re.compile(
    rf"^--- (?P<at>{_MINUTE})(?: by (?P<author>[A-Za-z0-9_-]+))?(?P<pinned> pinned)?"
    r"(?: key: (?P<key>.*\S.*))?$"
)
MINUTE_FORMAT = "%Y-%m-%d %H:%M"
KEY_TITLE_LENGTH = 200  # as LiveEntry.key_title holds


class TextFormatError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass(frozen=True)
class TextEntry:
    """One entry of a live page: its time (the newsroom's, to the minute), its byline
    author's slug, whether it is pinned, its key-event title ("" for none)."""

    at: dt.datetime
    paragraphs: tuple[str, ...]
    author: str = ""
    pinned: bool = False
    key_title: str = ""


@dataclass(frozen=True)
class TextLive:
    """A live page's coverage after the body: when it ran, its summary, its entries
    oldest first."""

    started: dt.datetime
    ended: dt.datetime | None = None
    summary: tuple[str, ...] = ()
    entries: tuple[TextEntry, ...] = ()


@dataclass(frozen=True)
class TextArticle:
    date: dt.date
    usd: Decimal | None
    breaking: str
    title: str
    paragraphs: tuple[str, ...]
    live: TextLive | None = None


def _one_line(text: str) -> str:
    return text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


# A paragraph of text that would read as a line of the live layout (`--- ...`) is written
# with a backslash before it, and one that starts with backslashes before `---` with one
# more; reading takes one off.
_LAYOUT_LIKE = re.compile(r"^\\*---")
_ESCAPED = re.compile(r"^\\+---")


def _text_line(paragraph: str) -> str:
    line = _one_line(paragraph)
    return "\\" + line if _LAYOUT_LIKE.match(line) else line


def _read_line(line: str) -> str:
    return line[1:] if _ESCAPED.match(line) else line


def render_text(article: TextArticle) -> str:
    header = f" date {article.date.isoformat()}"
    if article.usd is not None:
        header += f" USD {article.usd.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)}"
    lines = [header, _one_line(article.breaking), "", _one_line(article.title), ""]
    paragraphs = [_text_line(paragraph) for paragraph in article.paragraphs]
    for line in [*paragraphs, *(_live_lines(article.live) if article.live else ())]:
        lines += [line, ""]
    return "\n".join(lines) + "\n"


def _live_lines(live: TextLive) -> list[str]:
    start = f"{LIVE_MARK} {live.started:{MINUTE_FORMAT}}"
    lines = [start + (f" until {live.ended:{MINUTE_FORMAT}}" if live.ended else "")]
    lines += map(_text_line, live.summary)
    for entry in live.entries:
        head = f"--- {entry.at:{MINUTE_FORMAT}}"
        head += f" by {entry.author}" if entry.author else ""
        head += " pinned" if entry.pinned else ""
        head += f" key: {_one_line(entry.key_title)}" if entry.key_title.strip() else ""
        lines += [head, *map(_text_line, entry.paragraphs)]
    return lines


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
    numbered = [(number, line) for number, line in enumerate(lines[5:], 6) if line.strip()]
    live_at = next((i for i, (_, line) in enumerate(numbered) if _is_live_mark(line)), None)
    body, live = numbered, None
    if live_at is not None:
        body, live = numbered[:live_at], _parse_live(numbered[live_at:])
    if not body:
        raise TextFormatError(min(len(lines), 6), "no body: expected at least one paragraph")
    return TextArticle(day, usd, lines[1], title, tuple(_read_line(line) for _, line in body), live)


def _is_live_mark(line: str) -> bool:
    return line == LIVE_MARK or line.startswith(LIVE_MARK + " ")


def _minute(raw: str, number: int) -> dt.datetime:
    try:
        return dt.datetime.strptime(raw, MINUTE_FORMAT)
    except ValueError:
        raise TextFormatError(number, f"bad time {raw!r}: expected YYYY-MM-DD HH:MM") from None


def _parse_live(numbered: list[tuple[int, str]]) -> TextLive:
    """The live section: its `--- live` line, the summary, then the entries."""
    number, mark = numbered[0]
    found = _LIVE.match(mark)
    if not found:
        raise TextFormatError(number, "bad live line: expected '--- live YYYY-MM-DD HH:MM'")
    started = _minute(found["start"], number)
    ended = _minute(found["end"], number) if found["end"] else None
    summary: list[str] = []
    entries: list[tuple[int, re.Match, list[str]]] = []
    for number, line in numbered[1:]:
        if line.startswith("--- "):
            head = _ENTRY.match(line)
            if not head:
                raise TextFormatError(
                    number, "bad entry line: expected '--- YYYY-MM-DD HH:MM' and its marks"
                )
            entries.append((number, head, []))
        else:
            (entries[-1][2] if entries else summary).append(_read_line(line))
    pinned = [number for number, head, _ in entries if head["pinned"]]
    if len(pinned) > 1:
        raise TextFormatError(pinned[1], "a second pinned entry: a live page pins one at most")
    return TextLive(started, ended, tuple(summary), tuple(_entry(*each) for each in entries))


def _entry(number: int, head: re.Match, paragraphs: list[str]) -> TextEntry:
    if not paragraphs:
        raise TextFormatError(number, "an entry without text: expected a paragraph after it")
    if len(head["key"] or "") > KEY_TITLE_LENGTH:
        raise TextFormatError(number, f"key event title over {KEY_TITLE_LENGTH} characters")
    return TextEntry(
        at=_minute(head["at"], number),
        paragraphs=tuple(paragraphs),
        author=head["author"] or "",
        pinned=bool(head["pinned"]),
        key_title=head["key"] or "",
    )
