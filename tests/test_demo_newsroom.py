"""`xeber demo` and `xeber generate`: what a newcomer and a load test start from."""

import io
import ipaddress
import re
import sys
from collections import Counter
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from xeber.editorial.models import AuditEntry, Revision
from xeber.embeds import markup
from xeber.embeds.models import Embed
from xeber.live.models import LiveCoverage, LiveEntry
from xeber.media.models import Gallery, Image
from xeber.news import demo_pictures
from xeber.news.models import Article, BreakingNews, Section
from xeber.rates.models import Rate

EDITIONS = ("ru", "az", "en")
# Network use the interpreter reports (PEP 578 audit events), recorded while a test listens.
NETWORK_EVENTS = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname"}
_heard: list | None = None


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


def _audit(event: str, args: tuple) -> None:
    if _heard is None or event not in NETWORK_EVENTS:
        return
    if event == "socket.connect":
        if not isinstance(args[1], tuple):
            return  # a Unix socket
        host = args[1][0]
    else:
        host = args[0]
    host = host.decode() if isinstance(host, bytes) else host
    if host and not _is_loopback(host):  # Redis or PostgreSQL on loopback may be used
        _heard.append((event, host))


sys.addaudithook(_audit)  # for the whole run (hooks cannot be removed); silent unless listening


@contextmanager
def network_use():
    """Every name lookup and socket connection beyond this machine made inside, as the
    interpreter reports it."""
    global _heard
    _heard = []
    try:
        yield _heard
    finally:
        _heard = None


def _public(edition: str):
    return Article.objects.published().filter(edition=edition)


