"""Export and import of articles in the plain-text rendition (FORMAT.md section 1)."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from xeber.core.html import html_to_paragraphs, paragraphs_to_html
from xeber.news.models import Article, Section
from xeber.news.services import unique_article_slug
from xeber.news.textformat import TextArticle, TextFormatError, parse_text, render_text
from xeber.rates.models import Rate
from xeber.rates.selectors import usd_rate_on
from xeber.rates.services import rate_record_if_missing

logger = logging.getLogger(__name__)

_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
_AZERBAIJANI = re.compile(r"[əƏıİşŞğĞçÇöÖüÜ]")
DEFAULT_SECTION = {"ru": "Новости", "az": "Xəbərlər", "en": "News"}
# Imported archives carry a date but no time: noon keeps the date right in any zone.
IMPORT_TIME = dt.time(12, 0)


def article_to_text(article: Article) -> str:
    day = timezone.localdate(article.published_at)
    usd = article.header_usd if article.header_rate_fixed else usd_rate_on(day)
    paragraphs = ([article.lead] if article.lead.strip() else []) + html_to_paragraphs(article.body)
    return render_text(
        TextArticle(day, usd, article.header_breaking, article.title, tuple(paragraphs))
    )


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


def _note_rate(text: TextArticle, path: Path) -> str:
    if text.usd is None:
        return ""
    if rate_record_if_missing(code="USD", day=text.date, value=text.usd, source="text-import"):
        return f"; recorded USD {text.usd} for {text.date}"
    known = Rate.objects.get(code="USD", date=text.date).per_unit
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


@transaction.atomic
def article_import_text(
    *, text: TextArticle, path: Path, edition: str | None = None, section: str | None = None
) -> ImportOutcome:
    edition = edition or detect_edition(text)
    published_at = timezone.make_aware(dt.datetime.combine(text.date, IMPORT_TIME))
    existing = Article.objects.filter(
        edition=edition, title=text.title, published_at=published_at
    ).first()
    if existing:
        return ImportOutcome(path, "skipped", f"already imported as article {existing.pk}")
    lead, body = (
        (text.paragraphs[0], text.paragraphs[1:])
        if len(text.paragraphs) > 1
        else ("", text.paragraphs)
    )
    article = Article.objects.create(
        edition=edition,
        title=text.title,
        slug=unique_article_slug(edition=edition, title=text.title),
        lead=lead,
        body=paragraphs_to_html(list(body)),
        section=_default_section(edition, section),
        status=Article.Status.PUBLISHED,
        published_at=published_at,
        header_breaking=text.breaking,
        header_rate_fixed=True,
        header_usd=text.usd,
    )
    note = _note_rate(text, path)
    return ImportOutcome(path, "imported", f"article {article.pk} ({edition}){note}", article)


def import_text_file(
    path: Path, *, edition: str | None = None, section: str | None = None
) -> ImportOutcome:
    """Import one file, all or nothing; never raises for bad input."""
    try:
        text = parse_text(path.read_bytes())
        return article_import_text(text=text, path=path, edition=edition, section=section)
    except TextFormatError as error:
        where = f"line {error.line}: " if error.line else ""
        return ImportOutcome(path, "refused", f"{where}{error.message}")
    except OSError as error:
        return ImportOutcome(path, "refused", f"cannot read: {error.strerror}")


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
