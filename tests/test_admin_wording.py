"""The back office reads as correct Russian: the admin's generated phrases decline the
model's name («Добавить статью», not «Добавить статья»), and no app is named in English."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.utils import translation

from tests.newsroom_staff import build_desk, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    return build_desk()


def russian(client, url: str) -> str:
    return client.get(url, HTTP_ACCEPT_LANGUAGE="ru").content.decode()


def test_the_model_name_is_the_object_of_the_verb(client, desk):
    login(client, desk.chief)
    listing = russian(client, "/admin/news/article/")
    assert "Выберите статью для изменения" in listing and "Добавить статью" in listing
    assert "статья для" not in listing and "Добавить статья" not in listing
    assert "<title>Добавить статью" in russian(client, "/admin/news/article/add/")
    change = russian(client, f"/admin/news/article/{desk.own_draft.pk}/change/")
    assert "| Изменить статью |" in change
    assert "Добавить автора" in russian(client, "/admin/news/author/")
    assert "Добавить раздел" in russian(client, "/admin/news/section/")  # the same word


def test_no_app_in_the_side_bar_is_named_in_english(desk):
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    request = RequestFactory().get("/admin/")
    request.user = root
    with translation.override("ru"):
        names = [str(app["name"]) for app in admin.site.get_app_list(request)]
        names += [str(m["name"]) for app in admin.site.get_app_list(request) for m in app["models"]]
    english = [name for name in names if name.isascii() and name != "Telegram"]
    assert english == []
