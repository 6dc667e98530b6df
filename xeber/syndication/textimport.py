"""Importing articles in the plain-text rendition (FORMAT.md section 1): `xeber import-text`.

Each file goes in through the article save service, all or nothing: a refused file leaves
no trace. Files go in batches, one transaction each (a savepoint per file), and the batch
is indexed for search in one go when it commits. Every lookup a file needs is an indexed
one, so the thousandth file of a big archive costs what the first did (bench/imports.py).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone

from xeber.core.html import paragraphs_to_html
from xeber.editorial.services import article_create, articles_import
from xeber.live.textio import live_from_text
from xeber.news.models import Article, Section
from xeber.news.textformat import TextArticle, TextFormatError, parse_text
from xeber.rates.services import rates_record_missing
from xeber.search.indexing import indexing_in_bulk

logger = logging.getLogger(__name__)

_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
_AZERBAIJANI = re.compile(r"[əƏıİşŞğĞçÇöÖüÜ]")
DEFAULT_SECTION = {"ru": "Новости", "az": "Xəbərlər", "en": "News"}
# A paragraph that is a gallery, an image or an embed: an article opening with one has no lead.
_BLOCK = re.compile(r"^(?:\[(?:gallery|image) \d+\]|[a-z][a-z0-9+.-]*://\S+)$", re.IGNORECASE)
# Imported archives carry a date but no time: noon keeps the date right in any zone.
IMPORT_TIME = dt.time(12, 0)
# Files per transaction: a commit per file would cost more than the file.
BATCH = 200
PUBLISHED = Article.Status.PUBLISHED


def detect_edition(text: TextArticle) -> str:
    sample = " ".join([text.title, *text.paragraphs])
    if len(_CYRILLIC.findall(sample)) > len(_LATIN.findall(sample)):
        return "ru"
    if _AZERBAIJANI.search(sample):
        return "az"
    return "en"


@dataclass(frozen=True)
class ImportOutcome:
    path: Path
    status: str  # "imported", "skipped" or "refused"
    detail: str
    article: Article | None = None

    def line(self) -> str:
        return f"{self.path}: {self.status}: {self.detail}"


@dataclass
class _Planned:
    """A file read and checked, waiting for its batch to be stored."""

    path: Path
    text: TextArticle
    data: dict

    @property
    def identity(self) -> tuple[str, str, dt.datetime]:
        return self.data["edition"], self.data["title"], self.data["published_at"]


class TextImport:
    """Imports files into one edition (or each into its detected one) and section,
    remembering the sections and the day's rates it has looked up: each is read once
    per run, not once per file."""

    def __init__(self, *, edition: str | None = None, section: str | None = None) -> None:
        self.edition, self.section = edition, section
        self.sections: dict[str, Section] = {}
        self.usd: dict[dt.date, Decimal] = {}

    def batch(self, paths: list[Path]) -> list[ImportOutcome]:
        """Import files, each all or nothing; never raises for bad input. The files that
        read well are stored together (the save service's articles_import), after one
        lookup for those imported before."""
        outcomes: dict[Path, ImportOutcome] = {}
        planned = []
        for path in paths:
            try:
                planned.append(self._plan(path))
            except TextFormatError as error:
                where = f"line {error.line}: " if error.line else ""
                outcomes[path] = ImportOutcome(path, "refused", f"{where}{error.message}")
            except OSError as error:
                outcomes[path] = ImportOutcome(path, "refused", f"cannot read: {error.strerror}")
        known = _already_imported([plan.identity for plan in planned])
        fresh = {}  # a second copy in this batch goes as the first does (below)
        for plan in planned:
            if plan.identity in known:
                outcomes[plan.path] = ImportOutcome(
                    plan.path, "skipped", f"already imported as article {known[plan.identity]}"
                )
            else:
                fresh.setdefault(plan.identity, plan)
        stored, articles = {}, self._store(list(fresh.values()))
        notes = self._rate_notes(
            [plan for plan, article in articles if isinstance(article, Article)]
        )
        for plan, article in articles:
            outcomes[plan.path] = stored[plan.identity] = _outcome(plan, article, notes)
        for plan in planned:
            if plan.path not in outcomes:  # the copy of a file above: as that one went
                outcomes[plan.path] = _copy(stored[plan.identity], plan.path)
        return [outcomes[path] for path in paths]

    def _plan(self, path: Path) -> _Planned:
        text = parse_text(path.read_bytes())
        edition = self.edition or detect_edition(text)
        paragraphs = text.paragraphs
        has_lead = len(paragraphs) > 1 and not _BLOCK.match(paragraphs[0])
        lead, body = (paragraphs[0], paragraphs[1:]) if has_lead else ("", paragraphs)
        data = {
            "edition": edition,
            "title": text.title,
            "lead": lead,
            "body": paragraphs_to_html(list(body)),
            "section": self._section(edition),
            "published_at": timezone.make_aware(dt.datetime.combine(text.date, IMPORT_TIME)),
            "header_breaking": text.breaking,
            "header_rate_fixed": True,
            "header_usd": text.usd,
        }
        return _Planned(path, text, data)

    def _store(self, fresh: list[_Planned]) -> list[tuple[_Planned, Article | str]]:
        """Each file's new article (with a live page's entries), or why it was refused.
        Together in one statement per table; if the database refuses that (another writer
        took a slug meanwhile), one by one."""
        if not fresh:
            return []
        try:
            with transaction.atomic():
                items = [(plan.data, _note(plan)) for plan in fresh]
                articles = articles_import(items=items, status=PUBLISHED)
                for plan, article in zip(fresh, articles, strict=True):
                    _store_live_part(article, plan)
        except DatabaseError:
            articles = [self._store_one(plan) for plan in fresh]
        return list(zip(fresh, articles, strict=True))

    def _store_one(self, plan: _Planned) -> Article | str:
        try:
            with transaction.atomic():
                data, note = plan.data, _note(plan)
                article = article_create(user=None, data=data, status=PUBLISHED, note=note)
                _store_live_part(article, plan)
                return article
        except DatabaseError as error:
            return f"not stored: {error}"

    def _section(self, edition: str) -> Section:
        if edition not in self.sections:
            self.sections[edition] = _default_section(edition, self.section)
        return self.sections[edition]

    def _rate_notes(self, stored: list[_Planned]) -> dict[Path, str]:
        """What each stored file's header rate says against the official one. The days the
        newsroom had no rate for get the rate of their first file, recorded together."""
        dated = [plan for plan in stored if plan.text.usd is not None]
        missing: dict[dt.date, Decimal] = {}
        for plan in dated:
            if plan.text.date not in self.usd:
                missing.setdefault(plan.text.date, plan.text.usd)
        recorded = set()
        if missing:
            known = rates_record_missing(code="USD", values=missing, source="text-import")
            self.usd |= {day: rate for day, (rate, _) in known.items()}
            recorded = {day for day, (_, now) in known.items() if now}
        notes = {}
        for plan in dated:
            day, usd, official = plan.text.date, plan.text.usd, self.usd[plan.text.date]
            if day in recorded:
                recorded.discard(day)  # said once, by the day's first file
                notes[plan.path] = f"; recorded USD {usd} for {day}"
            elif official != usd:
                logger.warning(
                    "%s: header USD %s differs from the official %s for %s; the article keeps %s",
                    plan.path,
                    usd,
                    official,
                    day,
                    usd,
                )
                notes[plan.path] = (
                    f"; warning: header USD {usd} differs from the official {official}"
                )
        return notes


def _store_live_part(article: Article, plan: _Planned) -> None:
    """A live page's coverage and entries, in its article's transaction."""
    if plan.text.live is not None:
        live_from_text(article, plan.text.live)


def _note(plan: _Planned) -> str:
    return f"imported from {plan.path.name}"


def _outcome(plan: _Planned, article: Article | str, rate_notes: dict[Path, str]) -> ImportOutcome:
    if isinstance(article, str):
        return ImportOutcome(plan.path, "refused", article)
    detail = f"article {article.pk} ({article.edition}){rate_notes.get(plan.path, '')}"
    return ImportOutcome(plan.path, "imported", detail, article)


def _copy(original: ImportOutcome, path: Path) -> ImportOutcome:
    if original.article is None:
        return ImportOutcome(path, "refused", original.detail)
    return ImportOutcome(path, "skipped", f"already imported as article {original.article.pk}")


def _default_section(edition: str, slug: str | None) -> Section:
    if slug:
        try:
            return Section.objects.get(edition=edition, slug=slug)
        except Section.DoesNotExist:
            raise TextFormatError(0, f"no section {slug!r} in edition {edition!r}") from None
    section = Section.objects.filter(edition=edition).first()
    if section is None:
        section = Section.objects.create(
            edition=edition, name=DEFAULT_SECTION[edition], slug="news"
        )
    return section


def _already_imported(identities: list[tuple[str, str, dt.datetime]]) -> dict:
    """The ids of the articles having these (edition, title, publication time), by them.
    Every status is listed and no order asked for, so that the (edition, status,
    published_at) index finds the few articles of those times: with an ORDER BY, SQLite
    walked every article of the edition (0.46 s at 100,000 articles)."""
    found = {}
    for edition in {edition for edition, _, _ in identities}:
        ours = [identity for identity in identities if identity[0] == edition]
        same = Article.objects.filter(
            edition=edition,
            status__in=Article.Status.values,
            published_at__in={at for _, _, at in ours},
            title__in={title for _, title, _ in ours},
        )
        for pk, title, at in same.order_by().values_list("pk", "title", "published_at"):
            found.setdefault((edition, title, at), pk)
    return found


def import_text_file(
    path: Path, *, edition: str | None = None, section: str | None = None
) -> ImportOutcome:
    """Import one file, all or nothing; never raises for bad input."""
    return next(import_text_files([path], edition=edition, section=section))


def import_text_files(
    paths: list[Path], *, edition: str | None = None, section: str | None = None
) -> Iterator[ImportOutcome]:
    """Import many files, BATCH to a transaction; each file all or nothing."""
    importer = TextImport(edition=edition, section=section)
    for start in range(0, len(paths), BATCH):
        with transaction.atomic(), indexing_in_bulk():
            outcomes = importer.batch(paths[start : start + BATCH])
        yield from outcomes


def text_files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        found.extend(sorted(path.rglob("*.txt")) if path.is_dir() else [path])
    return found


def valid_edition(edition: str | None) -> str | None:
    codes = [code for code, _ in settings.LANGUAGES]
    if edition is not None and edition not in codes:
        raise ValueError(f"unknown edition {edition!r}: expected one of {', '.join(codes)}")
    return edition
