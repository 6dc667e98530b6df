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
from django.db import transaction
from django.utils import timezone

from xeber.core.html import paragraphs_to_html
from xeber.editorial.services import article_create
from xeber.news.models import Article, Section
from xeber.news.textformat import TextArticle, TextFormatError, parse_text
from xeber.rates.models import Rate
from xeber.rates.services import rate_record_if_missing
from xeber.search.indexing import indexing_in_bulk

logger = logging.getLogger(__name__)

_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
_AZERBAIJANI = re.compile(r"[əƏıİşŞğĞçÇöÖüÜ]")
DEFAULT_SECTION = {"ru": "Новости", "az": "Xəbərlər", "en": "News"}
# Imported archives carry a date but no time: noon keeps the date right in any zone.
IMPORT_TIME = dt.time(12, 0)
# Files per transaction: a commit per file would cost more than the file.
BATCH = 200


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


class TextImport:
    """Imports files into one edition (or each into its detected one) and section,
    remembering the sections and the day's rates it has looked up: each is read once
    per run, not once per file."""

    def __init__(self, *, edition: str | None = None, section: str | None = None) -> None:
        self.edition, self.section = edition, section
        self.sections: dict[str, Section] = {}
        self.usd: dict[dt.date, Decimal] = {}

    def file(self, path: Path) -> ImportOutcome:
        """Import one file, all or nothing; never raises for bad input."""
        try:
            return self.text(parse_text(path.read_bytes()), path)
        except TextFormatError as error:
            where = f"line {error.line}: " if error.line else ""
            return ImportOutcome(path, "refused", f"{where}{error.message}")
        except OSError as error:
            return ImportOutcome(path, "refused", f"cannot read: {error.strerror}")

    @transaction.atomic
    def text(self, text: TextArticle, path: Path) -> ImportOutcome:
        edition = self.edition or detect_edition(text)
        published_at = timezone.make_aware(dt.datetime.combine(text.date, IMPORT_TIME))
        existing = _already_imported(edition, text.title, published_at)
        if existing:
            return ImportOutcome(path, "skipped", f"already imported as article {existing}")
        paragraphs = text.paragraphs
        lead, body = (paragraphs[0], paragraphs[1:]) if len(paragraphs) > 1 else ("", paragraphs)
        data = {
            "edition": edition,
            "title": text.title,
            "lead": lead,
            "body": paragraphs_to_html(list(body)),
            "section": self._section(edition),
            "published_at": published_at,
            "header_breaking": text.breaking,
            "header_rate_fixed": True,
            "header_usd": text.usd,
        }
        note = f"imported from {path.name}"
        article = article_create(user=None, data=data, status=Article.Status.PUBLISHED, note=note)
        rate_note = self._note_rate(text, path)
        return ImportOutcome(
            path, "imported", f"article {article.pk} ({edition}){rate_note}", article
        )

    def _section(self, edition: str) -> Section:
        if edition not in self.sections:
            self.sections[edition] = _default_section(edition, self.section)
        return self.sections[edition]

    def _note_rate(self, text: TextArticle, path: Path) -> str:
        if text.usd is None:
            return ""
        known = self.usd.get(text.date)
        if known is None:
            if rate_record_if_missing(
                code="USD", day=text.date, value=text.usd, source="text-import"
            ):
                self.usd[text.date] = text.usd
                return f"; recorded USD {text.usd} for {text.date}"
            known = self.usd[text.date] = Rate.objects.get(code="USD", date=text.date).per_unit
        if known != text.usd:
            logger.warning(
                "%s: header USD %s differs from the official %s for %s; the article keeps %s",
                path,
                text.usd,
                known,
                text.date,
                text.usd,
            )
            return f"; warning: header USD {text.usd} differs from the official {known}"
        return ""


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


def _already_imported(edition: str, title: str, published_at: dt.datetime) -> int | None:
    """The id of an article with this title and time. Every status is listed and no order
    asked for (not even first()'s by id), so that the (edition, status, published_at) index
    finds the day's few articles: with an ORDER BY, SQLite walked every article of the
    edition (0.46 s at 100,000 articles)."""
    found = Article.objects.filter(
        edition=edition, status__in=Article.Status.values, published_at=published_at, title=title
    )
    return next(iter(found.order_by().values_list("pk", flat=True)[:1]), None)


def import_text_file(
    path: Path, *, edition: str | None = None, section: str | None = None
) -> ImportOutcome:
    """Import one file, all or nothing; never raises for bad input."""
    return TextImport(edition=edition, section=section).file(path)


def import_text_files(
    paths: list[Path], *, edition: str | None = None, section: str | None = None
) -> Iterator[ImportOutcome]:
    """Import many files, BATCH to a transaction; each file all or nothing."""
    importer = TextImport(edition=edition, section=section)
    for start in range(0, len(paths), BATCH):
        with transaction.atomic(), indexing_in_bulk():
            outcomes = [importer.file(path) for path in paths[start : start + BATCH]]
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
