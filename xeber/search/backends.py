"""One search backend per engine, behind the same small interface.

- SQLite: an FTS5 table, ranked by where the words are (title 10, lead 4, body 1: column
  weights added up, not bm25; see SqliteBackend.search).
- PostgreSQL: a table of weighted tsvectors with a GIN index, ranked by ts_rank.

Both store the same normalised terms (normalize.py), so both behave the same; the
behaviour suite runs on each. A newsroom that outgrows PostgreSQL can add a backend for
an external engine (OpenSearch) with these five methods: upsert, delete, clear, search
and the SQL-free Query it receives; nothing else in Xeber talks to an engine.
"""

from __future__ import annotations

import datetime as dt
import itertools
import time
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from xeber.news.models import Article
from xeber.news.querysets import public_params, public_sql
from xeber.search.query import Clause, Query


@contextmanager
def _planned_each_time():
    """Search queries are never prepared (settings.py prepares repeated queries): a cached
    plan would ignore the path chosen for these words (see _newest_by_time)."""
    connection.ensure_connection()
    driver = connection.connection
    threshold = driver.prepare_threshold
    driver.prepare_threshold = None
    try:
        yield
    finally:
        driver.prepare_threshold = threshold


# Title counts ten times a body word, the lead four times.
TITLE_WEIGHT, LEAD_WEIGHT, BODY_WEIGHT = 10.0, 4.0, 1.0
# Relevance is multiplied by up to 2 for today's news, fading over about a month.
RECENCY_DAYS = 30.0
# Relevance is ranked among this many newest matches of the whole text, and as many of
# the headline (see the backends' search).
CANDIDATES = 200
# Reading a row's whole vector (out of line, compressed) to test it costs about this many
# times a plain row visit; see PostgresBackend._newest_by_time.
VECTOR_READ_COST = 6


@dataclass(frozen=True)
class Document:
    article_id: int
    title: str
    lead: str
    body: str
    edition: str
    section_id: int
    published_at: dt.datetime


@dataclass(frozen=True)
class Filters:
    edition: str
    section_id: int | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    by_date: bool = False


# The index holds published articles only (indexing.py); of the public condition it keeps
# the time, which a scheduled article's row is still waiting for.
INDEXED_PUBLIC = ("published_at",)


def _where(filters: Filters, now) -> tuple[str, list]:
    clauses = ["a.edition = %s", public_sql(Article, "a")]
    params: list = [filters.edition, *public_params(Article, now)]
    if filters.section_id:
        clauses.append("a.section_id = %s")
        params.append(filters.section_id)
    if filters.since:
        clauses.append("a.published_at >= %s")
        params.append(connection.ops.adapt_datetimefield_value(filters.since))
    if filters.until:
        clauses.append("a.published_at < %s")
        params.append(connection.ops.adapt_datetimefield_value(filters.until))
    return " AND ".join(clauses), params


