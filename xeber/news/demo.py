"""The demo newsroom (`xeber demo`): what a newcomer sees first, written in
demo/newsroom.toml and loaded offline.

Articles are written through the save service, as every writer's are, so they get their
revisions, search entries, expanded galleries and embeds. Their pictures are drawn by code
(demo_pictures.py) and stored as images with renditions. The embeds' Embed rows are
written beforehand, as if their providers had described them: the save finds them
described and asks no one.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tomllib
import uuid
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from xeber.core.html import paragraphs_to_html
from xeber.core.slugs import slugify_title
from xeber.embeds import providers
from xeber.embeds.models import Embed
from xeber.media.models import Gallery, GalleryItem, Image
from xeber.media.services import image_upload
from xeber.news import demo_pictures
from xeber.news.models import Article, Author, AuthorProfile, BreakingNews, Section, Tag
from xeber.rates.models import Rate
from xeber.search.indexing import indexing_in_bulk

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

# A body's paragraph that shows one of newsroom.toml's galleries, by its key.
GALLERY_KEY = re.compile(r"\[gallery ([a-z0-9-]+)\]")


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


class Pictures:
    """Drawn pictures stored as images with renditions, described and credited in the
    edition's language (newsroom.toml's [picture] and [credit])."""

    def __init__(self, data: dict) -> None:
        self.described, self.credits = data["picture"], data["credit"]
        self.count = 0

    def alt(self, spec: str, edition: str) -> str:
        described = self.described.get(spec) or self.described[spec.partition(":")[0]]
        return described[edition]

    def upload(self, spec: str, *, seed: str, alt: str, caption="", credit="") -> Image:
        self.count += 1
        picture = demo_pictures.draw(spec, demo_pictures.seed_of(seed))
        name = f"demo-{spec.replace(':', '-')}-{self.count}.jpg"
        upload = demo_pictures.jpeg(picture, name)
        return image_upload(upload=upload, alt=alt, caption=caption, credit=credit)

    def for_edition(self, spec: str, *, edition: str, seed: str, caption="") -> Image:
        alt = self.alt(spec, edition)
        return self.upload(spec, seed=seed, alt=alt, caption=caption, credit=self.credits[edition])


@transaction.atomic
def load_demo(now: dt.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    data = tomllib.loads(DEMO_FILE.read_text(encoding="utf-8"))
    sections, authors = _demo_sections(data), _demo_authors(data)
    pictures = Pictures(data)
    _demo_embeds(data, pictures, now)
    galleries = _demo_galleries(data, pictures)
    newsroom = Newsroom(
        now=now, pictures=pictures, sections=sections, authors=authors, galleries=galleries
    )
    by_story: dict[tuple[str, str], Article] = {}
    with indexing_in_bulk():
        for number, item in enumerate(data["article"]):
            article = newsroom.article(item, number)
            if "story" in item:
                by_story[item["edition"], item["story"]] = article
    _demo_live(data, by_story, authors, now)
    _demo_breaking(data, by_story, now)
    _demo_author_profiles(data, authors)
    _demo_corrections(data, by_story)
    rate_rows = demo_rates(timezone.localdate(now))
    _demo_staff()
    _demo_identity(data)
    return {
        "articles": len(data["article"]),
        "sections": len(sections),
        "rates": rate_rows,
        "pictures": pictures.count,
    }


def _demo_sections(data: dict) -> dict[tuple[str, str], Section]:
    return {
        (group["edition"], slug): Section.objects.create(
            edition=group["edition"], slug=slug, name=name, position=position
        )
        for group in data["section"]
        for position, (slug, name) in enumerate(group["items"])
    }


def _demo_authors(data: dict) -> dict[str, Author]:
    return {
        item["slug"]: Author.objects.create(slug=item["slug"], name=item["name"], bio=item["bio"])
        for item in data["author"]
    }


def _demo_embeds(data: dict, pictures: Pictures, now: dt.datetime) -> None:
    """The Embed rows of the demo's links, as their providers would have described them
    (title, author, and a picture, drawn), so that saving the articles fetches nothing."""
    for item in data.get("embed", []):
        try:
            provider, found = providers.find(item["url"])
        except providers.LinkRefused:
            continue  # a provider this newsroom does not enable: the link stays a link
        if Embed.objects.filter(url=found.canonical, described_at__isnull=False).exists():
            continue
        picture = pictures.upload(item["picture"], seed=found.canonical, alt=item["title"])
        Embed.objects.update_or_create(
            url=found.canonical,
            defaults={
                "provider": provider.key,
                "media_id": found.media_id,
                "kind": found.kind,
                "player_url": provider.player(found),
                "title": item["title"],
                "author_name": item["author"],
                "thumbnail": picture,
                "described_at": now,
                "problem": "",
            },
        )


def _demo_galleries(data: dict, pictures: Pictures) -> dict[str, Gallery]:
    galleries = {}
    for item in data.get("gallery", []):
        gallery = Gallery.objects.create(title=item["title"])
        for position, (spec, caption) in enumerate(item["items"]):
            seed = f"{item['key']}/{position}"
            image = pictures.for_edition(spec, edition=item["edition"], seed=seed, caption=caption)
            GalleryItem.objects.create(gallery=gallery, image=image, position=position)
        galleries[item["key"]] = gallery
    return galleries


class Newsroom:
    """What the demo's articles are made of; `article` writes one through the save service."""

    def __init__(self, *, now, pictures, sections, authors, galleries) -> None:
        self.now, self.pictures = now, pictures
        self.sections, self.authors, self.galleries = sections, authors, galleries
        self.stories: dict[str, uuid.UUID] = {}

    def article(self, item: dict, number: int) -> Article:
        from xeber.editorial.services import article_create  # editorial drives news

        edition = item["edition"]
        published_at = self.now - dt.timedelta(hours=item["hours_ago"], minutes=number * 7 % 50)
        data = {
            "edition": edition,
            "kind": item.get("kind", Article.Kind.ARTICLE),
            "title": item["title"],
            "lead": item["lead"],
            "body": paragraphs_to_html([self._shortcode(text) for text in item["body"]]),
            "section": self.sections[edition, item["section"]],
            "published_at": published_at,
            "is_main": item.get("main", False),
            "translation_key": self._story_key(item),
            "cover": self._cover(item),
            "tags": [_tag(edition, name) for name in item["tags"]],
            "authors": [self.authors[slug] for slug in item["authors"]],
        }
        return article_create(user=None, data=data, status=Article.Status.PUBLISHED)

    def _story_key(self, item: dict) -> uuid.UUID | None:
        """One key for a story's versions in the three editions."""
        return self.stories.setdefault(item["story"], uuid.uuid4()) if "story" in item else None

    def _shortcode(self, paragraph: str) -> str:
        """`[gallery key]` as the save service reads it: `[gallery <its number>]`."""
        found = GALLERY_KEY.fullmatch(paragraph)
        return self.galleries[found.group(1)].shortcode if found else paragraph

    def _cover(self, item: dict) -> Image | None:
        """A photo report's first picture, or the article's own, drawn (none if
        `picture = false`)."""
        if item.get("kind") == Article.Kind.PHOTO_REPORT:
            key = next(
                found.group(1) for text in item["body"] if (found := GALLERY_KEY.fullmatch(text))
            )
            return self.galleries[key].items.first().image
        spec = item.get("picture")
        if not spec:
            return None
        return self.pictures.for_edition(spec, edition=item["edition"], seed=item["title"])


