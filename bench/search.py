"""Search over a large archive: index build time and query latency.

    .venv/bin/python bench/search.py [--articles 100000] [--db sqlite|postgres] [--queries 200]

Fills a fresh database with generated Russian articles: word forms sampled from the
Russian dictionary that search uses (pymorphy3's, so lemmatising costs what it costs on
real text), following a Zipf distribution over 40,000 forms (real news has a long tail
of rare words; the page benchmark's 70-word generator would make every word match half
the archive). It builds
the index with `reindex()`, then runs mixed queries (one word, two words, a phrase, a
prefix, a word that matches nothing) through the search service a reader's request uses,
and prints median and 95th percentile milliseconds per kind and overall.
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.pages import add_database_arguments, fresh_database, kept_database

VOCABULARY = 40_000
DICTIONARY_STRIDE = 47  # every 47th word form of the dictionary: all kinds of words


def make_vocabulary(rng: random.Random) -> list[str]:
    from xeber.search.normalize import _morph

    forms = itertools.islice(_morph.dictionary.iter_known_words(), 0, None, DICTIONARY_STRIDE)
    words = {form for form, *_ in itertools.islice(forms, VOCABULARY * 2) if form.isalpha()}
    words = sorted(word for word in words if len(word) > 2)
    rng.shuffle(words)
    return words[:VOCABULARY]


def fill(count: int, rng: random.Random) -> tuple[list[str], list[float]]:
    from django.core.management import call_command
    from django.utils import timezone

    from xeber.core.html import paragraphs_to_html
    from xeber.news.generate import _sections
    from xeber.news.models import Article

    call_command("migrate", verbosity=0)
    vocabulary = make_vocabulary(rng)
    weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(VOCABULARY)))

    def sentence(length: int) -> str:
        words = rng.choices(vocabulary, cum_weights=weights, k=length)
        return " ".join(words).capitalize() + "."

    sections = _sections("ru")
    now = timezone.now()
    started = time.perf_counter()
    for start in range(0, count, 2000):
        Article.objects.bulk_create(
            Article(
                edition="ru",
                slug=f"poisk-{start + i}",
                title=sentence(rng.randint(5, 9))[:-1],
                lead=sentence(18),
                body=paragraphs_to_html([sentence(45) for _ in range(5)]),
                section=rng.choice(sections),
                status=Article.Status.PUBLISHED,
                published_at=now - (now - now.replace(year=now.year - 1)) * rng.random(),
            )
            for i in range(min(2000, count - start))
        )
    print(f"generated {count} articles in {time.perf_counter() - started:.0f} s")
    return vocabulary, weights


def queries(vocabulary: list[str], total: int, rng: random.Random) -> list[tuple[str, str]]:
    common, rare = vocabulary[:200], vocabulary[5000:]
    kinds = [
        ("one word", lambda: rng.choice(common + rare[:2000])),
        ("two words", lambda: f"{rng.choice(common)} {rng.choice(rare[:3000])}"),
        # Readers quote names and set phrases, not pairs of the commonest words.
        ("phrase", lambda: f'"{rng.choice(vocabulary[200:3000])} {rng.choice(common)}"'),
        ("prefix", lambda: rng.choice(rare)[:4] + "*"),
        ("no result", lambda: "щщщ" + rng.choice(rare)),
    ]
    return [(name, make()) for name, make in itertools.islice(itertools.cycle(kinds), total)]


def main() -> None:
    parser = argparse.ArgumentParser()
    add_database_arguments(parser)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=200, help="queries before measuring")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="build the archive once into xeber_search_<articles> and reuse it on later runs",
    )
    options = parser.parse_args()
    if options.keep:
        kept_database(options.db, f"xeber_search_{options.articles}")
        measure(options)
    else:
        with fresh_database(options.db):
            measure(options)


def build(options: argparse.Namespace, rng: random.Random) -> list[str]:
    from django.core.management import call_command
    from django.db import connection

    from xeber.news.models import Article
    from xeber.search.indexing import reindex

    kept = options.keep and "news_article" in connection.introspection.table_names()
    if kept and Article.objects.count() == options.articles:
        print(f"reusing the kept archive of {options.articles} articles")
        call_command("migrate", verbosity=0)  # what changed in the index since it was built
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        return make_vocabulary(rng)
    vocabulary, _ = fill(options.articles, rng)
    started = time.perf_counter()
    indexed = reindex()
    print(f"indexed {indexed} articles in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return vocabulary


def measure(options: argparse.Namespace) -> None:
    vocabulary = build(options, random.Random(20261125))
    rng = random.Random(20261126)  # its own generator: the same queries on a kept archive
    from xeber.search.backends import Filters
    from xeber.search.services import search

    # A server answers many searches: the analyser's word cache (for snippets) is warm.
    # Warm it with queries of their own, then measure others.
    for _kind, text in queries(vocabulary, options.warmup, random.Random(7)):
        search(text, Filters("ru"), 1, 20)
    timings: dict[str, list[float]] = {}
    found = 0
    for kind, text in queries(vocabulary, options.queries + 20, rng)[: options.queries]:
        begun = time.perf_counter()
        results = search(text, Filters("ru"), 1, 20)
        timings.setdefault(kind, []).append((time.perf_counter() - begun) * 1000)
        found += bool(results.hits)
    print(
        f"\n{options.db}, {options.articles} articles, {options.queries} queries "
        f"({found} found) after {options.warmup} others, search() with snippets"
    )
    print(f"{'kind':<10} {'n':>4} {'median ms':>10} {'p95 ms':>8}")
    every = [t for values in timings.values() for t in values]
    for kind, values in [*timings.items(), ("all", every)]:
        values = sorted(values)
        p95 = values[max(int(len(values) * 0.95) - 1, 0)]
        print(f"{kind:<10} {len(values):>4} {statistics.median(values):>10.2f} {p95:>8.2f}")


if __name__ == "__main__":
    main()