class TheDemoNewsroom(TestCase):
    """One load of the demo (they take seconds: every picture gets its renditions), read by
    every test; each test's writes are rolled back."""

    @classmethod
    def setUpTestData(cls):
        out = io.StringIO()
        with network_use() as heard:
            call_command("demo", stdout=out)
        cls.output, cls.network_use = out.getvalue(), list(heard)

    def test_it_is_complete(self):
        assert "editor (editor), author (author), chief (chief); password xeber-demo-2026" in (
            self.output
        )
        editions = Counter(Article.objects.published().values_list("edition", flat=True))
        assert sum(editions.values()) >= 40 and editions["ru"] >= 25
        assert editions["az"] > 0 and editions["en"] > 0
        for edition in EDITIONS:
            assert Section.objects.filter(edition=edition).count() >= 6
            assert _public(edition).filter(is_main=True).exists()
        ru_sections = Article.objects.filter(edition="ru").values("section").distinct().count()
        assert ru_sections >= 6
        translated = Article.objects.exclude(translation_key=None).values("translation_key")
        assert translated.distinct().count() >= 3
        assert BreakingNews.objects.active().filter(edition="ru").count() == 2
        days = Rate.objects.filter(code="USD").values("date").distinct().count()
        assert days >= 20  # the working days of the last 30 days
        latest = Rate.objects.filter(code="USD", date__lte=timezone.localdate()).first()
        assert latest.display_value == "1.7000"
        assert all(article.tags.exists() for article in Article.objects.all())
        assert all(article.authors.exists() for article in Article.objects.all())

    def test_it_has_a_name_of_its_own_per_edition_a_footer_and_an_icon(self):
        from xeber.identity.models import EditionIdentity, Newsroom

        names = dict(EditionIdentity.objects.values_list("edition", "name"))
        assert names == {"ru": "Xeber Демо", "az": "Xeber Demo", "en": "Xeber Demo"}
        assert set(Newsroom.objects.get().icons) == {"32", "180", "192", "512"}
        front = self.client.get("/ru/").content.decode()
        assert "— Xeber Демо</title>" in front
        assert "Баку, улица Примерная, 1 (адрес вымышлен)" in front
        assert 'rel="apple-touch-icon"' in front

    def test_it_is_not_loaded_twice(self):
        media = (Image.objects.count(), Gallery.objects.count(), Embed.objects.count())
        out = io.StringIO()
        call_command("demo", stdout=out)
        assert "already has articles" in out.getvalue()
        assert Article.objects.count() == 45
        assert (Image.objects.count(), Gallery.objects.count(), Embed.objects.count()) == media

    def test_it_loads_without_the_network(self):
        assert self.network_use == []
        # What the providers would have said is in the rows, so no save asked them.
        assert Embed.objects.count() == 6
        for embed in Embed.objects.all():
            assert embed.described_at and embed.title and embed.problem == ""
            assert embed.thumbnail.variants

    def test_it_is_written_through_the_save_service(self):
        articles = Article.objects.count()
        assert Revision.objects.filter(number=1).count() == articles
        assert AuditEntry.objects.filter(action="created").count() == articles

    def test_every_edition_shows_a_video_and_a_post_from_other_sites(self):
        for edition in EDITIONS:
            bodies = _public(edition).values_list("body", flat=True)
            blocks = [block for body in bodies for block in markup.blocks(body)]
            assert {block.kind for block in blocks} == {"video", "post"}, edition
            assert all(block.title and block.thumbnail for block in blocks)
        providers = set(Embed.objects.values_list("provider", flat=True))
        assert providers == {"youtube", "telegram", "x"}

    def test_most_stories_have_a_drawn_cover_with_renditions(self):
        for edition in EDITIONS:
            articles = _public(edition)
            assert articles.exclude(cover=None).count() >= 0.8 * articles.count()
        for image in Image.objects.filter(pk__in=Article.objects.values("cover")):
            assert {variant["format"] for variant in image.variants} == {"webp", "jpeg"}
            assert image.alt and image.credit and image.width == demo_pictures.SIZE[0]

    def test_each_edition_has_a_photo_report_and_russian_a_gallery_in_a_story(self):
        credits = {"ru": "редакция Xeber", "az": "Xeber redaksiyası", "en": "Xeber newsroom"}
        words = {"ru": "Рисунок", "az": "Rəsm", "en": "Drawing"}  # the alt texts' language
        for edition in EDITIONS:
            report = _public(edition).get(kind=Article.Kind.PHOTO_REPORT)
            number = int(re.search(r'data-gallery="(\d+)"', report.body).group(1))
            items = list(Gallery.objects.get(pk=number).items.select_related("image"))
            assert len(items) >= 6 and report.cover == items[0].image
            for item in items:
                assert item.image.alt.startswith(words[edition]) and item.shown_caption
                assert item.image.credit.startswith(credits[edition])
        carpets = _public("ru").get(title__startswith="Музей ковра")
        assert carpets.kind == Article.Kind.ARTICLE and '<figure class="gallery"' in carpets.body

    def test_the_russian_pages_show_the_embeds_and_the_galleries(self):
        front = self.client.get("/ru/")
        assert front.status_code == 200
        assert '<span class="kind">Фоторепортаж</span>' in front.content.decode()
        titles = ("Баку примет", "Страны Каспийского", "Один день в горах", "Музей ковра")
        pages = {
            title: self.client.get(_public("ru").get(title__startswith=title).get_absolute_url())
            for title in titles
        }
        assert all(page.status_code == 200 for page in pages.values())
        html = {title: page.content.decode() for title, page in pages.items()}
        forum, ferries = html["Баку примет"], html["Страны Каспийского"]
        assert '<figure class="embed embed-video" data-provider="youtube">' in forum
        assert 'data-player="https://www.youtube-nocookie.com/embed/xbrForumRu1' in forum
        assert '<figure class="embed embed-post" data-provider="telegram">' in ferries
        assert '<div class="lead-gallery"><figure class="gallery"' in html["Один день в горах"]
        assert html["Музей ковра"].count("<li><a href=") >= 6

    def test_every_page_renders(self):
        for article in Article.objects.all():
            assert self.client.get(article.get_absolute_url()).status_code == 200
            assert self.client.get(article.get_text_url()).status_code == 200
        for section in Section.objects.all():
            assert self.client.get(section.get_absolute_url()).status_code == 200

    def test_it_shows_a_correction_and_author_profiles(self):
        page = self.client.get("/ru/corrections/").content.decode()
        assert "Правильно — 6 процентов." in page
        page = self.client.get("/ru/author/leyla-gasanova/").content.decode()
        assert "Обозреватель отдела экономики" in page
        assert '<a href="https://example.com/leyla-gasanova" rel="me">' in page

    def test_a_running_live_page_is_linked_from_the_russian_front_page(self):
        coverage = LiveCoverage.objects.select_related("article").get()
        article = coverage.article
        assert coverage.is_running and article.live == Article.Live.LIVE
        assert coverage.started_at == article.published_at
        entries = LiveEntry.objects.filter(article=article, deleted_at=None)
        assert entries.count() >= 10
        assert entries.values("author").distinct().count() == 2
        assert entries.filter(key_event=True).exclude(key_title="").count() == 2
        assert entries.filter(pinned=True).count() == 1
        # Posted over the hours since the page started, through the services (revisions).
        assert entries.earliest("posted_at").posted_at > coverage.started_at
        assert (timezone.now() - entries.earliest("posted_at").posted_at).seconds > 3 * 3600
        assert all(entry.revisions.exists() for entry in entries)

        front = self.client.get("/ru/").content.decode()
        url = article.get_absolute_url()
        assert f'<a href="{url}">{article.title}</a><span class="kind live-mark">Онлайн</span>' in (
            front
        )
        line = BreakingNews.objects.active().get(edition="ru", article=article)
        assert f'<a href="{url}">{line.text}</a>' in front

        page = self.client.get(url).content.decode()
        assert page.count('class="live-entry') >= 10 and "Паромы на Туркменбаши" in page
        answer = self.client.get(f"/ru/live/{article.pk}/entries.json?after=0")
        assert answer.status_code == 200
        assert len(answer.json()["entries"]) == entries.count()


def test_the_demo_pictures_are_the_same_for_the_same_seed():
    for style in demo_pictures.STYLES:
        first = demo_pictures.draw(style, 7)
        assert first.size == demo_pictures.SIZE
        assert first.tobytes() == demo_pictures.draw(style, 7).tobytes()
    assert (
        demo_pictures.draw("sea:dusk", 7).tobytes() != demo_pictures.draw("sea:dusk", 8).tobytes()
    )


@pytest.mark.django_db
def test_generate_creates_published_articles_with_tags(capsys):
    call_command("generate", "--articles", "2500")
    assert "2500 articles" in capsys.readouterr().out
    assert Article.objects.published().count() == 2500
    assert Article.tags.through.objects.count() == 5000
    call_command("generate", "--articles", "10")  # a second run adds, never collides
    assert Article.objects.count() == 2510
