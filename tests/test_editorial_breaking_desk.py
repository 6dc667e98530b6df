"""The breaking-news desk: add, expire and remove lines from one screen."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.newsroom_staff import build_desk, login
from xeber.editorial.models import AuditEntry
from xeber.news.models import BreakingNews

pytestmark = pytest.mark.django_db
DESK = "/admin/news/breakingnews/"


def test_an_editor_adds_a_line_and_it_is_on_the_site_at_once(client):
    desk = build_desk()
    login(client, desk.editor)
    client.get("/ru/")  # the header is cached now
    response = client.post(
        DESK,
        {
            "step": "add",
            "edition": "ru",
            "text": "Срочно: сессия открыта",
            "article": desk.published.pk,
        },
    )
    assert response.status_code == 302
    html = client.get("/ru/").content.decode()
    assert "Срочно: сессия открыта" in html and desk.published.get_absolute_url() in html
    assert AuditEntry.objects.filter(action="breaking added", user=desk.editor).exists()


def test_expire_and_remove_from_the_same_screen(client):
    desk = build_desk()
    first = BreakingNews.objects.create(edition="ru", text="Первая строка")
    second = BreakingNews.objects.create(edition="ru", text="Вторая строка")
    login(client, desk.editor)
    page = client.get(DESK).content.decode()
    assert "Первая строка" in page and 'value="expire"' in page
    client.post(DESK, {"step": "expire", "line": first.pk})
    client.post(DESK, {"step": "remove", "line": second.pk})
    first.refresh_from_db()
    assert first.expires_at <= timezone.now()
    assert not BreakingNews.objects.filter(pk=second.pk).exists()
    html = client.get("/ru/").content.decode()
    assert "Первая строка" not in html and "Вторая строка" not in html


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"edition": "ru", "text": ""}, "This field is required"),
        ({"edition": "en", "text": "Outside my editions"}, "Select a valid choice"),
        ({"edition": "ru", "text": "x", "article": 999999}, "No article with id"),
        ({"edition": "ru", "text": "x", "expires_at": "2001-01-01T10:00"}, "must be in the future"),
    ],
)
def test_bad_lines_are_refused_with_a_reason(client, data, error, settings):
    settings.LANGUAGE_CODE = "en"
    desk = build_desk()
    login(client, desk.editor)  # editions: ru, az
    response = client.post(DESK, {"step": "add", **data}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and error in response.content.decode()
    assert not BreakingNews.objects.exists()


def test_a_line_with_an_expiry_disappears_by_itself(client):
    BreakingNews.objects.create(
        edition="ru", text="Скоро истечёт", expires_at=timezone.now() + dt.timedelta(seconds=1)
    )
    assert "Скоро истечёт" in client.get("/ru/").content.decode()
    import time

    time.sleep(1.1)
    assert "Скоро истечёт" not in client.get("/ru/").content.decode()
