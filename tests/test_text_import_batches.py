"""Importing plain-text files in batches: a batch is stored together (the save service's
articles_import), and each file stays all or nothing."""

from pathlib import Path

import pytest

from tests.db_triggers import installed
from xeber.editorial.models import AuditEntry, Revision
from xeber.news.models import Article
from xeber.search.backends import Filters
from xeber.search.services import search
from xeber.syndication.textimport import import_text_file, import_text_files

pytestmark = pytest.mark.django_db(transaction=True)


def story(day: str, title: str, text: str = "Bakıda yeni park açılıb.") -> bytes:
    return f" date {day}\n\n\n{title}\n\n{text}\n\nParkda uşaq meydançası var.\n\n".encode()


def files(folder: Path, contents: dict[str, bytes]) -> list[Path]:
    paths = []
    for name, data in contents.items():
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return paths


def test_a_second_copy_in_the_same_batch_is_skipped_naming_the_first(tmp_path):
    paths = files(
        tmp_path,
        {"a.txt": story("2026-03-16", "Yeni park"), "b.txt": story("2026-03-16", "Yeni park")},
    )
    first, second = import_text_files(paths)
    assert first.status == "imported"
    assert second.status == "skipped"
    assert second.detail == f"already imported as article {first.article.pk}"
    assert Article.objects.count() == 1


def test_titles_sharing_a_slug_get_numbered_ones_in_the_batch_and_after_the_archive(tmp_path):
    import_text_file(files(tmp_path, {"old.txt": story("2026-03-10", "Yeni park")})[0])
    paths = files(
        tmp_path,
        {
            "a.txt": story("2026-03-16", "Yeni park"),
            "b.txt": story("2026-03-17", "Yeni park!"),
            "c.txt": story("2026-03-18", "Başqa xəbər"),
        },
    )
    outcomes = list(import_text_files(paths))
    assert [outcome.article.slug for outcome in outcomes] == [
        "yeni-park-2",
        "yeni-park-3",
        "bashqa-xeber",
    ]


def test_each_article_of_a_batch_has_its_revision_audit_entry_and_search_entry(tmp_path):
    paths = files(
        tmp_path,
        {
            "a.txt": story("2026-03-16", "Park açılıb", "Mərkəzdə fəvvarə var."),
            "b.txt": story("2026-03-17", "Kitabxana açılıb", "Oxucular gəlir."),
        },
    )
    outcomes = list(import_text_files(paths, edition="az"))
    for outcome, path in zip(outcomes, paths, strict=True):
        revision = Revision.objects.get(article=outcome.article)
        assert (revision.number, revision.version) == (1, 1)
        assert revision.note == f"imported from {path.name}"
        assert revision.data["title"] == outcome.article.title
        assert AuditEntry.objects.filter(article=outcome.article, action="created").count() == 1
    found = search("oxucular", Filters("az"), 1, 10)
    assert [hit.article.pk for hit in found.hits] == [outcomes[1].article.pk]


REFUSE_TITLE = {
    "sqlite": [
        """CREATE TRIGGER refuse_title BEFORE INSERT ON news_article
           WHEN NEW.title = 'Refused by the database'
           BEGIN SELECT RAISE(ABORT, 'refused by a trigger'); END"""
    ],
    "postgresql": [
        """CREATE FUNCTION refuse_title() RETURNS trigger AS $$ BEGIN
             IF NEW.title = 'Refused by the database' THEN
               RAISE EXCEPTION 'refused by a trigger' USING ERRCODE = 'unique_violation';
             END IF; RETURN NEW; END $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER refuse_title BEFORE INSERT ON news_article
           FOR EACH ROW EXECUTE FUNCTION refuse_title()""",
    ],
}

DROP_REFUSE_TITLE = {
    "sqlite": ["DROP TRIGGER refuse_title"],
    "postgresql": ["DROP TRIGGER refuse_title ON news_article", "DROP FUNCTION refuse_title()"],
}


def test_a_file_the_database_refuses_is_refused_alone(tmp_path):
    """As when another writer takes a slug between the lookup and the insert: the batch's
    statement fails, and its files are then stored one by one."""
    paths = files(
        tmp_path,
        {
            "a.txt": story("2026-03-16", "Park açılıb"),
            "b.txt": story("2026-03-16", "Refused by the database"),
            "c.txt": story("2026-03-17", "Kitabxana açılıb"),
        },
    )
    with installed(REFUSE_TITLE, DROP_REFUSE_TITLE):
        outcomes = list(import_text_files(paths, edition="az"))
    assert [outcome.status for outcome in outcomes] == ["imported", "refused", "imported"]
    assert "refused by a trigger" in outcomes[1].detail
    assert sorted(Article.objects.values_list("title", flat=True)) == [
        "Kitabxana açılıb",
        "Park açılıb",
    ]
    assert Revision.objects.count() == AuditEntry.objects.count() == 2
