"""One search backend per engine, behind the same small interface.

- SQLite: an FTS5 table, ranked by bm25 with column weights.
- PostgreSQL: a table of weighted tsvectors with a GIN index, ranked by ts_rank.

Both store the same normalised terms (normalize.py), so both behave the same; the
behaviour suite runs on each. A newsroom that outgrows PostgreSQL can add a backend for
an external engine (OpenSearch) with these five methods: upsert, delete, clear, search
and the SQL-free Query it receives; nothing else in Xeber talks to an engine.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from xeber.search.query import Clause, Query

# Title counts ten times a body word, the lead four times.
TITLE_WEIGHT, LEAD_WEIGHT, BODY_WEIGHT = 10.0, 4.0, 1.0
# Relevance is multiplied by up to 2 for today's news, fading over about a month.
RECENCY_DAYS = 30.0
# PostgreSQL ranks by relevance among this many newest matches (see PostgresBackend.search).
CANDIDATES = 1000


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


def _where(filters: Filters, now) -> tuple[str, list]:
    clauses = ["a.edition = %s", "a.status = 'published'", "a.published_at <= %s"]
    params: list = [filters.edition, now]
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
        quoted = '"' + " ".join(clause.terms) + '"'
        return quoted + "*" if clause.kind == "prefix" else quoted

    def expression(self, query: Query) -> str:
        text = " AND ".join(self._clause(clause) for clause in query.positive)
        if query.negative:
            text += " NOT (" + " OR ".join(self._clause(c) for c in query.negative) + ")"
        return text

    def upsert(self, documents: list[Document]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM {self.table} WHERE rowid = %s", [(d.article_id,) for d in documents]
            )
            cursor.executemany(
                f"INSERT INTO {self.table} (rowid, title, lead, body) VALUES (%s, %s, %s, %s)",
                [(d.article_id, d.title, d.lead, d.body) for d in documents],
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
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        where, params = _where(filters, now)
        if filters.by_date:
            order, order_params = "a.published_at DESC, a.id DESC", []
        else:
            order = (
                f"bm25({self.table}, {TITLE_WEIGHT}, {LEAD_WEIGHT}, {BODY_WEIGHT}) * (1.0 + 1.0 / "
                f"(1.0 + (julianday(%s) - julianday(a.published_at)) / {RECENCY_DAYS})), a.id DESC"
            )
            order_params = [now]
        sql = (
            f"SELECT a.id FROM {self.table} JOIN news_article a ON a.id = {self.table}.rowid "
            f"WHERE {self.table} MATCH %s AND {where} ORDER BY {order} LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.expression(query), *params, *order_params, limit, offset])
            return [row[0] for row in cursor.fetchall()]


class PostgresBackend:
    table = "search_document"

    @staticmethod
    def _clause(clause: Clause) -> str:
        if clause.kind == "prefix":
            text = f"'{clause.terms[0]}':*"
        else:
            text = " <-> ".join(f"'{t}'" for t in clause.terms)
        text = f"({text})"
        return f"!{text}" if clause.negated else text

    def expression(self, query: Query) -> str:
        return " & ".join(self._clause(clause) for clause in query.clauses)

    def upsert(self, documents: list[Document]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {self.table} (article_id, edition, section_id, published_at, vector) "
                "VALUES (%s, %s, %s, %s, setweight(to_tsvector('simple', %s), 'A') || "
                "setweight(to_tsvector('simple', %s), 'B') || "
                "setweight(to_tsvector('simple', %s), 'C')) "
                "ON CONFLICT (article_id) DO UPDATE SET vector = EXCLUDED.vector, "
                "edition = EXCLUDED.edition, section_id = EXCLUDED.section_id, "
                "published_at = EXCLUDED.published_at",
                [(d.article_id, d.edition, d.section_id, d.published_at, d.title, d.lead, d.body)
                 for d in documents],
            )  # fmt: skip

    def delete(self, article_ids: list[int]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table} WHERE article_id = ANY(%s)", [article_ids])

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {self.table}")

    def search(self, query: Query, filters: Filters, offset: int, limit: int) -> list[int]:
        """Matches are cut down inside the index table (it holds edition, section and time),
        newest first; only then is relevance computed, among the newest CANDIDATES: ts_rank
        reads every vector it ranks, and a common word matches half the archive."""
        now = timezone.now()
        where, params = ["d.edition = %s", "d.published_at <= %s"], [filters.edition, now]
        for clause, value in (("d.section_id = %s", filters.section_id),
                              ("d.published_at >= %s", filters.since),
                              ("d.published_at < %s", filters.until)):  # fmt: skip
            if value:
                where.append(clause)
                params.append(value)
        expression = self.expression(query)
        matches = (
            f"SELECT d.article_id, d.published_at, d.vector FROM {self.table} d "
            f"WHERE d.vector @@ to_tsquery('simple', %s) AND {' AND '.join(where)}"
        )
        if filters.by_date:
            sql = f"{matches} ORDER BY d.published_at DESC, d.article_id DESC LIMIT %s OFFSET %s"
            args = [expression, *params, limit, offset]
        else:
            # ts_rank's weights are {D, C, B, A}: body C, lead B, title A, as 1 : 4 : 10.
            sql = (
                f"SELECT c.article_id FROM ({matches} ORDER BY d.published_at DESC "
                f"LIMIT {CANDIDATES}) c ORDER BY ts_rank('{{0, 0.1, 0.4, 1.0}}', c.vector, "
                "to_tsquery('simple', %s)) * (1.0 + 1.0 / (1.0 + EXTRACT(EPOCH FROM "
                f"(%s - c.published_at)) / 86400.0 / {RECENCY_DAYS})) DESC, c.article_id DESC "
                "LIMIT %s OFFSET %s"
            )
            args = [expression, *params, expression, now, limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, args)
            return [row[0] for row in cursor.fetchall()]


def get_backend() -> SqliteBackend | PostgresBackend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    return SqliteBackend()
