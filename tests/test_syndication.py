"""Feeds, sitemaps, robots.txt and structured data, checked by real parsers."""

import datetime as dt
import json
import re
from pathlib import Path

import feedparser
import pytest
from django.utils import timezone
from lxml import etree

from tests.factories import article_edit, make_article

pytestmark = pytest.mark.django_db
SITEMAP_XSD = Path(__file__).resolve().parents[2] / "shared" / "realworld" / "sitemap.xsd"
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


def parsed_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    etree.fromstring(response.content)  # well-formed XML
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


@pytest.mark.parametrize(
    "url",
    [
        "/ru/feed/rss/",
        "/ru/feed/atom/",
        "/ru/section/politics/feed/rss/",
        "/ru/section/politics/feed/atom/",
        "/ru/tag/baku/feed/rss/",
        "/ru/tag/baku/feed/atom/",
        "/ru/author/leyla-gasanova/feed/rss/",
        "/ru/author/leyla-gasanova/feed/atom/",
    ],
)
def test_every_feed_parses_without_errors(client, newsroom, url):
    feed = parsed_feed(client, url)
    titles = [entry.title for entry in feed.entries]
    assert newsroom.main.title in titles
    assert newsroom.draft.title not in titles and newsroom.future.title not in titles


def test_feed_items_carry_lead_dates_guid_and_full_text_on_request(client, newsroom):
    entry = next(
        e for e in parsed_feed(client, "/ru/feed/rss/").entries if e.title == newsroom.main.title
    )
    assert entry.summary == newsroom.main.lead
    assert entry.id.endswith(newsroom.main.get_absolute_url())
    assert entry.published_parsed[:3] == newsroom.main.published_at.utctimetuple()[:3]
    assert "content" not in entry
    full = next(
        e
        for e in parsed_feed(client, "/ru/feed/rss/?full=1").entries
        if e.title == newsroom.main.title
    )
    assert "Депутаты проголосовали" in full.content[0].value


def test_cover_images_go_out_as_enclosures(client, newsroom, settings, tmp_path):
    from tests.test_media_images import picture
    from xeber.media.services import image_upload

    settings.MEDIA_ROOT = tmp_path
    article_edit(newsroom.main, cover=image_upload(upload=picture(), alt="Зал"))
    entry = next(
        e for e in parsed_feed(client, "/ru/feed/rss/").entries if e.title == newsroom.main.title
    )
    enclosure = entry.enclosures[0]
    assert enclosure.type == "image/jpeg" and int(enclosure.length) > 0


def test_pages_link_their_feeds(client, newsroom):
    assert 'type="application/rss+xml"' in client.get("/ru/").content.decode()
    section = client.get("/ru/section/politics/").content.decode()
    assert 'href="/ru/section/politics/feed/rss/"' in section


def test_unknown_feed_subjects_are_404(client, newsroom):
    assert client.get("/ru/section/nope/feed/rss/").status_code == 404


def _validate_sitemap(content: bytes):
    if not SITEMAP_XSD.exists():
        pytest.skip(f"{SITEMAP_XSD} is absent")
    schema = etree.XMLSchema(etree.parse(str(SITEMAP_XSD)))
    document = etree.fromstring(content)
    # The sitemaps.org schema checks its own elements; extensions have their own checks.
    for foreign in document.xpath("//xhtml:link | //news:news", namespaces=NS):
        foreign.getparent().remove(foreign)
    schema.assertValid(document)


def test_sitemap_index_lists_edition_sitemaps_that_validate(client, newsroom):
    index = etree.fromstring(client.get("/sitemap.xml").content)
    locations = index.xpath("//sm:sitemap/sm:loc/text()", namespaces=NS)
    assert any("sitemap-articles-ru.xml" in loc for loc in locations)
    for location in locations:
        response = client.get(location.replace("http://testserver", ""))
        assert response.status_code == 200
        _validate_sitemap(response.content)


def test_article_sitemap_has_hreflang_alternates_for_translations(client, newsroom):
    document = etree.fromstring(client.get("/sitemap-articles-ru.xml").content)
    urls = document.xpath("//sm:url", namespaces=NS)
    main = next(u for u in urls if newsroom.main.slug in u.findtext("sm:loc", namespaces=NS))
    links = main.xpath("xhtml:link", namespaces=NS)
    alternates = {link.get("hreflang"): link.get("href") for link in links}
    assert set(alternates) == {"ru", "az"}  # Google: every version lists all, itself included
    assert alternates["az"].endswith(newsroom.main_az.get_absolute_url())
    assert newsroom.draft.slug not in etree.tostring(document).decode()


def test_google_news_sitemap_follows_googles_rules(client, newsroom):
    make_article(
        newsroom.politics,
        title="Старая новость",
        published_at=timezone.now() - dt.timedelta(hours=49),
    )
    response = client.get("/sitemap-news.xml")
    _validate_sitemap(response.content)
    document = etree.fromstring(response.content)
    urls = document.xpath("//sm:url", namespaces=NS)
    assert 0 < len(urls) <= 1000
    for url in urls:
        news = url.find("news:news", NS)
        assert news.findtext("news:publication/news:name", namespaces=NS) == "Xeber"
        assert news.findtext("news:publication/news:language", namespaces=NS) in {"ru", "az", "en"}
        assert news.findtext("news:title", namespaces=NS)
        published = dt.datetime.fromisoformat(news.findtext("news:publication_date", namespaces=NS))
        assert timezone.now() - published <= dt.timedelta(hours=48)
    assert "Старая новость" not in response.content.decode()


def test_robots_txt_points_at_the_sitemaps(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text and "Disallow: /admin/" in text


def _json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_articles_carry_news_article_and_breadcrumbs(client, newsroom):
    html = client.get(newsroom.main.get_absolute_url()).content.decode()
    graph = {item["@type"]: item for item in _json_ld(html)}
    news = graph["NewsArticle"]
    for required in (
        "headline",
        "datePublished",
        "dateModified",
        "author",
        "publisher",
        "articleSection",
        "mainEntityOfPage",
    ):
        assert news[required], required
    assert news["headline"] == newsroom.main.title
    assert news["author"][0]["name"] == "Лейла Гасанова"
    assert [i["position"] for i in graph["BreadcrumbList"]["itemListElement"]] == [1, 2, 3]
    assert '<meta property="og:title" content="Парламент одобрил новый закон о медиа">' in html
    assert '<meta name="twitter:card"' in html and 'rel="canonical"' in html


def test_front_page_carries_organization_and_site_search(client, newsroom):
    graph = {item["@type"]: item for item in _json_ld(client.get("/ru/").content.decode())}
    assert graph["NewsMediaOrganization"]["name"] == "Xeber"
    action = graph["WebSite"]["potentialAction"]
    assert action["@type"] == "SearchAction" and "{search_term_string}" in action["target"]


def test_json_ld_cannot_be_closed_by_a_title(client, newsroom):
    article_edit(newsroom.main, title="</script><script>alert(1)</script>")
    html = client.get(newsroom.main.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html
    assert any(item.get("headline", "").startswith("</script>") for item in _json_ld(html))
