"""Migrating a WordPress site brings its embeds and galleries over: embed providers and the
image host are loopback servers; the exports are written here."""

from __future__ import annotations

import io
import re
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from django.core.management import call_command
from PIL import Image as PillowImage

from tests.embed_providers import answer, provider_server
from tests.loopback import LoopbackServer, Route
from xeber.embeds.markup import blocks as embed_blocks
from xeber.media.models import Gallery, GalleryItem, Image
from xeber.news.models import Article
from xeber.syndication.importing import import_wxr
from xeber.syndication.wordpress import GalleryCode, to_body
from xeber.syndication.wxr import parse_wxr

pytestmark = pytest.mark.django_db
THEME_UNIT_TEST = Path(__file__).resolve().parents[2] / "shared/realworld"
THEME_UNIT_TEST /= "wordpress-theme-unit-test.wxr.xml"

SPEECH = "https://www.youtube.com/watch?v=Qm4xR7tLb2w"
DERBY = "https://youtu.be/Zp8dK3vNw1e"
FERRY = "https://vimeo.com/51234567"
STORM = "https://x.com/bakuweather/status/1800000000000000042"
MARKET = "https://www.youtube.com/watch?v=Hs2nT6cYq0a"
CHANNEL = "https://t.me/cityhall_news/512"
REGATTA = "https://vimeo.com/60012345"
CREDIT = "Leyla Hüseynova"
# The credit as WordPress serialises an image's metadata (lengths in bytes).
METADATA = (
    f'a:1:{{s:10:"image_meta";a:2:{{s:6:"credit";s:{len(CREDIT.encode())}:"{CREDIT}";'
    's:5:"title";s:0:"";}}'
)


# --- exports written here --------------------------------------------------------------
def meta(key: str, value) -> str:
    return (
        f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key>"
        f"<wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>"
    )


def post(wp_id: int, title: str, content: str, *, thumbnail: int | None = None) -> str:
    return f"""<item><title>{escape(title)}</title>
  <link>https://old.example/2024/05/{wp_id}/</link><dc:creator>editor</dc:creator>
  <content:encoded><![CDATA[{content}]]></content:encoded>
  <wp:post_id>{wp_id}</wp:post_id><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
  <wp:post_date_gmt>2024-05-01 10:00:00</wp:post_date_gmt>
  {meta("_thumbnail_id", thumbnail) if thumbnail else ""}</item>"""


def attachment(wp_id: int, url: str, *, title: str, caption="", alt="", metadata="",
               parent=0, order=0) -> str:  # fmt: skip
    metas = [("_wp_attachment_image_alt", alt), ("_wp_attachment_metadata", metadata)]
    return f"""<item><title>{escape(title)}</title>
  <excerpt:encoded><![CDATA[{caption}]]></excerpt:encoded>
  <wp:post_id>{wp_id}</wp:post_id><wp:post_type>attachment</wp:post_type>
  <wp:status>inherit</wp:status><wp:post_parent>{parent}</wp:post_parent>
  <wp:menu_order>{order}</wp:menu_order><wp:attachment_url>{url}</wp:attachment_url>
  {"".join(meta(key, value) for key, value in metas if value)}</item>"""


