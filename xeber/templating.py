"""The Jinja2 environment of the public pages (templates under each app's `jinja2/`).

Readers' pages are rendered by Jinja2, compiled to Python once, rather than by Django's
template engine, which walked a tree of nodes on every request: on the uncached article
page that walk was a fifth of the server's CPU. The back office stays on Django's
templates (the admin needs them). The helpers are the ones the Django templates used, so
both engines escape and format alike: `{{ _("...") }}` is Django's gettext (read by
`makemessages` as in a Django template), and output is escaped unless marked safe.

Helpers go under the name of the module they come from, so a template says where each one
lives: `markup.teaser(item)`, `structured.feed_links()`, `masthead.current()`. Filters stay
flat (Jinja's filter syntax has no dots). This lives in the project package, not in core:
it reads the apps, and core imports none.
"""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace

from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext
from jinja2 import Environment

from xeber.analytics import beacon as reads_beacon
from xeber.analytics import counting as reads_counting
from xeber.analytics import markup as reads_markup
from xeber.embeds import markup as embed_markup
from xeber.live import markup as live_markup
from xeber.live import selectors as live_selectors
from xeber.media import blocks
from xeber.news import markup
from xeber.news.editions import edition_links
from xeber.news.masthead import hold_masthead
from xeber.newsletters import markup as newsletters_markup
from xeber.push import keys as push_keys
from xeber.push import markup as push_markup
from xeber.syndication import structured


def environment(**options) -> Environment:
    options.pop("autoescape", None)  # always on, whatever the settings say
    env = Environment(autoescape=True, keep_trailing_newline=True, **options)
    env.globals.update(
        _=gettext,
        language=get_language,
        static=lru_cache(maxsize=64)(static),  # file names are fixed for a process's life
        url=url,
        markup=SimpleNamespace(teaser=markup.teaser, kind_mark=markup.kind_mark),
        media=SimpleNamespace(
            has_gallery=blocks.has_gallery,
            lead_gallery=blocks.lead_gallery,
            lightbox_script=blocks.lightbox_script,
        ),
        embeds=SimpleNamespace(body=embed_markup.render_body, present=embed_markup.has_embeds),
        masthead=SimpleNamespace(current=lambda: hold_masthead(get_language())),
        live=SimpleNamespace(
            page=live_markup.page,
            cursor=live_selectors.cursor_of,
            entry_html=live_markup.entry_html,
            key_events_html=live_markup.key_events_html,
            mark=live_markup.mark,
            paragraphs=live_markup.paragraphs,
            poll_seconds=live_selectors.poll_seconds,
            new_entries_labels=live_markup.new_entries_labels,
        ),
        editions=SimpleNamespace(links=lambda: edition_links(get_language())),
        push=SimpleNamespace(key=push_keys.public_key, bell=push_markup.bell),
        newsletters=SimpleNamespace(signup=newsletters_markup.signup),
        reads=SimpleNamespace(
            token=reads_counting.token,
            most_read=reads_markup.most_read_block,
            beacon_path=reads_beacon.PATH,  # a constant: no reverse() per page
        ),
        structured=SimpleNamespace(
            feed_links=structured.feed_links,
            article_metadata=structured.article_metadata,
            front_metadata=structured.front_metadata,
            author_metadata=structured.author_metadata,
            site_root=structured.site_root,
        ),
    )
    env.filters.update(
        iso=markup.iso,
        clock=markup.clock,
        long_date=markup.long_date,
        long_datetime=markup.long_datetime,
        truncatechars=lambda text, length: Truncator(text).chars(length),
        urlencode=defaultfilters.urlencode,
        floatformat=defaultfilters.floatformat,
        date=defaultfilters.date,
    )
    return env


def url(name: str, *args) -> str:
    return reverse(name, args=args)
