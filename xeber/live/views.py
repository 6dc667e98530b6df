"""Readers' side of live coverage: the entries endpoint that open pages poll, and the feed
of entries (feeds.py). The live part of the article page is rendered with the article
(markup.py, jinja2/live/_live.html)."""

from __future__ import annotations

from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import get_language

from xeber.live import markup, selectors
from xeber.live.models import LiveEntry
from xeber.live.selectors import BadCursor
from xeber.pagecache import dependencies


def entries(request, article_id: int):
    """What changed after the cursor `after` (JSON): new, edited and deleted entries, and,
    when anything did, the top of the live part afresh. The page cache keeps an answer
    until the next change of the coverage, and nginx or a CDN for SHARED_CACHE_SECONDS,
    so every open page asking with the same cursor costs the app one request between
    changes; unchanged answers are 304 to a client sending their ETag."""
    try:
        after = selectors.moment_of(request.GET.get("after"))
    except BadCursor as error:
        return HttpResponseBadRequest(f"after: {error}", content_type="text/plain")
    article = selectors.live_article(get_language(), article_id)
    if article is None:
        raise Http404("No live coverage here")
    dependencies.scope(dependencies.live(article.pk), dependencies.article(article.pk))
    found = selectors.changes_since(article, after)
    payload = {
        "cursor": str(found.cursor),
        "more": found.more,
        "live": article.live == article.Live.LIVE,
        "entries": [_change(entry) for entry in found.entries],
    }
    live_page = selectors.live_page(article) if found.entries or not payload["live"] else None
    if live_page is not None:
        payload["head"] = markup.head_html(request, article, live_page)
        payload["poll"] = selectors.poll_seconds(live_page.coverage)
    return JsonResponse(payload)


def _change(entry) -> dict:
    change = {"id": entry.pk, "version": entry.version}
    if entry.deleted_at is not None:
        return change | {"deleted": True}
    return change | {
        "posted": str(selectors.cursor_of(entry.posted_at)),
        "html": markup.entry_html(entry),
    }


def entry_link(request, article_id: int, entry_id: int):
    """A lasting address for one entry (the key events link to it): the page of entries
    it is on moves as new ones are posted, so it is found when the link is followed."""
    article = selectors.live_article(get_language(), article_id)
    shown = LiveEntry.objects.filter(article=article, deleted_at__isnull=True)
    entry = shown.filter(pk=entry_id).first() if article else None
    if entry is None:
        raise Http404("No such entry")
    number = selectors.page_of_entry(entry)
    query = f"?page={number}" if number > 1 else ""
    return redirect(f"{article.get_absolute_url()}{query}#{entry.anchor}")