def export(tmp_path: Path, *items: str) -> Path:
    path = tmp_path / "site.xml"
    path.write_text(
        f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"
  xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><wp:wxr_version>1.2</wp:wxr_version>
{"".join(items)}
</channel></rss>""",
        encoding="utf-8",
    )
    return path


def embed_block(name: str, url: str, caption: str = "") -> str:
    """A block editor embed, as WordPress saves one."""
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return (
        f'<!-- wp:{name} {{"url":"{url}","type":"video"}} -->\n'
        f'<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\n{url}\n'
        f"</div>{figcaption}</figure>\n<!-- /wp:{name} -->"
    )


def photo(color: str, fmt: str = "JPEG", size=(900, 600)) -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, color).save(buffer, fmt)
    return buffer.getvalue()


@pytest.fixture
def providers(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with provider_server(settings) as server:
        yield server


@pytest.fixture
def host(providers):
    """The old site's image host: three harbour pictures and a sign-in page."""
    with LoopbackServer() as server:
        for path, color, fmt in [("pier.jpg", "#1d4e89", "JPEG"), ("boats.png", "#e3a72f", "PNG"),
                                 ("crane.jpg", "#5b8c5a", "JPEG")]:  # fmt: skip
            server.routes[f"/uploads/{path}"] = Route(
                photo(color, fmt), content_type=f"image/{fmt}"
            )
        page = b"<!doctype html><title>Sign in</title>"
        server.routes["/uploads/login.jpg"] = Route(page, content_type="text/html")
        yield server


def harbour(host, parent=0) -> list[str]:
    """Attachments 21-23, pictures of the harbour with WordPress's caption (the excerpt),
    alternative text and credit; 24 (missing), 25 (a web page), 26 (a sound)."""
    uploads = f"{host.url}/uploads"
    return [
        attachment(21, f"{uploads}/pier.jpg", title="pier", caption="The new pier at dawn",
                   alt="A long pier over calm water", metadata=METADATA, parent=parent, order=3),
        attachment(22, f"{uploads}/boats.png", title="Fishing boats", parent=parent, order=1,
                   caption="Boats back before the storm"),
        attachment(23, f"{uploads}/crane.jpg", title="crane", alt="A harbour crane",
                   parent=parent, order=2),
        attachment(24, f"{uploads}/gone.jpg", title="gone", parent=parent, order=4),
        attachment(25, f"{uploads}/login.jpg", title="login", parent=parent, order=5),
        attachment(26, f"{uploads}/siren.mp3", title="siren", parent=parent, order=6),
    ]  # fmt: skip


def imported(path: Path, **options):
    report = import_wxr(path, edition="en", **options)
    return report, {article.title: article for article in Article.objects.all()}


def gallery_of(article: Article) -> Gallery:
    return Gallery.objects.get(pk=re.search(r'data-gallery="(\d+)"', article.body).group(1))


def pictures(gallery: Gallery) -> list[str]:
    return [item.image.alt for item in gallery.items.order_by("position")]


# --- embeds ----------------------------------------------------------------------------
EMBED_FORMS = {
    "embed block": (embed_block("embed", SPEECH), SPEECH, "youtube"),
    "older embed block": (embed_block("core-embed/vimeo", FERRY), FERRY, "vimeo"),
    "embed shortcode": (f'Watch:\n[embed width="640"]{STORM}[/embed]', STORM, "x"),
    "youtube shortcode": (f"[youtube {DERBY}]", DERBY, "youtube"),
    "jetpack youtube shortcode": (f"[youtube={MARKET}&amp;w=640&amp;h=360]", MARKET, "youtube"),
    "address on its own line": (f"At noon:\n{CHANNEL}\nMore soon.", CHANNEL, "telegram"),
    "address in a paragraph of its own": (f'Sails:\n<p class="x">{REGATTA}</p>', REGATTA, "vimeo"),
}


@pytest.mark.parametrize("form", EMBED_FORMS)
def test_each_wordpress_embed_form_becomes_an_embed(providers, tmp_path, form):
    content, url, provider = EMBED_FORMS[form]
    if provider != "telegram":  # Telegram posts are embedded from their address alone
        answer(providers, url, title="Harbour news")
    report, articles = imported(
        export(tmp_path, post(10, "Harbour day", f"Before the clip.\n\n{content}\n\nAfter it."))
    )

    body = articles["Harbour day"].body
    [embed] = embed_blocks(body)
    assert embed.provider == provider and (provider == "telegram" or embed.title == "Harbour news")
    assert re.search(r"<xeber-embed [^>]+><p>https://[^<\s]+</p></xeber-embed>", body)
    assert body.startswith("<p>Before the clip.</p>") and body.endswith("<p>After it.</p>")
    assert "[" not in body
    assert report.counts["embed"] == {"found": 1, "embedded": 1}


def test_an_address_no_provider_embeds_stays_a_link_and_is_counted(providers, tmp_path):
    answer(providers, SPEECH)
    content = f"{SPEECH}\n\nhttps://news.example.org/2024/05/harbour-plan/\n\nText."
    report, articles = imported(export(tmp_path, post(10, "Plans", content)))
    assert "<p>https://news.example.org/2024/05/harbour-plan/</p>" in articles["Plans"].body
    assert report.counts["embed"] == {"found": 2, "embedded": 1, "kept as links": 1}


def test_an_embed_block_keeps_its_caption_below_the_embed(providers, tmp_path):
    answer(providers, SPEECH)
    block = embed_block("embed", SPEECH, caption="The governor, live")
    _, articles = imported(export(tmp_path, post(10, "Live", block)))
    assert articles["Live"].body.endswith("</xeber-embed><p>The governor, live</p>")


# --- galleries -------------------------------------------------------------------------
def test_a_gallery_with_fetch_media_becomes_an_ordered_gallery_on_the_page(host, tmp_path, client):
    content = 'The harbour reopened today.\n\n[gallery ids="23,21,22" columns="3"]\n\nMore soon.'
    report, articles = imported(
        export(tmp_path, post(10, "Harbour reopens", content), *harbour(host)), fetch_media=True
    )

    article = articles["Harbour reopens"]
    gallery = Gallery.objects.get()
    assert article.body.startswith(
        f'<p>The harbour reopened today.</p><figure class="gallery" data-gallery="{gallery.pk}">'
    )
    items = list(GalleryItem.objects.filter(gallery=gallery).select_related("image"))
    assert [item.position for item in items] == [1, 2, 3]
    assert [(i.image.alt, i.shown_caption, i.image.credit) for i in items] == [
        ("A harbour crane", "", ""),
        ("A long pier over calm water", "The new pier at dawn", "Leyla Hüseynova"),
        ("Fishing boats", "Boats back before the storm", ""),
    ]
    assert all(item.image.variants for item in items)  # renditions for srcset

    page = client.get(article.get_absolute_url()).content.decode()
    shown = page[page.index('<figure class="gallery"') :]
    alts = re.findall(r'<img [^>]*alt="([^"]*)"', shown[: shown.index("</figure>")])
    assert alts == ["A harbour crane", "A long pier over calm water", "Fishing boats"]
    assert 'The new pier at dawn <span class="credit">Photo: Leyla Hüseynova</span>' in shown
    assert report.counts["gallery"] == {"created": 1}
    assert report.counts["gallery image"] == {"fetched": 3}


def test_block_galleries_and_shortcodes_share_one_image_per_attachment(host, tmp_path):
    # Since WordPress 5.9 a gallery block holds image blocks; before, it listed their ids.
    images = "\n\n".join(
        f'<!-- wp:image {{"id":{pk},"sizeSlug":"large"}} -->\n<figure class="wp-block-image">'
        f'<img src="https://old.example/{pk}.jpg" alt="" class="wp-image-{pk}"/></figure>\n'
        "<!-- /wp:image -->"
        for pk in (22, 21)
    )
    nested = (
        f'<!-- wp:gallery {{"linkTo":"none"}} -->\n<figure>{images}</figure>\n<!-- /wp:gallery -->'
    )
    listed = '<!-- wp:gallery {"ids":[23,22]} -->\n<figure></figure>\n<!-- /wp:gallery -->'
    paragraph = "<!-- wp:paragraph -->\n<p>Boats.</p>\n<!-- /wp:paragraph -->"
    posts = [post(10, "Boats", f"{paragraph}\n\n{nested}"),
             post(11, "Cranes", f"{listed}\n\nCranes.", thumbnail=21)]  # fmt: skip
    report, articles = imported(export(tmp_path, *posts, *harbour(host)), fetch_media=True)

    boats, cranes = gallery_of(articles["Boats"]), gallery_of(articles["Cranes"])
    assert pictures(boats) == ["Fishing boats", "A long pier over calm water"]
    assert pictures(cranes) == ["A harbour crane", "Fishing boats"]
    assert articles["Boats"].body.startswith('<p>Boats.</p><figure class="gallery"')
    assert articles["Cranes"].cover.alt == "A long pier over calm water"
    assert Image.objects.count() == 3 and len(host.requests) == 3  # each fetched once
    assert report.counts["gallery image"] == {"fetched": 3, "reused": 1}
    assert report.counts["cover"] == {"reused": 1}


def test_a_gallery_without_ids_shows_the_posts_pictures_in_their_order(host, tmp_path):
    _, articles = imported(
        export(tmp_path, post(30, "Our harbour", "[gallery]\n\nText."), *harbour(host, parent=30)),
        fetch_media=True,
    )
    gallery = gallery_of(articles["Our harbour"])
    # By WordPress's menu order; the sound is no picture, 24 and 25 fail.
    assert pictures(gallery) == ["Fishing boats", "A harbour crane", "A long pier over calm water"]
    assert "/uploads/siren.mp3" not in host.requests


def test_without_fetch_media_a_gallery_is_dropped_and_reported(host, tmp_path, capsys):
    path = export(tmp_path, post(10, "Harbour", 'Before.\n\n[gallery ids="21,22"]\n\nAfter.'),
                  *harbour(host))  # fmt: skip
    call_command("import-wxr", str(path), "--edition", "en")

    assert Article.objects.get().body == "<p>Before.</p><p>After.</p>"
    assert not Gallery.objects.exists() and not Image.objects.exists() and host.requests == []
    assert "gallery: dropped (without --fetch-media) 1" in capsys.readouterr().out


def test_attachments_that_404_or_are_web_pages_are_reported_and_the_rest_imported(
    host, tmp_path, capsys
):
    path = export(
        tmp_path,
        post(10, "Storm", '[gallery ids="24,22,25,99"]\n\nThe storm passed.', thumbnail=24),
        post(11, "Damage", '[gallery ids="25,24"]\n\nRoofs were lost.'),
        *harbour(host),
    )
    call_command("import-wxr", str(path), "--edition", "en", "--fetch-media")
    out = capsys.readouterr().out

    storm, damage = Article.objects.get(title="Storm"), Article.objects.get(title="Damage")
    assert pictures(gallery_of(storm)) == ["Fishing boats"]
    assert storm.cover is None and damage.body == "<p>Roofs were lost.</p>"
    assert "media failure: not an image 1, not fetched 1" in out  # each address tried once
    assert "gallery: created 1, dropped (no picture could be fetched) 1" in out
    assert "gallery image: fetched 1, not in the export 1" in out
    assert "post: imported 2" in out
    assert host.requests.count("/uploads/gone.jpg") == 1


def test_the_report_counts_embeds_and_galleries(host, providers, tmp_path, capsys):
    answer(providers, SPEECH)
    answer(providers, FERRY)
    content = (
        f'{SPEECH}\n\n[embed]{FERRY}[/embed]\n\n[gallery ids="21,23"]\n\nhttps://example.org/page'
    )
    path = export(tmp_path, post(10, "Day", content), *harbour(host))
    call_command("import-wxr", str(path), "--edition", "en", "--fetch-media")
    out = capsys.readouterr().out.splitlines()
    assert "embed: embedded 2, found 3, kept as links 1" in out
    assert "gallery: created 1" in out and "gallery image: fetched 2" in out
    assert not any(line.startswith("media failure") for line in out)


def test_a_second_import_keeps_the_galleries_it_made(host, tmp_path):
    path = export(tmp_path, post(10, "Harbour", '[gallery ids="21,22"]\n\nText.'), *harbour(host))
    import_wxr(path, edition="en", fetch_media=True)
    asked = len(host.requests)
    report = import_wxr(path, edition="en", fetch_media=True)
    assert Gallery.objects.count() == 1 and Image.objects.count() == 2
    assert len(host.requests) == asked
    assert report.counts["gallery"] == {"kept": 1} and report.counts["post"] == {"updated": 1}
    assert 'data-gallery="' in Article.objects.get().body


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ('[gallery ids="5, 3,4" columns=2]', GalleryCode((5, 3, 4))),
        ("[gallery include='7,8']", GalleryCode((7, 8))),
        ("[gallery id=12 columns=2]", GalleryCode((), 12)),
        ("[gallery]", GalleryCode()),
        ('<!-- wp:gallery {"ids":["9","6"]} -->\n<figure></figure>\n<!-- /wp:gallery -->',
         GalleryCode((9, 6))),
        ('<!-- wp:gallery {"ids":[]} -->\n<figure><ul><li><img data-id="4" class="wp-image-4">'
         '</li><li><img data-id="2" class="wp-image-2"></li></ul></figure>\n<!-- /wp:gallery -->',
         GalleryCode((4, 2))),
    ],
)  # fmt: skip
def test_gallery_codes_are_read_as_wordpress_reads_them(content, code):
    found = []
    body = to_body(f"Text.\n\n{content}\n\nEnd.", gallery=lambda c: found.append(c) or "<p>G</p>")
    assert found == [code] and body == "<p>Text.</p><p>G</p><p>End.</p>"


