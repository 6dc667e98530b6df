"""What search engines and social networks read from a page: Open Graph, Twitter cards and
schema.org JSON-LD (NewsArticle, LiveBlogPosting, BreadcrumbList, Organization, WebSite)."""

from __future__ import annotations

import json
from functools import lru_cache

from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from xeber.core.html import format_markup, plain_text
from xeber.embeds.markup import video_objects
from xeber.identity.selectors import FALLBACK_ICON, Identity
from xeber.live import selectors as live_selectors
from xeber.news.masthead import identity_of


def json_ld(data: dict) -> SafeString:
    """A JSON-LD block that no string inside it can close early."""
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


@lru_cache(maxsize=1)
def _engine_icon() -> str:
    return static(FALLBACK_ICON)  # a static file's URL is fixed for a process's life


def _organization(base: str, identity: Identity) -> dict:
    """The newsroom as search engines show it: its name in the edition, its logo (the
    engine's icon until it has one) and its pages on social networks."""
    logo = {"@type": "ImageObject", "url": base + _engine_icon()}
    if identity.logo_url:
        logo = {"@type": "ImageObject", "url": base + identity.logo_url,
                "width": identity.logo_width, "height": identity.logo_height}  # fmt: skip
    organization = {
        "@type": "NewsMediaOrganization",
        "name": identity.name,
        "url": base + "/",
        "logo": logo,
    }
    if identity.social:
        organization["sameAs"] = [link for _network, link in identity.social]
    return organization


def article_graph(article, base: str, identity: Identity, translations=()) -> list[dict]:
    url = base + article.get_absolute_url()
    section_url = base + article.section.get_absolute_url()
    news = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": url,
        "url": url,
        "headline": article.title[:110],
        "description": article.lead,
        "inLanguage": article.edition,
        "datePublished": article.published_at.isoformat(),
        "dateModified": article.modified_at.isoformat(),
        "articleSection": article.section.name,
        "keywords": [tag.name for tag in article.tag_list],
        "author": [person(author, base, article.edition) for author in article.byline]
        or [{"@type": "Organization", "name": identity.name}],
        "publisher": _organization(base, identity),
    }
    if article.cover:
        news["image"] = [base + article.cover.fallback_url]
    if videos := _videos(article, base):  # embedded videos (xeber/embeds)
        news["video"] = videos
    if article.corrections:
        news["correction"] = [
            {"@type": "CorrectionComment", "text": note.text, "datePublished": note.at.isoformat()}
            for note in article.correction_notes
        ]
    if translations:
        news["workTranslation"] = [
            {"@id": base + other.get_absolute_url()} for other in translations
        ]
    if article.live:
        news.update(live_blog(article, base, url))
    breadcrumbs = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": item}
            for position, (name, item) in enumerate(
                [
                    (identity.name, f"{base}/{article.edition}/"),
                    (article.section.name, section_url),
                    (article.title, url),
                ],
                start=1,
            )
        ],
    }
    return [news, breadcrumbs]


# The newest entries a live page's JSON-LD lists as its updates.
LIVE_UPDATES = 10


def live_blog(article, base: str, url: str) -> dict:
    """What makes a live page's NewsArticle a LiveBlogPosting: when the coverage ran and
    its newest entries, each a BlogPosting (xeber/live)."""
    coverage, entries = live_selectors.coverage_and_latest(article, LIVE_UPDATES)
    if coverage is None:
        return {}
    data = {"@type": "LiveBlogPosting", "coverageStartTime": coverage.started_at.isoformat()}
    if coverage.ended_at:
        data["coverageEndTime"] = coverage.ended_at.isoformat()
    if entries:
        newest = max(entry.updated_at for entry in entries)
        data["dateModified"] = max(newest, article.modified_at).isoformat()
    data["liveBlogUpdate"] = [_blog_posting(entry, base, url, article) for entry in entries]
    return data


@lru_cache(maxsize=4096)
def _plain_text(body: str) -> str:
    """An entry's text on one line (a live page lists the same entries render after
    render)."""
    return plain_text(body)


def _blog_posting(entry, base: str, url: str, article) -> dict:
    text = _plain_text(entry.body)
    posting = {
        "@type": "BlogPosting",
        "headline": (entry.key_title or text or article.title)[:110],
        "url": f"{url}#{entry.anchor}",
        "datePublished": entry.posted_at.isoformat(),
        "dateModified": entry.updated_at.isoformat(),
        "articleBody": text,
    }
    if entry.author:
        posting["author"] = person(entry.author, base, article.edition)
    if entry.image:
        posting["image"] = base + entry.image.fallback_url
    return posting


