"""The plain-text rendition (FORMAT.md section 1): parsing, rendering, refusals."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xeber.news.textformat import TextArticle, TextFormatError, parse_text, render_text

CANONICAL = (
    " date 2026-03-14 USD 1.7000\n"
    "Срочно: в Баку открылся форум\n"
    "\n"
    "Парламент одобрил закон\n"
    "\n"
    "Первый абзац с\u00a0неразрывным пробелом – и «кавычками». \n"
    "\n"
    "Второй абзац: Mосква с латинской M.\n"
    "\n"
).encode()


def test_it_parses_every_part_of_a_canonical_file():
    text = parse_text(CANONICAL)
    assert text.date == dt.date(2026, 3, 14)
    assert text.usd == Decimal("1.7000")
    assert text.breaking == "Срочно: в Баку открылся форум"
    assert text.title == "Парламент одобрил закон"
    assert text.paragraphs[0].endswith("«кавычками». ")  # trailing space is content
    assert "\u00a0" in text.paragraphs[0]
    assert len(text.paragraphs) == 2


def test_rendering_a_canonical_file_gives_the_same_bytes():
    assert render_text(parse_text(CANONICAL)).encode() == CANONICAL


def test_the_header_ends_after_the_date_when_no_rate_is_known():
    text = TextArticle(dt.date(2026, 3, 14), None, "", "T", ("P",))
    assert render_text(text) == " date 2026-03-14\n\n\nT\n\nP\n\n"
    assert parse_text(render_text(text).encode()) == text


@pytest.mark.parametrize(
    "variant",
    [
        CANONICAL.lstrip(b" "),  # header without its leading space
        b"\xef\xbb\xbf" + CANONICAL,  # UTF-8 BOM
        CANONICAL.replace(b"\n", b"\r\n"),  # Windows line endings
        CANONICAL.replace(b"\n\n\xd0\x92\xd1\x82", b"\n\n\n\n\xd0\x92\xd1\x82"),  # extra blanks
        CANONICAL.rstrip(b"\n"),  # no final newline
    ],
)
def test_it_accepts_the_tolerated_variants_and_renders_them_canonically(variant):
    assert render_text(parse_text(variant)).encode() == CANONICAL


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (b"", 1, "no header"),
        (b"Title only\n\nParagraph\n\n", 1, "no header"),
        (b" date 2026-02-30 USD 1.7000\n\n\nT\n\nP\n\n", 1, "bad date"),
        (b" date 26-03-14\n\n\nT\n\nP\n\n", 1, "bad date"),
        (b" date 2026-03-14 USD abc\n\n\nT\n\nP\n\n", 1, "bad rate"),
        (b" date 2026-03-14 USD -1.7\n\n\nT\n\nP\n\n", 1, "bad rate"),
        (b" date 2026-03-14 USD 0.0000\n\n\nT\n\nP\n\n", 1, "bad rate"),
        (b" date 2026-03-14 EUR 1.7000\n\n\nT\n\nP\n\n", 1, "no header"),
        (b" date 2026-03-14\nB\nnot empty\nT\n\nP\n\n", 3, "empty line"),
        (b" date 2026-03-14\nB\n\n\n\nP\n\n", 4, "no title"),
        (b" date 2026-03-14\nB\n\nT\nP\n\n", 5, "empty line after the title"),
        (b" date 2026-03-14\nB\n\nT\n\n", 6, "no body"),
        (b" date 2026-03-14\nB\n\nT", 4, "no body"),
        (b" date 2026-03-14\nB\n\nT\n\nP \xff\xfe\n\n", 6, "invalid UTF-8"),
        (b" date 2026-03-14\nB\n\nT\n\nP\x00\n\n", 6, "control character U+0000"),
    ],
)
def test_it_refuses_a_broken_file_naming_the_line(data, line, words):
    with pytest.raises(TextFormatError) as caught:
        parse_text(data)
    assert caught.value.line == line
    assert words in caught.value.message


# Any text a paragraph may hold: no line breaks, no control characters, not blank.
line_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\n\r"),
    min_size=1,
    max_size=80,
).filter(lambda value: value.strip() != "")
articles = st.builds(
    TextArticle,
    date=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)),
    usd=st.one_of(
        st.none(),
        st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("9999.9999"), places=4),
    ),
    breaking=st.one_of(st.just(""), line_text),
    title=line_text,
    paragraphs=st.lists(line_text, min_size=1, max_size=6).map(tuple),
)


@settings(max_examples=300, deadline=None)
@given(articles)
def test_render_then_parse_gives_back_the_article(article):
    assert parse_text(render_text(article).encode()) == article


@settings(max_examples=300, deadline=None)
@given(articles)
def test_a_canonical_file_survives_parse_and_render_byte_for_byte(article):
    canonical = render_text(article).encode()
    assert render_text(parse_text(canonical)).encode() == canonical
