"""What readers' pages show of live coverage (the Jinja2 environment's `live` helpers:
xeber/templating.py) and the same fragments for the entries endpoint, so that an entry
arriving in an open page reads exactly as it does after a reload."""

from __future__ import annotations

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import Http404
from django.template.loader import get_template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

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


# Entries as rendered, by everything their HTML shows: a live page is rendered again after
# every entry, and all but the new one read as before. Bounded; emptied when settings
# change (tests), as the embeds' facades depend on them.
_rendered: dict[tuple, SafeString] = {}
RENDERED_LIMIT = 4096


def entry_html(entry, pinned_box: bool = False) -> SafeString:
    key = _shown_values(entry, pinned_box)
    html = _rendered.get(key)
    if html is None:
        context = {"entry": entry, "pinned_box": pinned_box}
        html = _remember(key, get_template("live/_entry.html", using="jinja2").render(context))
    return html


def _shown_values(entry, pinned_box: bool) -> tuple:
    author, image = entry.author, entry.image
    return (
        "entry",
        get_language(),
        pinned_box,
        entry.pk,
        entry.version,
        entry.posted_at,
        entry.pinned,
        entry.key_event,
        entry.key_title,
        entry.body,
        author and (author.pk, author.name, author.slug),
        image and (image.pk, image.file.name, image.alt, image.caption, image.credit),
        image and (image.width, image.height, repr(image.variants)),
    )


@receiver(setting_changed)
def _forget_rendered(**kwargs) -> None:
    _rendered.clear()


def key_events_html(article: Article, key_events: list) -> SafeString:
    """The timeline of key events: the same render after render until one is marked."""
    key = ("key events", get_language(), article.pk, *key_events)
    html = _rendered.get(key)
    if html is None:
        # The entries' lasting addresses (views.entry_link), reversed once for them all.
        links = reverse("live:entry", args=[article.pk, 0]).removesuffix("0/")
        context = {"key_events": key_events, "entry_links": links}
        html = _remember(key, get_template("live/_key_events.html", using="jinja2").render(context))
    return html


def _remember(key: tuple, html: str) -> SafeString:
    if len(_rendered) >= RENDERED_LIMIT:
        _rendered.clear()
    _rendered[key] = safe = mark_safe(html)
    return safe


def head_html(request, article: Article, live_page: LivePage) -> SafeString:
    """The top of the live part: its state, the key events and the pinned entry."""
    context = {"article": article, "page": live_page, "request": request}
    return mark_safe(get_template("live/_head.html", using="jinja2").render(context))


def mark() -> str:
    """The running live page's mark, as lists show it (news/markup.py)."""
    return gettext("LIVE")


def paragraphs(text: str) -> list[str]:
    """A plain text's paragraphs (a summary): blocks between empty lines."""
    return [" ".join(block.split()) for block in text.split("\n\n") if block.strip()]
