"""Articles let search engines show their images large (Google Discover shows large
images only with `max-image-preview:large`); a preview stays out of search engines."""

import pytest

from xeber.editorial.preview import preview_token

pytestmark = pytest.mark.django_db
LARGE = '<meta name="robots" content="max-image-preview:large">'


def test_an_article_allows_large_image_previews_and_a_preview_no_indexing(client, newsroom):
    html = client.get(newsroom.main.get_absolute_url()).content.decode()
    assert html.count(LARGE) == 1 and "noindex" not in html
    preview = client.get(f"/preview/{preview_token(newsroom.draft)}/").content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in preview and LARGE not in preview
