"""Shared personas for the back-office tests: one journalist per role, and their articles."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from tests.factories import make_article, make_section
from xeber.editorial.models import StaffProfile
from xeber.editorial.roles import Role, assign_role, ensure_role_groups
from xeber.news.models import Article

PASSWORD = "correct horse battery staple"


def make_user(username: str, role: Role | None, editions=("ru", "az", "en")):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    if role is not None:
        assign_role(user, role)
        StaffProfile.objects.create(user=user, editions=list(editions))
    return user


@dataclass
class Desk:
    author: object
    other_author: object
    editor: object
    chief: object
    own_draft: Article
    others_draft: Article
    in_review: Article
    published: Article


def build_desk() -> Desk:
    ensure_role_groups()
    section = make_section("ru", "Политика", "politics")
    author = make_user("aysel", Role.AUTHOR)
    other = make_user("kamran", Role.AUTHOR)
    editor = make_user("farid", Role.EDITOR, editions=("ru", "az"))
    chief = make_user("leyla", Role.CHIEF)
    draft = dict(status=Article.Status.DRAFT)
    return Desk(
        author=author,
        other_author=other,
        editor=editor,
        chief=chief,
        own_draft=make_article(section, title="Черновик автора", created_by=author, **draft),
        others_draft=make_article(section, title="Чужой черновик", created_by=other, **draft),
        in_review=make_article(
            section, title="На проверке", created_by=author, status=Article.Status.REVIEW
        ),
        published=make_article(
            section,
            title="Уже на сайте",
            created_by=other,
            published_at=timezone.now() - dt.timedelta(hours=1),
        ),
    )


def change_data(article: Article, **overrides) -> dict:
    """What the admin's change form posts for this article, as a browser would send it."""
    local = timezone.localtime(article.published_at)
    data = {
        "edition": article.edition,
        "section": article.section_id,
        "title": article.title,
        "slug": article.slug,
        "lead": article.lead,
        "body": article.body,
        "base_version": article.version,
        "published_at_0": local.strftime("%Y-%m-%d"),
        "published_at_1": local.strftime("%H:%M:%S"),
        "source": article.source,
        "header_breaking": article.header_breaking,
        "cover_alt": "",
        "cover_caption": "",
        "cover_credit": "",
    }
    data.update(overrides)
    return data


def login(client, user) -> None:
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]


def signed_in(user, **headers) -> Client:
    """A browser where `user` gave their password (and nothing more yet)."""
    client = Client(**headers)
    login(client, user)
    return client