def _videos(article, base: str) -> list[dict]:
    """The body's VideoObjects with what Google requires of each: a name, a picture (the
    embed's, else the story's cover; a video with neither is left out, as Google would
    refuse it) and uploadDate: the embed's own where it carries one, else the story's
    publication, when its readers first saw the video (the oEmbed answers we keep carry
    no date)."""
    cover = [base + article.cover.fallback_url] if article.cover else []
    videos = []
    for video in video_objects(article.body, base):
        video.setdefault("thumbnailUrl", cover)
        video.setdefault("uploadDate", article.published_at.isoformat())
        if video["thumbnailUrl"]:
            videos.append(video)
    return videos


def person(author, base: str, edition: str) -> dict:
    """schema.org Person: the author's page here and their pages elsewhere (sameAs), all
    read with the byline (news/selectors.py)."""
    data = {"@type": "Person", "name": author.name, "url": base + author.get_absolute_url(edition)}
    if same_as := author.same_as():
        data["sameAs"] = same_as
    return data


def author_metadata(request, author, profile=None) -> SafeString:
    """The author page's JSON-LD: a ProfilePage about the Person, with what the edition's
    profile says (job title, biography) and the photo."""
    base = site_root(request)
    about = person(author, base, get_language())
    if profile is not None and profile.job_title:
        about["jobTitle"] = profile.job_title
    if bio := (profile.bio if profile is not None and profile.bio else author.bio):
        about["description"] = bio
    if author.photo:
        about["image"] = base + author.photo.url
    page = {"@context": "https://schema.org", "@type": "ProfilePage", "mainEntity": about}
    return json_ld(page)


def front_graph(base: str, edition: str) -> list[dict]:
    identity = identity_of(edition)
    return [
        {"@context": "https://schema.org", **_organization(base, identity)},
        {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": identity.name,
            "url": f"{base}/{edition}/",
            "inLanguage": edition,
            "potentialAction": {
                "@type": "SearchAction",
                "target": f"{base}/{edition}/search/?q={{search_term_string}}",
                "query-input": "required name=search_term_string",
            },
        },
    ]


def article_social_tags(article, base: str, identity: Identity) -> SafeString:
    url = base + article.get_absolute_url()
    pairs = [
        ("property", "og:type", "article"),
        ("property", "og:site_name", identity.name),
        ("property", "og:title", article.title),
        ("property", "og:description", article.lead),
        ("property", "og:url", url),
        ("property", "og:locale", article.edition),
        ("property", "article:published_time", article.published_at.isoformat()),
        ("property", "article:modified_time", article.modified_at.isoformat()),
        ("property", "article:section", article.section.name),
        ("name", "twitter:card", "summary_large_image" if article.cover else "summary"),
        ("name", "twitter:title", article.title),
        ("name", "twitter:description", article.lead),
    ]
    if article.cover:
        image = base + article.cover.fallback_url
        pairs += [
            ("property", "og:image", image),
            ("property", "og:image:alt", article.cover.alt),
            ("name", "twitter:image", image),
        ]
    return mark_safe(
        "\n".join(format_markup('<meta {}="{}" content="{}">', *pair) for pair in pairs)
    )


def alternate_feed_link(title: str, url: str, kind: str = "rss") -> SafeString:
    mime = "application/rss+xml" if kind == "rss" else "application/atom+xml"
    return format_markup('<link rel="alternate" type="{}" title="{}" href="{}">', mime, title, url)


def site_root(request) -> str:
    """'https://news.example.az': what absolute links on a page start with."""
    return f"{request.scheme}://{request.get_host()}"


def article_metadata(request, article, translations=()) -> SafeString:
    """The article page's Open Graph and Twitter tags and its JSON-LD."""
    base = site_root(request)
    identity = identity_of(article.edition)  # read once: each read checks the header's version
    blocks = [article_social_tags(article, base, identity)]
    blocks += [json_ld(item) for item in article_graph(article, base, identity, translations)]
    return mark_safe("\n".join(blocks))


def front_metadata(request, edition: str) -> SafeString:
    base = site_root(request)
    return mark_safe("\n".join(json_ld(item) for item in front_graph(base, edition)))


@lru_cache(maxsize=4096)
def _feed_urls(name: str, language: str, slug: str) -> tuple[str, str] | None:
    """Every page links its feeds: reverse each pair once per edition and subject."""
    args = [slug] if slug else []
    try:
        return reverse(f"{name}-rss", args=args), reverse(f"{name}-atom", args=args)
    except NoReverseMatch:
        return None


def feed_links(kind: str = "", slug: str = "", title: str = "") -> SafeString:
    """<link rel=alternate> to the RSS and Atom feeds of the edition or of one subject."""
    prefix = f"{kind}-" if kind else ""
    urls = _feed_urls(f"syndication:{prefix}feed", get_language(), slug)
    if urls is None:
        return mark_safe("")
    rss, atom = urls
    name = identity_of(get_language()).name
    label = f"{name} — {title}" if title else name
    return mark_safe(
        alternate_feed_link(f"{label} (RSS)", rss)
        + alternate_feed_link(f"{label} (Atom)", atom, "atom")
    )
