"""Migrating a WordPress site: the WordPress project's own test export, and hostile files."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.bulletins import ENTITY_BOMB, EXTERNAL_ENTITY
from tests.embed_providers import provider_server
from xeber.news.models import Article, Author, Section, Tag
from xeber.syndication.importing import import_wxr
from xeber.syndication.wordpress import autop, strip_shortcodes
from xeber.syndication.wxr import WxrError, parse_wxr

pytestmark = pytest.mark.django_db
THEME_UNIT_TEST = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "realworld"
    / ("wordpress-theme-unit-test.wxr.xml")
)


@pytest.fixture
def export_file(settings):
    if not THEME_UNIT_TEST.exists():
        pytest.skip(f"{THEME_UNIT_TEST} is absent (see ../shared/realworld/README.md)")
    with provider_server(settings):  # its embeds' providers on loopback, not the internet
        yield THEME_UNIT_TEST


def test_every_item_of_the_theme_unit_test_is_accounted_for(export_file):
    export = parse_wxr(export_file)
    report = import_wxr(export_file, edition="en")
    for kind in ("post", "page", "attachment", "nav_menu_item"):
        expected = sum(item.kind == kind for item in export.items)
        assert report.total(kind) == expected, (kind, report.lines())
    posts = [item for item in export.items if item.kind == "post"]
    importable = [p for p in posts if p.status in {"publish", "future", "draft", "pending"}]
    assert report.counts["post"]["imported"] == len(importable)
    assert Article.objects.count() == len(importable)
    assert Section.objects.filter(edition="en").count() >= len(export.categories)
    assert Tag.objects.filter(edition="en").count() == len(export.tags)
    assert Author.objects.count() == len(export.authors)


def test_statuses_map_to_the_workflow(export_file):
    import_wxr(export_file, edition="en")
    draft = Article.objects.get(title="Draft")
    assert draft.state == "draft"
    scheduled = Article.objects.get(title="Scheduled")
    assert scheduled.state == "scheduled"
    assert Article.objects.published().filter(title="Post Format: Standard").exists()


def test_bodies_are_paragraphs_without_shortcodes_or_scripts(export_file):
    import_wxr(export_file, edition="en")
    for article in Article.objects.all():
        assert "[caption" not in article.body and "<script" not in article.body.lower()
        assert "<!--more-->" not in article.body
    standard = Article.objects.get(title="Post Format: Standard")
    assert standard.body.startswith("<p>All children, except one, grow up.")


def test_running_the_same_file_again_updates_instead_of_duplicating(export_file):
    first = import_wxr(export_file, edition="en")
    count = Article.objects.count()
    second = import_wxr(export_file, edition="en")
    assert Article.objects.count() == count
    assert second.counts["post"]["updated"] == first.counts["post"]["imported"]


def test_old_wordpress_links_redirect_permanently(export_file, client):
    import_wxr(export_file, edition="en")
    response = client.get("/2010/10/05/post-format-standard/")
    article = Article.objects.get(title="Post Format: Standard")
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()
    assert client.get("/2010/10/05/no-such-post/").status_code == 404


def test_the_command_prints_the_report(export_file, capsys):
    call_command("import-wxr", str(export_file), "--edition", "en")
    out = capsys.readouterr().out
    assert "post: imported" in out and "page: skipped (pages are not news articles) 21" in out


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"<rss><channel><title>Just RSS</title></channel></rss>", "not a WordPress export"),
        (b"<html><body>nope</body></html>", "not a WordPress export"),
        (ENTITY_BOMB, "unsafe XML"),
        (EXTERNAL_ENTITY, "unsafe XML"),
        (
            b'<?xml version="1.0" encoding="UTF-8"?><rss><channel>\xff\xfe</channel></rss>',
            "not well-formed",
        ),
        (
            b'<?xml version="1.0"?><rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">'
            b"<channel><wp:wxr_version>1.2</wp:wxr_version><item><title>Cut",
            "not well-formed",
        ),
    ],
)
def test_hostile_or_foreign_files_import_nothing(tmp_path, content, words):
    path = tmp_path / "export.xml"
    path.write_bytes(content)
    with pytest.raises(CommandError) as caught:
        call_command("import-wxr", str(path))
    assert words in str(caught.value) and "nothing imported" in str(caught.value)
    assert not Article.objects.exists() and not Section.objects.exists()


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    from xeber.syndication import wxr

    path = tmp_path / "huge.xml"
    path.write_bytes(b"<rss>" + b" " * 2048 + b"</rss>")
    monkeypatch.setattr(wxr, "MAX_BYTES", 1024)
    with pytest.raises(WxrError, match="over the 0 MB limit"):
        parse_wxr(path)


def test_wordpress_markup_becomes_clean_paragraphs():
    text = (
        'One\nline two\n\n[caption id="x" align="alignleft"]<img src="a.jpg" alt="A"> '
        'Port at dawn[/caption]\n\n[gallery ids="1,2"]\n\nLast'
    )
    html = autop(strip_shortcodes(text))
    assert html.startswith("<p>One<br>line two</p>")
    assert '<figure><img src="a.jpg" alt="A"><figcaption>Port at dawn</figcaption></figure>' in html
    assert "gallery" not in html and html.endswith("<p>Last</p>")


def test_fetch_media_downloads_covers_through_the_http_client(bank, tmp_path, settings):
    from tests.loopback import Route
    from tests.test_media_images import picture

    settings.MEDIA_ROOT = tmp_path / "media"
    bank.routes["/uploads/port.jpg"] = Route(picture().read(), content_type="image/jpeg")
    export = tmp_path / "site.xml"
    export.write_text(
        f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><wp:wxr_version>1.2</wp:wxr_version>
<item><title>Порт в Баку</title><link>https://old.example/2024/port/</link>
  <dc:creator>editor</dc:creator><content:encoded><![CDATA[Первый абзац.

Второй абзац.]]></content:encoded><wp:post_id>10</wp:post_id><wp:status>publish</wp:status>
  <wp:post_type>post</wp:post_type><wp:post_date_gmt>2024-05-01 10:00:00</wp:post_date_gmt>
  <wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>11</wp:meta_value></wp:postmeta></item>
<item><title>Порт</title><wp:post_id>11</wp:post_id><wp:post_type>attachment</wp:post_type>
  <wp:status>inherit</wp:status><wp:attachment_url>{bank.url}/uploads/port.jpg</wp:attachment_url></item>
</channel></rss>""",
        encoding="utf-8",
    )
    report = import_wxr(export, edition="ru", fetch_media=True)
    article = Article.objects.get()
    assert article.body == "<p>Первый абзац.</p><p>Второй абзац.</p>"
    assert article.cover is not None and article.cover.alt == "Порт"
    assert report.counts["cover"]["fetched"] == 1