class SqliteBackend:
    table = "search_fts"

    @staticmethod
    def _clause(clause: Clause) -> str:
        """A phrase per combination of the words' alternatives (FTS5 has no alternatives
        inside a phrase; query.py keeps the combinations few)."""
        if clause.kind == "prefix":
            return f'"{clause.terms[0][0]}"*'
        phrases = ['"' + " ".join(words) + '"' for words in itertools.product(*clause.terms)]
        return phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")"

    def expression(self, query: Query, columns: str = "", scope: str = "") -> str:
        """The FTS5 query: the positive clauses in `columns` (all when empty) and `scope`,
        the excluded ones nowhere in the article."""
        text = " AND ".join(self._clause(clause) for clause in query.positive)
        text = f"{columns}({text})" + (f" AND {scope}" if scope else "")
        if query.negative:
            text += " NOT (" + " OR ".join(self._clause(c) for c in query.negative) + ")"
        return text

    @staticmethod
    def _scope(edition: str, section_id: int | None) -> str:
        return f"{edition} s{section_id}" if section_id else edition

    def upsert(self, documents: list[Document]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM {self.table} WHERE rowid = %s", [(d.article_id,) for d in documents]
            )
            cursor.executemany(
                f"INSERT INTO {self.table} (rowid, title, lead, body, scope) "
                "VALUES (%s, %s, %s, %s, %s)",
                [
                    (d.article_id, d.title, d.lead, d.body, self._scope(d.edition, d.section_id))
                    for d in documents
                ],
            )

    def delete(self, article_ids: list[int]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM {self.table} WHERE rowid = %s", [(i,) for i in article_ids]
            )

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table}")

    def search(self, query: Query, filters: Filters, offset: int, limit: int) -> list[int]:
        """Relevance is where the words are, title above lead above body (weights 10, 4
        and 1, added up), times the recency boost. FTS5 finds the matches of each column
        itself, newest (highest article id) first, and stops after CANDIDATES of each:
        bm25 was dropped because it reads every match of every term to weigh it, 100 ms
        for a word found in every article. Date ranges and ordering by date take every
        match, as the newest ids may all lie outside the range."""
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        where, params = _where(filters, now)
        scope = f"scope : ({self._scope(filters.edition, filters.section_id)})"
        every_match = filters.by_date or filters.since or filters.until
        limited = "" if every_match else f" ORDER BY rowid DESC LIMIT {CANDIDATES}"
        # Where the words are, by FTS5 column filter; the whole text is the last.
        places = [("{title} : ", TITLE_WEIGHT), ("{lead} : ", LEAD_WEIGHT), ("", BODY_WEIGHT)]
        if filters.by_date:
            places = places[-1:]  # the date alone orders: whole-text matches are enough
        matches, args = [], []
        for column_filter, weight in places:
            matches.append(
                f"SELECT * FROM (SELECT rowid, {weight} AS score FROM {self.table} "
                f"WHERE {self.table} MATCH %s{limited})"
            )
            args.append(self.expression(query, column_filter, scope))
        order, order_params = "a.published_at DESC, a.id DESC", []
        if not filters.by_date:
            recency = f"(julianday(%s) - julianday(a.published_at)) / {RECENCY_DAYS}"
            order, order_params = (
                f"SUM(m.score) * (1.0 + 1.0 / (1.0 + {recency})) DESC, a.id DESC",
                [now],
            )
        sql = (
            f"SELECT a.id FROM ({' UNION ALL '.join(matches)}) m "
            f"JOIN news_article a ON a.id = m.rowid WHERE {where} "
            f"GROUP BY a.id ORDER BY {order} LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*args, *params, *order_params, limit, offset])
            return [row[0] for row in cursor.fetchall()]


class PostgresBackend:
    table = "search_document"

    @staticmethod
    def _clause(clause: Clause) -> str:
        if clause.kind == "prefix":
            text = f"'{clause.terms[0][0]}':*"
        else:  # a word's alternatives are OR-ed, inside a phrase too
            text = " <-> ".join(
                "(" + " | ".join(f"'{t}'" for t in alternatives) + ")"
                for alternatives in clause.terms
            )
        text = f"({text})"
        return f"!{text}" if clause.negated else text

    def expression(self, query: Query) -> str:
        return " & ".join(self._clause(clause) for clause in query.clauses)

    def upsert(self, documents: list[Document]) -> None:
        head = (
            "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')"
        )
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {self.table} (article_id, edition, section_id, published_at, head, "
                f"vector) VALUES (%s, %s, %s, %s, {head}, {head} || "
                "setweight(to_tsvector('simple', %s), 'C')) "
                "ON CONFLICT (article_id) DO UPDATE SET vector = EXCLUDED.vector, "
                "head = EXCLUDED.head, edition = EXCLUDED.edition, "
                "section_id = EXCLUDED.section_id, published_at = EXCLUDED.published_at",
                [
                    (
                        d.article_id,
                        d.edition,
                        d.section_id,
                        d.published_at,
                        d.title,
                        d.lead,
                        d.title,
                        d.lead,
                        d.body,
                    )
                    for d in documents
                ],
            )

    def delete(self, article_ids: list[int]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table} WHERE article_id = ANY(%s)", [article_ids])

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {self.table}")

    def search(self, query: Query, filters: Filters, offset: int, limit: int) -> list[int]:
        """Relevance is computed among candidates: the newest CANDIDATES matches of the whole
        text and the newest CANDIDATES of the headline (so an older story with the words in
        its title still competes). ts_rank reads every vector it ranks, and a common word
        matches half the archive; the index table holds edition, section and time, so the
        matches are cut down before anything else is read."""
        now = timezone.now()
        where = ["d.edition = %s", public_sql(Article, "d", INDEXED_PUBLIC)]
        params = [filters.edition, *public_params(Article, now, INDEXED_PUBLIC)]
        for clause, value in (
            ("d.section_id = %s", filters.section_id),
            ("d.published_at >= %s", filters.since),
            ("d.published_at < %s", filters.until),
        ):
            if value:
                where.append(clause)
                params.append(value)
        where_sql = " AND ".join(where)
        expression = self.expression(query)

        def newest(column: str) -> str:
            return (
                f"SELECT d.article_id, d.published_at, d.vector FROM {self.table} d "
                f"WHERE d.{column} @@ to_tsquery('simple', %s) AND {where_sql} "
                "ORDER BY d.published_at DESC"
            )

        if filters.by_date:
            by_date = f"{newest('vector')}, d.article_id DESC LIMIT %s OFFSET %s"
            sql = f"SELECT article_id FROM ({by_date}) m"
            args = [expression, *params, limit, offset]
        else:
            candidates = f"({newest('vector')} LIMIT {CANDIDATES})"
            args = [expression, *params]
            if not query.negative:  # a headline match is then a match of the whole text
                candidates += f" UNION ALL ({newest('head')} LIMIT {CANDIDATES})"
                args += [expression, *params]
            # Rows carry their vectors along (read only by ts_rank), so nothing is looked up
            # twice. ts_rank's weights are {D, C, B, A}: body C, lead B, title A, 1 : 4 : 10.
            sql = (
                "SELECT c.article_id FROM (SELECT DISTINCT ON (article_id) * "
                f"FROM ({candidates}) u ORDER BY article_id) c "
                "ORDER BY ts_rank('{0, 0.1, 0.4, 1.0}', c.vector, to_tsquery('simple', %s)) * "
                "(1.0 + 1.0 / (1.0 + EXTRACT(EPOCH FROM (%s - c.published_at)) / 86400.0 / "
                f"{RECENCY_DAYS})) DESC, c.article_id DESC LIMIT %s OFFSET %s"
            )
            args += [expression, now, limit, offset]
        with _planned_each_time(), connection.cursor() as cursor:
            if self._newest_by_time(cursor, where_sql, [expression, *params]):
                cursor.execute(sql, args)
                return [row[0] for row in cursor.fetchall()]
        with _planned_each_time(), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_indexscan = off")  # for this query only
            cursor.execute(sql, args)
            return [row[0] for row in cursor.fetchall()]

    def _newest_by_time(self, cursor, where_sql: str, args: list) -> bool:
        """Whether walking the time index newest first, testing each row, finds the newest
        matches sooner than collecting every match from the GIN index and sorting them.

        The planner estimates how many rows match well, but prices testing a row at the
        cost of an operator, not of reading its vector out of line: left alone, it walks
        the time index for a word in 3% of the archive and reads 10,000 vectors. So its
        estimate is asked for, and the choice made here: the walk reads about
        CANDIDATES / selectivity rows, each VECTOR_READ_COST times a plain visit; the GIN
        path visits every match once."""
        cursor.execute(
            f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {self.table} d "
            f"WHERE d.vector @@ to_tsquery('simple', %s) AND {where_sql}",
            args,
        )
        plan = cursor.fetchone()[0]
        matches = plan[0]["Plan"]["Plan Rows"]
        walked = CANDIDATES * self._documents(cursor) / max(matches, 1.0)
        return walked * VECTOR_READ_COST < matches

    _documents_seen: tuple[float, float] = (0.0, 0.0)  # (when, how many), per process

    @classmethod
    def _documents(cls, cursor) -> float:
        """The planner's count of indexed documents, read again after a minute."""
        when, count = cls._documents_seen
        if time.monotonic() - when > 60:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [cls.table])
            count = max(cursor.fetchone()[0], 1.0)
            cls._documents_seen = (time.monotonic(), count)
        return count


def get_backend() -> SqliteBackend | PostgresBackend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    return SqliteBackend()
