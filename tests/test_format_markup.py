"""xeber.core.html.format_markup escapes exactly as Django's format_html does."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st

from xeber.core.html import format_markup

TEMPLATE = '<a href="{}" title="{}">{}</a>'


@given(st.text(), st.text(), st.one_of(st.text(), st.integers()))
def test_it_escapes_any_text_as_format_html_does(url, title, text):
    assert format_markup(TEMPLATE, url, title, text) == format_html(TEMPLATE, url, title, text)


def test_it_keeps_safe_markup_and_escapes_lazy_text():
    args = (mark_safe("<b>bold</b>"), gettext_lazy("News"), "\"quoted\" & 'single' <x>")
    expected = format_html(TEMPLATE, *args)
    assert format_markup(TEMPLATE, *args) == expected
    assert "<b>bold</b>" in expected
    assert "&quot;quoted&quot; &amp; &#x27;single&#x27; &lt;x&gt;" in expected
