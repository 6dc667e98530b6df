"""`xeber backup` and `xeber restore`: a round trip on the suite's own database engine."""

import os
import stat

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tests.factories import make_article, make_section
from xeber.news.models import Article

pytestmark = pytest.mark.django_db(transaction=True)


def test_backup_then_restore_gives_back_articles_and_media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "images").mkdir(parents=True)
    (tmp_path / "media" / "images" / "port.jpg").write_bytes(b"jpeg bytes")
    section = make_section("ru", "Политика", "politics")
    kept = make_article(section, title="Статья до резервной копии")
    call_command("backup", str(tmp_path / "backup"))

    Article.objects.all().delete()
    make_article(section, title="Статья после резервной копии")
    (tmp_path / "media" / "images" / "port.jpg").unlink()

    call_command("restore", str(tmp_path / "backup"))
    assert list(Article.objects.values_list("title", flat=True)) == [kept.title]
    assert (tmp_path / "media" / "images" / "port.jpg").read_bytes() == b"jpeg bytes"


def test_backup_refuses_a_folder_in_use_and_restore_a_foreign_one(tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path / "used"))
    with pytest.raises(CommandError, match="not a Xeber backup"):
        call_command("restore", str(tmp_path / "used"))


@pytest.fixture
def everyone_may_read():
    """The umask most shells and services start with: new files are 0644."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def modes(root):
    return {
        str(path.relative_to(root)): stat.S_IMODE(path.stat().st_mode)
        for path in [root, *root.rglob("*")]
    }


def test_a_backup_is_for_its_owner_only_and_restored_media_are_public(
    tmp_path, settings, everyone_may_read
):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "images").mkdir(parents=True)
    (tmp_path / "media" / "images" / "port.jpg").write_bytes(b"jpeg bytes")
    call_command("backup", str(tmp_path / "backup"))

    database = "database.sqlite3" if connection.vendor == "sqlite" else "database.pgdump"
    assert modes(tmp_path / "backup") == {
        **dict.fromkeys([".", "media", "media/images"], 0o700),
        **dict.fromkeys([database, "manifest.json", "media/images/port.jpg"], 0o600),
    }

    call_command("restore", str(tmp_path / "backup"))
    assert modes(tmp_path / "media") == {".": 0o755, "images": 0o755, "images/port.jpg": 0o644}
