"""Server time of the public pages over a large archive, without a page cache.

    .venv/bin/python bench/pages.py [--articles 100000] [--db sqlite|postgres] [--renders 200]
                                    [--clock wall|cpu]

Fills a fresh database (a temporary SQLite file, or the PostgreSQL database
`xeber_bench` on 127.0.0.1, dropped and recreated) with generated articles, then renders
each page in-process through Django's full request handler (middleware, URL routing,
views, templates) and prints the median and 95th percentile, and the SQL queries per
request. "warm header" is the steady state (the header cache filled once per change);
"cold header" clears the cache before every request. The whole-page cache is off unless
PAGE_CACHE_SECONDS is set (then "warm" rows are page-cache hits). `--clock cpu` times
each render by the CPU time of its thread instead of the wall clock, and adds the fastest
render: on a machine shared with others' work, what others do then hardly moves it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def configure(db: str, var_dir: str, database: str = "xeber_bench", keep: bool = False) -> None:
    os.environ.update(
        SECRET_KEY="bench-only-secret-key",
        HTTPS="false",
        XEBER_VAR_DIR=var_dir,
        STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
        DJANGO_SETTINGS_MODULE="xeber.settings",
        LOG_LEVEL="WARNING",
        ALLOWED_HOSTS="testserver",
        PAGE_CACHE_SECONDS=os.environ.get("PAGE_CACHE_SECONDS", "0"),
    )
    if db == "postgres":
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            exists = c.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [database]
            ).fetchone()
            if not (keep and exists):
                c.execute(f"DROP DATABASE IF EXISTS {database}")
                c.execute(f"CREATE DATABASE {database}")
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    import django

    django.setup()


def add_database_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")


@contextlib.contextmanager
def fresh_database(db: str, database: str = "xeber_bench"):
    """A temporary var/ folder and a new, empty database of the chosen engine (on
    PostgreSQL, `database`, dropped first)."""
    with tempfile.TemporaryDirectory() as var_dir:
        Path(var_dir, "static").mkdir()
        configure(db, var_dir, database=database)
        yield


def kept_database(db: str, name: str) -> None:
    """A database that outlives the run (`name` under /tmp for SQLite, a PostgreSQL
    database otherwise), so a large archive is built once and measured many times."""
    var_dir = Path(tempfile.gettempdir(), name)
    Path(var_dir, "static").mkdir(parents=True, exist_ok=True)
    configure(db, str(var_dir), database=name, keep=True)


def fill(articles: int) -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from xeber.news.demo import demo_rates
    from xeber.news.generate import generate_articles
    from xeber.news.models import BreakingNews

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    generate_articles(articles, edition="ru")
    seconds = time.perf_counter() - started
    print(f"generated {articles} articles in {seconds:.1f} s ({articles / seconds:,.0f}/s)")
    demo_rates(timezone.localdate())
    BreakingNews.objects.create(edition="ru", text="Срочная строка для измерения")
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def pages() -> dict[str, str]:
    from django.utils import timezone

    from xeber.news.models import Article

    middle = Article.objects.order_by("pk")[Article.objects.count() // 2]
    day = timezone.localdate(middle.published_at)
    return {
        "front page": "/ru/",
        "article": middle.get_absolute_url(),
        "section": middle.section.get_absolute_url(),
        "daily archive": f"/ru/archive/{day:%Y/%m/%d}/",
        "RSS feed": "/ru/feed/rss/",
        "web app manifest": "/ru/manifest.webmanifest",
    }


def measure(
    url: str, renders: int, cold_header: bool, clock=time.perf_counter
) -> tuple[float, float, float, int]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from xeber.pagecache import versions

    def clear_cache() -> None:
        cache.clear()
        versions.shared().clear()  # the header's version, kept apart without Redis
        versions.forget()  # else the process goes on with the header it holds, for 0.25 s

    client = Client()
    for _ in range(10):
        assert client.get(url).status_code == 200
    timings = []
    for _ in range(renders):
        if cold_header:
            clear_cache()
        started = clock()
        client.get(url)
        timings.append((clock() - started) * 1000)
    if cold_header:
        clear_cache()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    return statistics.median(timings), p95, timings[0], len(captured)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_arguments(parser)
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--clock", choices=["wall", "cpu"], default="wall")
    options = parser.parse_args()
    clock = time.thread_time if options.clock == "cpu" else time.perf_counter
    with fresh_database(options.db):
        fill(options.articles)
        print(f"\n{options.db}, {options.articles} articles, {options.renders} renders each, "
              f"{options.clock} clock")  # fmt: skip
        print(f"{'page':<14} {'header':<6} {'median ms':>10} {'p95 ms':>8} {'min ms':>8} "
              f"{'queries':>8}")  # fmt: skip
        for name, url in pages().items():
            for cold in (False, True):
                median, p95, fastest, queries = measure(url, options.renders, cold, clock)
                label = "cold" if cold else "warm"
                print(f"{name:<14} {label:<6} {median:>10.2f} {p95:>8.2f} {fastest:>8.2f} "
                      f"{queries:>8}")  # fmt: skip


if __name__ == "__main__":
    main()
