"""An author's links are web addresses on the network they name: `javascript:`, `data:` and
other schemes, and a "Telegram" link to another site, are refused where they are entered;
one written into the database some other way is never written out as a link."""

import json
import re

import pytest
from django.core.exceptions import ValidationError

from tests.newsroom_staff import build_desk, login
from xeber.news.models import Author

pytestmark = pytest.mark.django_db
HOSTILE = [
    ("telegram_url", "javascript:alert(1)"),
    ("x_url", "javascript://x.com/%0Aalert(document.cookie)"),
    ("website", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
    ("website", "ftp://files.example.az/cv.pdf"),
    ("telegram_url", "https://evil.example/t.me/leyla"),
    ("instagram_url", "https://instagram.com.evil.example/leyla"),
    ("email", "javascript:alert(1)"),
]


def _add(client, **links):
    data = {
        "name": "Лейла Гасанова", "slug": "leyla", "bio": "",
        "profiles-TOTAL_FORMS": "0", "profiles-INITIAL_FORMS": "0",
        "profiles-MIN_NUM_FORMS": "0", "profiles-MAX_NUM_FORMS": "3", **links,
    }  # fmt: skip
    return client.post("/admin/news/author/add/", data)


@pytest.mark.parametrize(("field", "value"), HOSTILE)
def test_the_back_office_refuses_a_hostile_link_and_saves_nothing(client, field, value):
    desk = build_desk()
    login(client, desk.editor)
    response = _add(client, **{field: value})
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not Author.objects.filter(slug="leyla").exists()
    with pytest.raises(ValidationError) as refused:
        Author(name="Лейла", slug="leyla-2", **{field: value}).full_clean()
    assert field in refused.value.message_dict


def test_links_on_the_networks_they_name_are_kept(client):
    desk = build_desk()
    login(client, desk.editor)
    response = _add(
        client,
        telegram_url="t.me/leyla_news",  # taken as https://
        x_url="https://twitter.com/leyla_news",
        facebook_url="https://m.facebook.com/leyla.news",
        website="http://leyla.example.az/",
        email="leyla@example.az",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    author = Author.objects.get(slug="leyla")
    assert author.telegram_url == "https://t.me/leyla_news"
    assert author.same_as() == [
        "https://t.me/leyla_news",
        "https://twitter.com/leyla_news",
        "https://m.facebook.com/leyla.news",
        "http://leyla.example.az/",
    ]


def test_a_hostile_link_stored_some_other_way_is_never_written_out(client):
    Author.objects.create(
        name="Лейла Гасанова", slug="leyla", telegram_url="javascript:alert(1)",
        website=" javascript:alert(2)", x_url="https://x.com/leyla_news",
    )  # fmt: skip
    html = client.get("/ru/author/leyla/").content.decode()
    assert "javascript:" not in html
    assert '<a href="https://x.com/leyla_news" rel="me">' in html
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    person = next(json.loads(b) for b in blocks if '"ProfilePage"' in b)["mainEntity"]
    assert person["sameAs"] == ["https://x.com/leyla_news"]
