"""Importing a plain-text archive into a large one: does each file cost what the first did?

    .venv/bin/python bench/imports.py [--articles 100000] [--files 10000] [--db sqlite|postgres]

Fills a fresh database with `--articles` generated articles (bench/search.py's) and
indexes them for search (an archive a newsroom has run for years), writes `--files` plain-text files
(FORMAT.md section 1) into a temporary folder, then imports them the way
`xeber import-text` does and prints files per second over the first and the last
thousand files and overall. A tenth of the titles repeat others (numbered slugs), and
every file carries the day's USD rate.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.pages import add_database_arguments, fresh_database

WINDOW = 1000


def fill(articles: int) -> None:
    """The archive of bench/search.py (word forms of the real dictionary, Zipf-distributed),
    indexed: the page benchmark's 70-word articles make every posting list huge."""
    from bench.search import fill as fill_search_archive
    from xeber.search.indexing import reindex

    fill_search_archive(articles, random.Random(1))
    started = time.perf_counter()
    reindex()
    print(f"indexed them in {time.perf_counter() - started:.0f} s")
    from django.db import connection

    # As on a site that has run a while: SQLite's log written back, PostgreSQL's statistics
    # gathered by autovacuum (without them it takes 100,000 articles for a handful).
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            cursor.execute("ANALYZE")


def write_files(folder: Path, count: int, rng: random.Random) -> list[Path]:
    from xeber.news.generate import WORDS
    from xeber.news.textformat import TextArticle, render_text

    def sentence(words: int) -> str:
        text = " ".join(rng.choice(WORDS) for _ in range(words))
        return text[0].upper() + text[1:] + "."

    titles: list[str] = []
    paths = []
    first_day = dt.date(2015, 1, 1)
    for number in range(count):
        repeat = titles and rng.random() < 0.1
        title = rng.choice(titles) if repeat else f"{sentence(6)[:-1]} {number}"
        titles.append(title)
        day = first_day + dt.timedelta(days=number // 5)
        usd = Decimal("1.7000") + Decimal(day.toordinal() % 50) / 10_000
        paragraphs = tuple(sentence(rng.randint(20, 40)) for _ in range(rng.randint(3, 7)))
        text = TextArticle(day, usd, "", title, paragraphs)
        path = folder / f"{day:%Y/%m}/{number:06}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_text(text), encoding="utf-8")
        paths.append(path)
    return paths


def rate(times: list[float]) -> float:
    return (len(times) - 1) / (times[-1] - times[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_database_arguments(parser)
    parser.add_argument("--files", type=int, default=10_000)
    args = parser.parse_args()
    with fresh_database(args.db), tempfile.TemporaryDirectory() as folder:
        fill(args.articles)
        paths = write_files(Path(folder), args.files, random.Random(7))
        from xeber.syndication.textimport import import_text_files

        started = time.perf_counter()
        done = [started]
        statuses: dict[str, int] = {}
        for outcome in import_text_files(paths, edition="ru"):
            done.append(time.perf_counter())
            statuses[outcome.status] = statuses.get(outcome.status, 0) + 1
        total = done[-1] - started
        print(f"{args.db}: {args.files} files into {args.articles} articles: {statuses}")
        print(f"  first {WINDOW}: {rate(done[: WINDOW + 1]):.0f} files/s")
        print(f"  last {WINDOW}: {rate(done[-WINDOW - 1 :]):.0f} files/s")
        print(f"  all: {args.files / total:.0f} files/s ({total:.1f} s)")


if __name__ == "__main__":
    main()
