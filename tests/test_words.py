"""Dates and slugs in the three languages."""

import datetime as dt

import pytest

from xeber.core.dates import long_date
from xeber.core.html import sanitize_html
from xeber.core.slugs import slugify_title

DAY = dt.date(2026, 11, 25)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ru", "25 ноября 2026"), ("az", "25 noyabr 2026"), ("en", "25 November 2026")],
)
def test_long_date_is_written_in_the_editions_language(language, expected):
    assert long_date(DAY, language) == expected


def test_every_month_has_its_name():
    names = {long_date(dt.date(2026, month, 1), "az").split()[1] for month in range(1, 13)}
    assert len(names) == 12 and "iyun" in names and all(name.islower() for name in names)
    assert long_date(dt.date(2026, 3, 8), "ru") == "8 марта 2026"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Бакинский саммит: итоги", "bakinskii-sammit-itogi"),
        ("Şəhər xəbərləri", "sheher-xeberleri"),
        ("İqtisadiyyat və Ölkə", "iqtisadiyyat-ve-olke"),
        ("Ёлка в Щёлково", "elka-v-shchelkovo"),
        ("Baku Energy Week 2026", "baku-energy-week-2026"),
        ("!!!", "article"),
    ],
)
def test_slugs_are_readable_ascii_in_all_three_languages(title, slug):
    assert slugify_title(title) == slug


def test_long_titles_give_slugs_cut_at_a_word():
    slug = slugify_title("Очень длинный заголовок " * 10, max_length=40)
    assert len(slug) <= 40 and not slug.endswith("-")


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<iframe src="https://evil.example/"></iframe>',
        '<p style="background:url(javascript:alert(1))">x</p>',
        "<svg><script>alert(1)</script></svg>",
    ],
)
def test_stored_html_loses_anything_executable(payload):
    clean = sanitize_html(payload).lower()
    for marker in ("<script", "onerror", "javascript:", "<iframe", "style="):
        assert marker not in clean
