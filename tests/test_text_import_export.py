"""Importing and exporting articles through the database, byte for byte."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis.extra.django import TestCase as HypothesisTestCase

from tests.test_textformat import CANONICAL, articles
from xeber.editorial.models import AuditEntry
from xeber.news.models import Article
from xeber.news.textformat import render_text
from xeber.news.textio import article_to_text
from xeber.rates.models import Rate
from xeber.search.backends import Filters
from xeber.search.services import search
from xeber.syndication.textimport import import_text_file

pytestmark = pytest.mark.django_db

AZ_FILE = (
    " date 2026-03-16\n\n\nBakıda yeni park açılıb\n\n"
    "Şəhərin mərkəzində yeni park istifadəyə verilib.\n\nParkda uşaq meydançası var.\n\n"
).encode()
EN_FILE = b" date 2026-03-16 USD 1.7000\n\n\nNew park opens\n\nA park opened.\n\n"


def write(directory: Path, name: str, data: bytes) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_import_then_export_gives_identical_bytes(tmp_path):
    path = write(tmp_path, "a.txt", CANONICAL)
    outcome = import_text_file(path)
    assert outcome.status == "imported", outcome.line()
    assert article_to_text(outcome.article).encode() == CANONICAL


def test_it_detects_the_edition_from_the_text(tmp_path):
    ru = import_text_file(write(tmp_path, "ru.txt", CANONICAL)).article
    az = import_text_file(write(tmp_path, "az.txt", AZ_FILE)).article
    en = import_text_file(write(tmp_path, "en.txt", EN_FILE)).article
    assert (ru.edition, az.edition, en.edition) == ("ru", "az", "en")
    assert ru.is_public and ru.section.name == "Новости"


def test_lang_option_overrides_detection(tmp_path, capsys):
    write(tmp_path, "x.txt", EN_FILE)
    call_command("import-text", str(tmp_path), "--lang", "az")
    assert Article.objects.get().edition == "az"


def test_the_command_imports_directories_recursively_and_reports_each_file(tmp_path, capsys):
    write(tmp_path, "2026/03/a.txt", CANONICAL)
    write(tmp_path, "2026/03/b.txt", AZ_FILE)
    write(tmp_path, "notes.md", b"ignored")
    call_command("import-text", str(tmp_path))
    out = capsys.readouterr().out
    assert out.count(": imported: ") == 2
    assert "2 imported, 0 skipped, 0 refused" in out


def test_imported_articles_are_saved_by_the_service_and_found_by_search(
    tmp_path, django_capture_on_commit_callbacks
):
    write(tmp_path, "a.txt", AZ_FILE)
    write(tmp_path, "b.txt", EN_FILE)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("import-text", str(tmp_path))
    assert len([c for c in callbacks if "index_article_ids" in c.__code__.co_names]) == 1
    article = Article.objects.get(edition="az")
    revision = article.revisions.get()
    assert revision.note == "imported from a.txt" and revision.created_by is None
    assert AuditEntry.objects.filter(article=article, action="created").exists()
    found = search("park", Filters("az"), 1, 10)  # indexed with the batch, at its commit
    assert [hit.article.pk for hit in found.hits] == [article.pk]


def test_a_broken_file_is_refused_with_its_line_and_imports_nothing(tmp_path, capsys):
    good = write(tmp_path, "good.txt", CANONICAL)
    bad = write(tmp_path, "bad.txt", b" date 2026-03-14\nB\n\n\n\nP\n\n")
    with pytest.raises(CommandError):
        call_command("import-text", str(bad), str(good))
    captured = capsys.readouterr()
    assert f"{bad}: refused: line 4: no title" in captured.err
    assert Article.objects.count() == 1  # the good file still went in, the bad one not at all


def test_a_refused_file_leaves_no_rate_behind(tmp_path):
    outcome = import_text_file(
        write(tmp_path, "bad.txt", b" date 2026-03-14 USD 1.7000\n\n\nT\n\n")
    )
    assert outcome.status == "refused"
    assert not Rate.objects.exists() and not Article.objects.exists()


def test_importing_the_same_file_twice_skips_it(tmp_path):
    path = write(tmp_path, "a.txt", CANONICAL)
    import_text_file(path)
    again = import_text_file(path)
    assert again.status == "skipped" and Article.objects.count() == 1


def test_the_header_rate_is_recorded_when_the_newsroom_has_none(tmp_path):
    import_text_file(write(tmp_path, "a.txt", CANONICAL))
    rate = Rate.objects.get(code="USD", date=dt.date(2026, 3, 14))
    assert rate.per_unit == Decimal("1.7000") and rate.source == "text-import"


def test_a_differing_header_rate_warns_and_the_article_keeps_its_own(tmp_path, caplog):
    Rate.objects.create(code="USD", date=dt.date(2026, 3, 14), value=Decimal("1.7025"))
    outcome = import_text_file(write(tmp_path, "a.txt", CANONICAL))
    assert "differs from the official 1.7025" in outcome.detail
    assert "differs from the official" in caplog.text
    assert article_to_text(outcome.article).encode() == CANONICAL
    assert Rate.objects.get(code="USD").value == Decimal("1.7025")


def test_export_uses_the_official_rate_of_the_publication_day(newsroom):
    text = article_to_text(newsroom.main)
    day = newsroom.main.published_at.astimezone().date()
    assert text.startswith(" date ") and " USD 1.7000\n" in text.splitlines(True)[0]
    assert newsroom.main.title in text and text.endswith("Закон вступит в силу весной.\n\n")
    assert str(day.year) in text


def test_export_command_prints_one_article_and_writes_a_directory(newsroom, tmp_path, capsys):
    call_command("export-text", "--id", str(newsroom.main.pk))
    assert capsys.readouterr().out == article_to_text(newsroom.main)
    call_command("export-text", "--out", str(tmp_path / "out"))
    files = sorted((tmp_path / "out").glob("*.txt"))
    assert len(files) == Article.objects.count()


def test_the_article_page_offers_its_text_rendition(client, newsroom):
    response = client.get(newsroom.main.get_text_url())
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == article_to_text(newsroom.main)
    assert (
        newsroom.main.get_text_url()
        in client.get(newsroom.main.get_absolute_url()).content.decode()
    )


class TestRoundTripThroughTheDatabase(HypothesisTestCase):
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(article=articles)
    def test_any_canonical_file_comes_back_identical(self, article):
        import tempfile

        canonical = render_text(article).encode()
        with tempfile.TemporaryDirectory() as directory:
            outcome = import_text_file(write(Path(directory), "x.txt", canonical))
        assert outcome.status == "imported", outcome.line()
        assert article_to_text(outcome.article).encode() == canonical
