"""Agency feeds into drafts: deduplicated, sanitised, credited; hostile feeds import nothing."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.bulletins import ENTITY_BOMB, EXTERNAL_ENTITY
from tests.factories import make_section
from tests.loopback import Route
from xeber.news.models import Article
from xeber.syndication.models import FeedSubscription

pytestmark = pytest.mark.django_db

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Агентство «Каспий»</title><link>https://agency.example/</link>
<item><title>Открылась навигация на Каспии</title><link>https://agency.example/1</link>
  <guid>agency-1</guid><pubDate>Tue, 24 Nov 2026 09:30:00 +0400</pubDate>
  <description>&lt;p&gt;Паромы вышли в рейс.&lt;/p&gt;
  &lt;script&gt;alert(1)&lt;/script&gt;</description></item>
<item><title>В порту новый кран</title><link>https://agency.example/2</link>
  <pubDate>Tue, 24 Nov 2026 10:00:00 +0400</pubDate>
  <description>Кран поднял первый контейнер.</description></item>
</channel></rss>""".encode()
ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Partner wire</title><id>urn:partner</id>
<updated>2026-11-24T10:00:00Z</updated>
<entry><title>Baku hosts a trade forum</title><id>urn:partner:7</id>
  <link href="https://partner.example/7"/><updated>2026-11-24T10:00:00Z</updated>
  <content type="html">&lt;p&gt;Delegations from 24 countries.&lt;/p&gt;
  &lt;img src=x onerror=alert(1)&gt;</content></entry>
</feed>"""


@pytest.fixture
def politics():
    make_section("ru", "Политика", "politics")
    return make_section("en", "Politics", "politics")


def test_rss_items_become_sanitised_credited_drafts(bank, politics, capsys):
    bank.routes["/rss"] = Route(RSS, content_type="application/rss+xml")
    call_command("import-feed", f"{bank.url}/rss")
    assert "2 imported, 0 already there" in capsys.readouterr().out
    first = Article.objects.get(title="Открылась навигация на Каспии")
    assert first.state == "draft" and first.source == "Агентство «Каспий»"
    assert "Паромы вышли в рейс." in first.body and "<script" not in first.body
    assert first.published_at.isoformat().startswith("2026-11-24T05:30")


def test_the_same_items_are_never_imported_twice(bank, politics, capsys):
    bank.routes["/rss"] = Route(RSS)
    call_command("import-feed", f"{bank.url}/rss")
    call_command("import-feed", f"{bank.url}/rss")
    assert "0 imported, 2 already there" in capsys.readouterr().out
    assert Article.objects.count() == 2


def test_atom_and_publishing_on_request(bank, politics):
    bank.routes["/atom"] = Route(ATOM, content_type="application/atom+xml")
    call_command("import-feed", f"{bank.url}/atom", "--edition", "en", "--publish")
    article = Article.objects.get()
    assert article.is_public and article.edition == "en" and "onerror" not in article.body


@pytest.mark.parametrize(
    ("route", "words"),
    [
        (Route(ENTITY_BOMB), "unsafe XML"),
        (Route(EXTERNAL_ENTITY), "unsafe XML"),
        (Route(RSS[:400]), "not well-formed"),
        (
            Route("<rss><channel><title>Ä</title></channel></rss>".encode("latin-1")),
            "not well-formed",
        ),
        (Route(b""), "empty"),
        (Route(b"x" * 300_000), "larger than"),
        (Route(b"gone", 500), "HTTP 500"),
    ],
)
def test_hostile_or_broken_feeds_import_nothing(bank, politics, settings, route, words):
    settings.FETCH_MAX_BYTES = 200_000
    bank.routes["/feed"] = route
    with pytest.raises(CommandError) as caught:
        call_command("import-feed", f"{bank.url}/feed")
    assert words in str(caught.value) and "nothing imported" in str(caught.value)
    assert not Article.objects.exists()


def test_private_and_loopback_addresses_are_refused_by_default(bank, politics, settings):
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = False
    bank.routes["/rss"] = Route(RSS)
    with pytest.raises(CommandError, match="private or local address"):
        call_command("import-feed", f"{bank.url}/rss")
    with pytest.raises(CommandError, match="only http and https"):
        call_command("import-feed", "file:///etc/passwd")


def test_subscriptions_are_polled_and_their_outcome_kept(bank, politics, capsys):
    bank.routes["/rss"] = Route(RSS)
    good = FeedSubscription.objects.create(url=f"{bank.url}/rss", edition="en", section=politics)
    bad = FeedSubscription.objects.create(url=f"{bank.url}/missing", edition="en", section=politics)
    call_command("import-feed", "--subscriptions")
    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.last_outcome == "2 imported, 0 already there"
    assert bad.last_outcome.startswith("failed:") and "HTTP 404" in bad.last_outcome
