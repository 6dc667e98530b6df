"""The demo newsroom (`xeber demo`) and synthetic load-test articles (`xeber generate`)."""

from __future__ import annotations

import datetime as dt
import io
import math
import random
import tomllib
import uuid
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from xeber.core.html import paragraphs_to_html
from xeber.core.slugs import slugify_title
from xeber.media.services import image_upload
from xeber.news.models import Article, Author, AuthorProfile, BreakingNews, Section, Tag
from xeber.news.services import unique_article_slug
from xeber.rates.models import Rate

DEMO_FILE = Path(__file__).parent / "demo" / "newsroom.toml"
DEMO_PASSWORD = "xeber-demo-2026"  # noqa: S105  (demo only; README says never on a public host)
DEMO_STAFF = [("editor", "editor"), ("author", "author"), ("chief", "chief")]
# Demo bulletins: (code, nominal, Azerbaijani name, base value, daily swing).
DEMO_CURRENCIES = [
    ("USD", 1, "1 ABŞ dolları", "1.7000", "0"),
    ("EUR", 1, "1 Avro", "1.9760", "0.0120"),
    ("RUB", 100, "100 Rusiya rublu", "2.1050", "0.0300"),
    ("TRY", 1, "1 Türkiyə lirası", "0.0402", "0.0004"),
    ("GBP", 1, "1 Britaniya funt sterlinqi", "2.2410", "0.0150"),
    ("GEL", 1, "1 Gürcü larisi", "0.6280", "0.0030"),
    ("JPY", 100, "100 Yaponiya yeni", "1.1020", "0.0090"),
    ("XAU", 1, "Qızıl", "6950.1250", "35.0"),
]
COVER_COLOURS = ["#0f2a44", "#7a1e2c", "#1f5f4a", "#5a3d7a", "#8a5a12", "#24506e"]


def is_empty() -> bool:
    return not Article.objects.exists()


def demo_rates(today: dt.date, days: int = 30) -> int:
    """Bulletins for the working days of the last `days` days, in the bank's shape."""
    rows = []
    for offset in range(days, -1, -1):
        day = today - dt.timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for index, (code, nominal, name, base, swing) in enumerate(DEMO_CURRENCIES):
            wave = Decimal(str(round(math.sin(day.toordinal() / 3 + index), 4)))
            value = (Decimal(base) + Decimal(swing) * wave).quantize(Decimal("0.0001"))
            rows.append(
                Rate(code=code, date=day, nominal=nominal, value=value, name=name, source="demo")
            )
    Rate.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _cover(colour: str, seed: int) -> ContentFile:
    rng = random.Random(seed)  # noqa: S311  (decoration, not security)
    image = Image.new("RGB", (1200, 675), colour)
    draw = ImageDraw.Draw(image)
    for _ in range(7):
        x, y, r = rng.randint(0, 1200), rng.randint(0, 675), rng.randint(60, 260)
        draw.ellipse((x - r, y - r, x + r, y + r), outline="#ffffff", width=rng.randint(2, 9))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return ContentFile(buffer.getvalue())


@transaction.atomic
def load_demo(now: dt.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    data = tomllib.loads(DEMO_FILE.read_text(encoding="utf-8"))
    sections = {}
    for group in data["section"]:
        for position, (slug, name) in enumerate(group["items"]):
            sections[group["edition"], slug] = Section.objects.create(
                edition=group["edition"], slug=slug, name=name, position=position
            )
    authors = {
        item["slug"]: Author.objects.create(slug=item["slug"], name=item["name"], bio=item["bio"])
        for item in data["author"]
    }
    stories: dict[str, uuid.UUID] = {}
    by_story: dict[tuple[str, str], Article] = {}
    for number, item in enumerate(data["article"]):
        article = _demo_article(item, sections, authors, stories, now, number)
        if "story" in item:
            by_story[item["edition"], item["story"]] = article
    for item in data["breaking"]:
        BreakingNews.objects.create(
            edition=item["edition"],
            text=item["text"],
            article=by_story.get((item["edition"], item.get("article", ""))),
            starts_at=now - dt.timedelta(minutes=30),
        )
    _demo_author_profiles(data, authors)
    _demo_corrections(data, by_story)
    rate_rows = demo_rates(timezone.localdate(now))
    _demo_staff()
    return {"articles": len(data["article"]), "sections": len(sections), "rates": rate_rows}


def _demo_article(item, sections, authors, stories, now, number) -> Article:
    edition = item["edition"]
    section = sections[edition, item["section"]]
    article = Article(
        edition=edition,
        title=item["title"],
        slug=unique_article_slug(edition=edition, title=item["title"]),
        lead=item["lead"],
        body=paragraphs_to_html(item["body"]),
        section=section,
        status=Article.Status.PUBLISHED,
        published_at=now - dt.timedelta(hours=item["hours_ago"], minutes=number * 7 % 50),
        is_main=item.get("main", False),
        translation_key=stories.setdefault(item["story"], uuid.uuid4())
        if "story" in item
        else None,
    )
    if "story" in item or item.get("main"):
        upload = _cover(COVER_COLOURS[section.position], number)
        upload.name = f"{article.slug}.jpg"
        article.cover = image_upload(
            upload=upload, alt=item["title"], caption=item["title"], credit="Xeber demo"
        )
    article.save()
    for name in item["tags"]:
        tag, _ = Tag.objects.get_or_create(
            edition=edition, slug=slugify_title(name), defaults={"name": name}
        )
        article.tags.add(tag)
    article.authors.set([authors[slug] for slug in item["authors"]])
    return article


def _demo_author_profiles(data: dict, authors: dict[str, Author]) -> None:
    for item in data.get("author_profile", []):
        author = authors[item["author"]]
        author.website, author.email = item.get("website", ""), item.get("email", "")
        author.save(update_fields=["website", "email"])
        for edition, job_title, bio in item["profiles"]:
            AuthorProfile.objects.create(
                author=author, edition=edition, job_title=job_title, bio=bio
            )


def _demo_corrections(data: dict, by_story: dict[tuple[str, str], Article]) -> None:
    from xeber.editorial.services import correction_add  # editorial drives news

    for item in data.get("correction", []):
        article = by_story[item["edition"], item["story"]]
        correction_add(user=None, article=article, text=item["text"])


def _demo_staff() -> None:
    """One journalist per role, all with the demo password (see README)."""
    from xeber.editorial.roles import Role, assign_role, ensure_role_groups

    ensure_role_groups()
    user_model = get_user_model()
    for username, role in DEMO_STAFF:
        user, created = user_model.objects.get_or_create(username=username)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        assign_role(user, Role(role))
