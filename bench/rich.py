"""What rich media costs an article page: a plain story against the same story with
three embeds and a gallery, rendered without a page cache.

    .venv/bin/python bench/rich.py [--articles 2000] [--db sqlite|postgres] [--renders 500]
    .venv/bin/python bench/rich.py --build-into DIR   # bench/lighthouse.sh: build, print, stop

Fills a fresh database (a temporary SQLite file, or the PostgreSQL database `xeber_rich`
on 127.0.0.1, dropped and recreated) with `--articles` generated articles (an archive for
the related articles to come from), then saves two stories through the save service, in
the same section, with the same cover, tags, author and paragraphs: a plain one, and a
rich one whose paragraphs are interleaved with a YouTube video, a Telegram post, a Vimeo
video and a gallery of eight pictures. The embeds' rows are written as a provider would
have described them, with thumbnails drawn here, so nothing is fetched. Each page is
rendered in-process through Django's whole request handler, the two in turn (`--renders`
pairs), and the script prints the median and 90th percentile per render, the median CPU
time of the rendering thread, the differences (of the medians, and the median of the
pairs' differences, which what else a shared machine does disturbs least) and the SQL
queries of each page (issue 14 asks for at most 0.5 ms and no extra query). It does so
twice: in the steady state (a process keeps the embeds it has read: xeber/embeds/markup.py),
and with every render as a process's first of the story (what it kept forgotten).

`--build-into DIR` builds the same two stories (and the archive) into a SQLite database
in DIR (the var folder of a server to start on it), prints their addresses as JSON and
measures nothing.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.pages import add_database_arguments, configure, fresh_database

EMBED_LINKS = {  # address: (title, author); the Telegram post is shown from its address
    "https://www.youtube.com/watch?v=Xb3rDemo001": ("Вечерний Баку с высоты", "Xeber Video"),
    "https://t.me/xeber_bench/4021": ("", ""),
    "https://vimeo.com/900000021": ("Каспий на рассвете", "Xeber Studio"),
}
GALLERY_SIZE = 8
PARAGRAPHS = 8


# --- pictures drawn here ---------------------------------------------------------------------
def drawn_picture(seed: int, width: int = 1600, height: int = 900):
    """An original JPEG: a two-colour sky over a few hills, the same for the same seed."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    rng = random.Random(seed)  # pictures, not secrets
    top, bottom = ([rng.randrange(30, 225) for _ in range(3)] for _ in range(2))
    picture = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        shade = tuple(round(a + (b - a) * y / height) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=shade)
    for hill in range(4):
        shade = tuple(max(0, c - 40 * (hill + 1)) for c in bottom)
        base = height * (0.55 + 0.1 * hill)
        points = [(x, base - rng.randrange(0, height // 5)) for x in range(0, width + 200, 200)]
        draw.polygon([(0, height), *points, (width, height)], fill=shade)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return SimpleUploadedFile(f"bench-{seed}.jpg", buffer.getvalue(), content_type="image/jpeg")


def image(seed: int, alt: str, **extra):
    from xeber.media.services import image_upload

    return image_upload(upload=drawn_picture(seed), alt=alt, **extra)


# --- the two stories ---------------------------------------------------------------------
def described_embeds() -> None:
    """Embed rows as their providers would have described them, so a save fetches nothing."""
    from django.utils import timezone

    from xeber.embeds import providers
    from xeber.embeds.models import Embed

    for number, (address, (title, author)) in enumerate(EMBED_LINKS.items(), start=1):
        provider, item = providers.find(address)
        Embed.objects.create(
            url=item.canonical, provider=provider.key, media_id=item.media_id, kind=item.kind,
            player_url=provider.player(item), title=title, author_name=author,
            thumbnail=image(100 + number, f"Кадр {number}"), described_at=timezone.now(),
        )  # fmt: skip


def bench_gallery():
    from xeber.media.models import Gallery, GalleryItem

    gallery = Gallery.objects.create(title="Шеки: один день в городе мастеров")
    for position in range(1, GALLERY_SIZE + 1):
        picture = image(200 + position, f"Улица Шеки, снимок {position}", credit="Xeber")
        caption = f"Снимок {position}: мастерская у караван-сарая"
        GalleryItem.objects.create(gallery=gallery, image=picture, position=position,
                                   caption=caption)  # fmt: skip
    return gallery


def story_paragraphs() -> list[str]:
    from xeber.news.generate import WORDS

    rng = random.Random(14)
    sentences = [" ".join(rng.choice(WORDS) for _ in range(45)) for _ in range(PARAGRAPHS)]
    return [text[0].upper() + text[1:] + "." for text in sentences]


def rich_paragraphs(text: list[str], gallery_id: int) -> list[str]:
    """The same paragraphs with an embed after each of the first three and the gallery
    after the fourth, as an editor pastes them: alone on their lines."""
    blocks = [*EMBED_LINKS, f"[gallery {gallery_id}]"]
    rich = []
    for index, paragraph in enumerate(text):
        rich.append(paragraph)
        if index < len(blocks):
            rich.append(blocks[index])
    return rich


def build(articles: int) -> dict[str, str]:
    """The archive and the two stories; their addresses by name."""
    from django.core.management import call_command
    from django.utils import timezone

    from xeber.core.html import paragraphs_to_html
    from xeber.editorial.services import article_create
    from xeber.news.demo import demo_rates
    from xeber.news.generate import generate_articles
    from xeber.news.models import Article, Author, Section, Tag

    call_command("migrate", verbosity=0)
    generate_articles(articles, edition="ru")
    demo_rates(timezone.localdate())
    described_embeds()
    gallery = bench_gallery()
    cover = image(1, "Вид на старый город Шеки", caption="Старый город", credit="Xeber")
    common = {
        "edition": "ru", "section": Section.objects.filter(edition="ru").order_by("pk").first(),
        "lead": "Город мастеров готовится к фестивалю шёлка.", "cover": cover,
        "tags": list(Tag.objects.filter(edition="ru").order_by("pk")[:2]),
        "authors": [Author.objects.order_by("pk").first()],
    }  # fmt: skip
    text = story_paragraphs()
    stories = {
        "plain": ("Шеки готовится к фестивалю шёлка", text),
        "rich": (
            "Шеки готовится к фестивалю шёлка: видео и фото",
            rich_paragraphs(text, gallery.pk),
        ),
    }
    urls = {}
    for name, (title, paragraphs) in stories.items():
        data = {**common, "title": title, "body": paragraphs_to_html(paragraphs)}
        article = article_create(user=None, data=data, status=Article.Status.PUBLISHED)
        assert not article.body_notes, article.body_notes
        urls[name] = article.get_absolute_url()
    return urls


# --- measuring -----------------------------------------------------------------------------
def measure(urls: dict[str, str], renders: int, first: bool = False) -> dict[str, dict]:
    """Both pages rendered in pairs, one right after the other (which one first alternates),
    so that what else the machine does falls on both: each pair gives a difference. `first`:
    every render as the process's first of these stories (the embeds it keeps forgotten)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from xeber.embeds import markup

    client = Client()
    wall: dict[str, list[float]] = {name: [] for name in urls}
    cpu: dict[str, list[float]] = {name: [] for name in urls}
    for _ in range(20):  # warm: templates compiled, header cached, prepared statements
        for url in urls.values():
            assert client.get(url).status_code == 200
    for turn in range(renders):
        for name in sorted(urls, reverse=bool(turn % 2)):
            if first:
                markup.forget()
            started, started_cpu = time.perf_counter(), time.thread_time()
            client.get(urls[name])
            wall[name].append((time.perf_counter() - started) * 1000)
            cpu[name].append((time.thread_time() - started_cpu) * 1000)
    results = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        times = sorted(wall[name])
        results[name] = {
            "wall": wall[name],
            "cpu": cpu[name],
            "median": statistics.median(times),
            "p90": times[int(len(times) * 0.9) - 1],
            "queries": len(captured),
            "bytes": len(response.content),
        }
    return results


def paired(results: dict[str, dict], key: str) -> float:
    """The median of the rich story's time less the plain one's, pair by pair."""
    pairs = zip(results["rich"][key], results["plain"][key], strict=True)
    return statistics.median(rich - plain for rich, plain in pairs)


def report(results: dict[str, dict], options, first: bool) -> None:
    state = "first renders (embeds read afresh)" if first else "steady state"
    print(f"\n{options.db}, {options.articles} articles, {options.renders} renders each, {state}")
    print(
        f"{'article':<8} {'median ms':>10} {'p90 ms':>8} {'CPU ms':>8} {'queries':>8} {'bytes':>8}"
    )
    for name, row in results.items():
        cpu = statistics.median(row["cpu"])
        print(f"{name:<8} {row['median']:>10.3f} {row['p90']:>8.3f} {cpu:>8.3f}"
              f" {row['queries']:>8} {row['bytes']:>8}")  # fmt: skip
    plain, rich = results["plain"], results["rich"]
    print(f"rich - plain: median {rich['median'] - plain['median']:+.3f} ms,"
          f" p90 {rich['p90'] - plain['p90']:+.3f} ms,"
          f" pairs' median {paired(results, 'wall'):+.3f} ms (CPU {paired(results, 'cpu'):+.3f}),"
          f" queries {rich['queries'] - plain['queries']:+d}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_arguments(parser)
    parser.set_defaults(articles=2000)
    parser.add_argument("--renders", type=int, default=500)
    parser.add_argument("--build-into", metavar="DIR", help="build into DIR's SQLite, print, stop")
    options = parser.parse_args()
    if options.build_into:
        Path(options.build_into, "static").mkdir(parents=True, exist_ok=True)
        configure("sqlite", options.build_into)
        print(json.dumps(build(options.articles)))
        return
    with fresh_database(options.db, database="xeber_rich"):
        urls = build(options.articles)
        for first in (False, True):
            report(measure(urls, options.renders, first), options, first)


if __name__ == "__main__":
    main()
