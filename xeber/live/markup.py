"""What readers' pages show of live coverage (the Jinja2 environment's `live` helpers:
xeber/templating.py) and the same fragments for the entries endpoint, so that an entry
arriving in an open page reads exactly as it does after a reload."""

from __future__ import annotations

from django.http import Http404
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from xeber.core.pagination import page_number
from xeber.live import selectors
from xeber.live.selectors import LivePage
from xeber.news.models import Article
from xeber.pagecache import dependencies

# Sample counts that pick each plural category's form of a language's catalogue; the
# reader's browser picks the category for a count (Intl.PluralRules, static/xeber/live.js).
PLURAL_SAMPLES = {"one": 1, "few": 2, "many": 5, "other": 5}


def page(request, article: Article) -> LivePage | None:
    """The live part of an article page, for the page asked for (`?page=N`: earlier
    entries); a page past the last is a 404. The page shows the coverage's entries: the
    page cache keeps it until one of them changes."""
    number = page_number(request.GET.get("page"))
    dependencies.shows(dependencies.live(article.pk))
    found = selectors.page_of(article, number)
    if found is None and number > 1:
        raise Http404("No such page of entries")
    return found


def new_entries_labels() -> dict[str, str]:
    """'{n} new entries' in each plural form of the language, for the reader's browser."""
    return {
        category: ngettext("%(count)s new entry", "%(count)s new entries", sample)
        % {"count": "{n}"}
        for category, sample in PLURAL_SAMPLES.items()
    }


def entry_html(entry, pinned_box: bool = False) -> SafeString:
    return mark_safe(
        get_template("live/_entry.html", using="jinja2").render(
            {"entry": entry, "pinned_box": pinned_box}
        )
    )


def head_html(request, article: Article, live_page: LivePage) -> SafeString:
    """The top of the live part: its state, the key events and the pinned entry."""
    context = {"article": article, "page": live_page, "request": request}
    return mark_safe(get_template("live/_head.html", using="jinja2").render(context))


def cursor(moment) -> int:
    return selectors.cursor_of(moment)


def mark() -> str:
    """The running live page's mark, as lists show it (news/markup.py)."""
    return gettext("LIVE")


def paragraphs(text: str) -> list[str]:
    """A plain text's paragraphs (a summary): blocks between empty lines."""
    return [" ".join(block.split()) for block in text.split("\n\n") if block.strip()]


poll_seconds = selectors.poll_seconds