def _tag(edition: str, name: str) -> Tag:
    tag, _ = Tag.objects.get_or_create(
        edition=edition, slug=slugify_title(name), defaults={"name": name}
    )
    return tag


def _demo_live(data: dict, by_story: dict, authors: dict[str, Author], now) -> None:
    """Running live pages, as they ran: started when their article was published, their
    entries posted over the hours since (by the live services, as the desk posts them)."""
    from xeber.live.services import live_import  # live drives news

    for item in data.get("live", []):
        article = by_story[item["edition"], item["story"]]
        entries = [_live_entry(entry, authors, now) for entry in item["entry"]]
        live_import(
            article=article,
            started_at=article.published_at,
            ended_at=None,
            summary="",
            entries=entries,
        )


def _live_entry(item: dict, authors: dict[str, Author], now):
    from xeber.live.services import ImportedEntry

    return ImportedEntry(
        posted_at=now - dt.timedelta(minutes=item["minutes_ago"]),
        body=paragraphs_to_html(item["text"]),
        author=authors[item["author"]],
        pinned=item.get("pinned", False),
        key_title=item.get("key", ""),
    )


def _demo_breaking(data: dict, by_story: dict[tuple[str, str], Article], now) -> None:
    for item in data["breaking"]:
        BreakingNews.objects.create(
            edition=item["edition"],
            text=item["text"],
            article=by_story.get((item["edition"], item.get("article", ""))),
            starts_at=now - dt.timedelta(minutes=30),
        )


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


def _demo_identity(data: dict) -> None:
    """The demo newsroom's name per edition, footer and a drawn icon, set as a chief
    editor sets them (xeber/identity)."""
    from xeber.identity.models import Newsroom
    from xeber.identity.services import identity_update

    spec = data["identity"]
    current = Newsroom.objects.filter(pk=1).values_list("version", flat=True).first() or 0
    shared = {key: value for key, value in spec.items() if key != "editions"}
    icon = demo_pictures.png(demo_pictures.icon(), "demo-icon.png")
    identity_update(by=get_user_model().objects.get(username="chief"), base_version=current,
                    shared=shared, editions=spec["editions"], icon=icon)  # fmt: skip


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
