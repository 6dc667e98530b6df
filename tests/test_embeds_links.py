"""Which pasted links are whose posts and videos, and which player plays them: read from the
address alone, without a request."""

import pytest

from xeber.embeds import oembed, providers
from xeber.embeds.providers import LinkRefused


@pytest.mark.parametrize(
    ("link", "provider", "canonical", "player"),
    [
        ("https://youtu.be/dQw4w9WgXcQ?t=42", "youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
         "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"),
        ("https://m.youtube.com/watch?v=dQw4w9WgXcQ&list=x", "youtube",
         "https://www.youtube.com/watch?v=dQw4w9WgXcQ", None),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "youtube",
         "https://www.youtube.com/watch?v=dQw4w9WgXcQ", None),
        ("https://vimeo.com/76979871", "vimeo", "https://vimeo.com/76979871",
         "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1"),
        ("https://vimeo.com/76979871/8a7b6c5d4e", "vimeo", "https://vimeo.com/76979871/8a7b6c5d4e",
         "https://player.vimeo.com/video/76979871?h=8a7b6c5d4e&autoplay=1&dnt=1"),
        ("https://twitter.com/Newsroom/status/1790000000000000001?s=20", "x",
         "https://x.com/Newsroom/status/1790000000000000001",
         "https://platform.twitter.com/embed/Tweet.html?id=1790000000000000001&dnt=true"),
        ("https://www.instagram.com/p/C1a2b3c4d5/", "instagram",
         "https://www.instagram.com/p/C1a2b3c4d5/", "https://www.instagram.com/p/C1a2b3c4d5/embed/"),
        ("https://www.facebook.com/watch/?v=123456789", "facebook",
         "https://www.facebook.com/watch/?v=123456789",
         "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fwatch%2F%3Fv%3D123456789"),
        ("https://www.facebook.com/newsroom/posts/pfbid02Xyz", "facebook",
         "https://www.facebook.com/newsroom/posts/pfbid02Xyz/", None),
        ("https://www.tiktok.com/@newsroom/video/7301234567890123456?lang=en", "tiktok",
         "https://www.tiktok.com/@newsroom/video/7301234567890123456",
         "https://www.tiktok.com/embed/v2/7301234567890123456"),
        ("https://t.me/s/xebernews/1234", "telegram", "https://t.me/xebernews/1234",
         "https://t.me/xebernews/1234?embed=1"),
    ],
)  # fmt: skip
def test_it_reads_each_providers_links(link, provider, canonical, player):
    found, item = providers.find(link)
    assert (found.key, item.canonical) == (provider, canonical)
    if player:
        assert found.player(item) == player


@pytest.mark.parametrize(
    ("link", "reason"),
    [
        ("https://example.org/video/1", "unknown"),
        ("https://www.youtube.com/@newsroom", "not-an-item"),
        ("https://www.youtube.com/watch?v=short", "not-an-item"),
        ("https://t.me/c/123/45", "not-an-item"),
        ("javascript:alert(1)", "scheme"),
        ("JaVaScRiPt:alert(1)", "scheme"),
        ("data:text/html;base64,PHNjcmlwdD4=", "scheme"),
        ("ftp://www.youtube.com/watch?v=dQw4w9WgXcQ", "scheme"),
        ("https://user:pass@www.youtube.com/watch?v=dQw4w9WgXcQ", "credentials"),
        ("https://www.youtube.com@evil.example/watch?v=dQw4w9WgXcQ", "credentials"),
        ("http://127.0.0.1/watch?v=dQw4w9WgXcQ", "private"),
        ("http://169.254.169.254/latest/meta-data/", "private"),
        ("http://[fd00::1]/x", "private"),
        ("http://localhost:8000/x", "private"),
        ("https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ", "unknown"),
        ("https://www.youtube.com:99999/watch?v=dQw4w9WgXcQ", "malformed"),
        ("https:///watch?v=dQw4w9WgXcQ", "malformed"),
        ("https://www.youtube.com/watch?v=" + "a" * 2000, "too-long"),
    ],
)
def test_it_refuses_what_is_no_embeddable_link(link, reason):
    with pytest.raises(LinkRefused) as refused:
        providers.find(link)
    assert refused.value.reason == reason


def test_only_the_enabled_providers_are_embedded(settings):
    settings.EMBED_PROVIDERS = ["telegram"]
    with pytest.raises(LinkRefused):
        providers.find("https://youtu.be/dQw4w9WgXcQ")
    assert providers.find("https://t.me/xebernews/1")[0].key == "telegram"


def test_a_broken_provider_entry_fails_loudly():
    with pytest.raises(ValueError, match="not an http"):
        providers.parse_extra("Own|ftp://oembed.example/|a.example|b.example")


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<!DOCTYPE html><html><title>Sign in</title></html>", "web page"),
        (b'{"type": "video", "title": "cut', "not valid JSON"),
        (b"\xff\xfe{}", "not valid JSON"),
        (b'"just a string"', "not an oEmbed object"),
    ],
)
def test_an_answer_that_is_not_oembed_is_refused_with_its_reason(body, reason):
    with pytest.raises(oembed.ProviderError, match=reason):
        oembed.parse_answer(body, "application/json")


def test_an_answer_keeps_plain_facts_only():
    answer = oembed.parse_answer(
        b'{"type": "hostile", "title": "A\\u0000 title\\n", "thumbnail_url": "javascript:x",'
        b' "width": "640", "height": -5, "author_name": 7, "html": "<script>x</script>"}'
    )
    assert (answer.type, answer.title, answer.thumbnail_url) == ("rich", "A title", "")
    assert (answer.width, answer.height, answer.author_name) == (640, None, "")
    assert oembed.player_from_html(answer, ("player.example",)) == ""
