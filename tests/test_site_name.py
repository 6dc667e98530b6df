"""The newsroom's name is the SITE_NAME setting wherever readers, feed readers and search
engines see it; "Xeber" stays only in the engine's credit in the footer."""

import json

import feedparser
import lxml.html
import pytest
from django.test import override_settings
from lxml import etree

pytestmark = pytest.mark.django_db
NEWS = {"news": "http://www.google.com/schemas/sitemap-news/0.9"}


def page(client, path: str):
    response = client.get(path)
    assert response.status_code == 200, path
    document = lxml.html.fromstring(response.content)
    for footer in document.xpath("//footer"):  # "Powered by Xeber": the engine's credit
        footer.drop_tree()
    assert "Xeber" not in lxml.html.tostring(document, encoding="unicode"), path
    return document


def json_ld(document) -> list[dict]:
    return [
        json.loads(script.text)
        for script in document.xpath('//script[@type="application/ld+json"]')
    ]


@override_settings(SITE_NAME="Haqqin")
def test_pages_feeds_and_structured_data_carry_the_site_name(client, newsroom):
    front = page(client, "/ru/")
    assert front.findtext(".//title").endswith("— Haqqin")
    assert front.xpath('string(//*[@class="brand"])').strip() == "Haqqin"
    assert {item["name"] for item in json_ld(front)} == {"Haqqin"}

    article = page(client, newsroom.main.get_absolute_url())
    assert article.xpath('//meta[@property="og:site_name"]/@content') == ["Haqqin"]
    news_article, breadcrumbs = json_ld(article)
    assert news_article["publisher"]["name"] == "Haqqin"
    assert breadcrumbs["itemListElement"][0]["name"] == "Haqqin"

    feed = feedparser.parse(client.get("/ru/feed/rss/").content)
    assert feed.feed.title.startswith("Haqqin — ")
    news_sitemap = etree.fromstring(client.get("/sitemap-news.xml").content)
    assert set(news_sitemap.xpath("//news:publication/news:name/text()", namespaces=NEWS)) == {
        "Haqqin"
    }