# --- the WordPress project's own test export ---------------------------------------------
@pytest.fixture
def theme_unit_test():
    if not THEME_UNIT_TEST.exists():
        pytest.skip(f"{THEME_UNIT_TEST} is absent (see ../shared/realworld/README.md)")
    return THEME_UNIT_TEST


def test_the_theme_unit_test_reports_its_embeds_and_galleries(theme_unit_test, providers):
    report, articles = imported(theme_unit_test)
    # Three addresses on a line of their own (YouTube, a tweet, WordPress.tv) and five embed
    # blocks (a tweet, YouTube, Facebook, Instagram, WordPress.tv): no provider of ours
    # embeds WordPress.tv.
    assert report.counts["embed"] == {"found": 8, "embedded": 6, "kept as links": 2}
    providers_seen = {block.provider for a in articles.values() for block in embed_blocks(a.body)}
    assert providers_seen == {"youtube", "x", "facebook", "instagram"}
    # Ten [gallery] codes in "Post Format: Gallery", eight blocks in "Block: Gallery", one in
    # each of four more posts.
    assert report.counts["gallery"] == {"dropped (without --fetch-media)": 22}
    assert not Gallery.objects.exists()


def test_the_theme_unit_test_with_its_media_on_loopback(theme_unit_test, providers, tmp_path):
    with LoopbackServer() as host:
        text = theme_unit_test.read_text(encoding="utf-8")
        copy = tmp_path / "theme.xml"
        copy.write_text(text.replace("https://wpthemetestdata.files.wordpress.com", host.url))
        attachments = [i for i in parse_wxr(copy).items if i.kind == "attachment"]
        for number, item in enumerate(attachments):
            colour = f"#{number * 7 % 256:02x}60a0"
            host.routes[item.attachment_url.removeprefix(host.url)] = Route(
                photo(colour, size=(240, 160)), content_type="image/jpeg"
            )
        report, articles = imported(copy, fetch_media=True)

    assert report.counts["gallery"] == {"created": 22} and Gallery.objects.count() == 22
    assert "media failure" not in report.counts
    # One image per picture, whatever shows it; the video and the sound are never asked for.
    pictures_only = [item for item in attachments if item.attachment_url.endswith((".jpg", ".gif"))]
    assert len(pictures_only) == len(attachments) - 2
    assert Image.objects.count() == len(pictures_only) == len(host.requests)
    assert report.counts["gallery image"]["fetched"] + report.counts["cover"]["fetched"] == len(
        pictures_only
    )
    shown = re.findall(r'data-gallery="(\d+)"', articles["Post Format: Gallery"].body)
    assert len(shown) == 10  # its [gallery] codes, each of the post's own pictures
    assert all(GalleryItem.objects.filter(gallery_id=pk).count() >= 2 for pk in shown)
