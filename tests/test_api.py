"""The JSON API: read resources, filters, cursor pages, caching headers, drafts by token."""

import pytest
from rest_framework.authtoken.models import Token

from tests.newsroom_staff import build_desk, change_data, login
from xeber.news.models import Article

pytestmark = pytest.mark.django_db


def test_articles_list_only_public_ones_with_filters(client, newsroom):
    data = client.get("/api/v1/articles/", {"edition": "ru"}).json()
    titles = [item["title"] for item in data["results"]]
    assert newsroom.main.title in titles and newsroom.draft.title not in titles
    assert newsroom.future.title not in titles and newsroom.main_az.title not in titles
    by_tag = client.get("/api/v1/articles/", {"tag": "baku"}).json()["results"]
    assert {item["title"] for item in by_tag} == {newsroom.main.title, newsroom.other.title}
    by_section = client.get("/api/v1/articles/", {"section": "economy"}).json()["results"]
    assert [item["title"] for item in by_section] == [newsroom.other.title]
    by_author = client.get("/api/v1/articles/", {"author": "leyla-gasanova"}).json()["results"]
    assert [item["title"] for item in by_author] == [newsroom.main.title]


def test_cursor_pagination_walks_every_article_once(client, newsroom):
    from tests.factories import make_article

    for number in range(7):
        make_article(newsroom.politics, title=f"Статья {number}")
    seen, url = [], "/api/v1/articles/?edition=ru&limit=3"
    while url:
        page = client.get(url).json()
        seen += [item["id"] for item in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == Article.objects.published().in_edition("ru").count()


def test_article_detail_has_body_authors_and_caching_headers(client, newsroom):
    response = client.get(f"/api/v1/articles/{newsroom.main.pk}/")
    data = response.json()
    assert (
        "Депутаты проголосовали" in data["body"] and data["authors"][0]["slug"] == "leyla-gasanova"
    )
    assert response["Last-Modified"] and response["ETag"]
    again = client.get(f"/api/v1/articles/{newsroom.main.pk}/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert client.get(f"/api/v1/articles/{newsroom.draft.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/articles/?edition=fr", 400),
        ("/api/v1/articles/?since=yesterday", 400),
        ("/api/v1/articles/?cursor=garbage", 404),
        ("/api/v1/search/?q=x&page=0", 400),
        ("/api/v1/search/?q=x&page=abc", 400),
        ("/api/v1/articles/999999/", 404),
    ],
)
def test_bad_requests_are_4xx_with_a_reason(client, newsroom, url, status):
    response = client.get(url)
    assert response.status_code == status and response.content


def test_sections_tags_authors_breaking_and_search(client, newsroom):
    from xeber.search.indexing import reindex

    reindex()
    assert {s["slug"] for s in client.get("/api/v1/sections/?edition=ru").json()["results"]} == {
        "politics",
        "economy",
    }
    assert client.get("/api/v1/tags/?edition=ru").json()["results"][0]["slug"] == "baku"
    assert client.get("/api/v1/authors/").json()["results"][0]["name"] == "Лейла Гасанова"
    breaking = client.get("/api/v1/breaking/?edition=ru").json()
    assert breaking[0]["url"] == newsroom.main.get_absolute_url()
    found = client.get("/api/v1/search/", {"q": "закон", "edition": "ru"}).json()
    assert found["results"][0]["article"]["id"] == newsroom.main.pk


def test_a_breaking_line_does_not_give_away_a_scheduled_article(client, newsroom):
    from xeber.news.models import BreakingNews

    BreakingNews.objects.all().delete()
    BreakingNews.objects.create(edition="ru", text="Скоро", article=newsroom.future)
    [line] = client.get("/api/v1/breaking/?edition=ru").json()
    assert line["text"] == "Скоро" and line["url"] is None


def test_the_openapi_schema_describes_the_api(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    for path in [
        "/api/v1/articles/",
        "/api/v1/articles/{id}/",
        "/api/v1/drafts/",
        "/api/v1/rates/",
        "/api/v1/search/",
        "/api/v1/breaking/",
    ]:
        assert path in schema["paths"], path


class TestDrafts:
    def _client(self, user):
        from rest_framework.test import APIClient

        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
        return client

    def test_a_partner_creates_and_updates_a_draft_but_cannot_publish(self):
        desk = build_desk()
        partner = self._client(desk.author)
        data = {
            "edition": "ru",
            "section": desk.own_draft.section_id,
            "title": "Новость партнёра",
            "lead": "Лид",
            "body": "<p>Текст</p><script>x</script>",
        }
        created = partner.post("/api/v1/drafts/", data, format="json")
        assert created.status_code == 201, created.content
        article = Article.objects.get(pk=created.json()["id"])
        assert article.state == "draft" and article.created_by == desk.author
        assert "<script" not in article.body
        updated = partner.patch(
            f"/api/v1/drafts/{article.pk}/",
            {"title": "Исправлено", "status": "published", "version": 1},
            format="json",
        )
        assert updated.status_code == 200, updated.content
        article.refresh_from_db()
        assert article.title == "Исправлено" and article.state == "draft"
        assert article.revisions.count() == 2

    def test_drafts_need_a_token_and_the_right_person(self):
        from rest_framework.test import APIClient

        desk = build_desk()
        anonymous = APIClient().post("/api/v1/drafts/", {"title": "x"}, format="json")
        assert anonymous.status_code in (401, 403)
        other = self._client(desk.other_author)
        refused = other.patch(f"/api/v1/drafts/{desk.own_draft.pk}/", {"title": "x"}, format="json")
        assert refused.status_code == 403

    def test_a_stale_edit_is_refused_and_the_editors_text_stays(self, client):
        """The partner read version 1; an editor saved version 2 in the admin meanwhile."""
        desk = build_desk()
        draft = desk.own_draft
        partner = self._client(desk.author)
        read = partner.get(f"/api/v1/drafts/{draft.pk}/")
        assert read.status_code == 200 and read.json()["version"] == 1
        login(client, desk.editor)
        url = f"/admin/news/article/{draft.pk}/change/"
        assert client.post(url, change_data(draft, lead="Текст редактора")).status_code == 302

        for sent in ({"HTTP_IF_MATCH": read["ETag"]}, {}):
            body = {"lead": "Текст партнёра"} | ({} if sent else {"version": 1})
            stale = partner.patch(f"/api/v1/drafts/{draft.pk}/", body, format="json", **sent)
            assert stale.status_code == 409, stale.content
            answer = stale.json()
            assert answer["current"]["version"] == 2 and answer["your_version"] == 1
            assert answer["current"]["lead"] == "Текст редактора"
            draft.refresh_from_db()
            assert (draft.lead, draft.version) == ("Текст редактора", 2)

        fresh = partner.get(f"/api/v1/drafts/{draft.pk}/")
        edited = partner.patch(
            f"/api/v1/drafts/{draft.pk}/",
            {"lead": "Текст партнёра"},
            format="json",
            HTTP_IF_MATCH=fresh["ETag"],
        )
        assert edited.status_code == 200 and edited["ETag"] != fresh["ETag"]
        draft.refresh_from_db()
        assert (draft.lead, draft.version) == ("Текст партнёра", 3)

    def test_an_edit_must_say_which_version_it_was_made_on(self):
        desk = build_desk()
        partner = self._client(desk.author)
        url = f"/api/v1/drafts/{desk.own_draft.pk}/"
        unversioned = partner.patch(url, {"lead": "Без версии"}, format="json")
        assert unversioned.status_code == 428 and "If-Match" in unversioned.json()["detail"]
        foreign = partner.patch(url, {"lead": "x"}, format="json", HTTP_IF_MATCH='"other-1"')
        assert foreign.status_code == 400 and "If-Match" in foreign.json()
        desk.own_draft.refresh_from_db()
        assert desk.own_draft.version == 1 and desk.own_draft.lead != "Без версии"

    def test_a_published_article_is_not_a_draft(self):
        desk = build_desk()
        editor = self._client(desk.editor)
        assert (
            editor.patch(
                f"/api/v1/drafts/{desk.published.pk}/", {"title": "x"}, format="json"
            ).status_code
            == 404
        )


def test_anonymous_clients_are_rate_limited(client, newsroom, settings):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import AnonRateThrottle

    AnonRateThrottle.THROTTLE_RATES = {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "3/min"}
    try:
        statuses = [client.get("/api/v1/authors/").status_code for _ in range(5)]
    finally:
        AnonRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    assert statuses[:3] == [200, 200, 200] and statuses[3:] == [429, 429]


def test_a_nul_character_in_a_filter_is_a_400(client, newsroom):
    # Found by schemathesis on PostgreSQL, whose text cannot hold NUL.
    assert client.get("/api/v1/articles/", {"tag": "ba\x00ku"}).status_code == 400
