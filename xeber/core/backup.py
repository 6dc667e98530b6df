"""Consistent backups: the database as one snapshot, plus the uploaded media.

SQLite is copied with its online backup API (readers and writers may carry on);
PostgreSQL with pg_dump (one transaction, custom format) and restored with pg_restore.
A backup holds every account's password hash and every unpublished draft: its folders are
0700 and its files 0600 whatever the umask; restored media become readable again, as
uploads are, for nginx to serve.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from xeber.core.owner_only import OWNER_DIR, chmod_tree, restrict_tree

SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"


class BackupError(RuntimeError):
    pass


def _pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "PGHOST": db.get("HOST") or "",
        "PGPORT": str(db.get("PORT") or ""),
        "PGUSER": db.get("USER") or "",
        "PGDATABASE": connection.settings_dict["NAME"],
    }
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _run(command: list[str]) -> None:
    if not shutil.which(command[0]):
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client)")
    # The command is ours (pg_dump or pg_restore with fixed options and our own paths).
    result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True)  # noqa: S603
    if result.returncode:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-500:]}")


def backup(target: Path) -> dict:
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: choose a new folder")
    target.mkdir(parents=True, exist_ok=True)
    target.chmod(OWNER_DIR)  # before anything is written into it
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        with sqlite3.connect(target / SQLITE_FILE) as copy:
            connection.connection.backup(copy)
    elif connection.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target / PG_FILE}"])
    else:
        raise BackupError(f"no backup for {connection.vendor}")
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        shutil.copytree(media, target / "media")
    manifest = {
        "created": timezone.now().isoformat(),
        "engine": connection.vendor,
        "media": media.exists(),
    }
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2))
    restrict_tree(target)  # the files too, so that copies made of them stay private
    return manifest


def restore(source: Path) -> dict:
    try:
        manifest = json.loads((source / "manifest.json").read_text())
    except (OSError, ValueError):
        raise BackupError(f"{source} has no readable manifest.json: not a Xeber backup") from None
    if manifest.get("engine") != connection.vendor:
        raise BackupError(f"the backup is of {manifest.get('engine')}, this is {connection.vendor}")
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        with sqlite3.connect(source / SQLITE_FILE) as copy:
            copy.backup(connection.connection)
    else:
        connection.close()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={_pg_env()['PGDATABASE']}",
                str(source / PG_FILE),
            ]
        )
    if manifest.get("media"):
        media = Path(settings.MEDIA_ROOT)
        shutil.rmtree(media, ignore_errors=True)
        shutil.copytree(source / "media", media)
        _give_upload_modes(media)
    return manifest


def _give_upload_modes(media: Path) -> None:
    """The backup's owner-only modes off the media again: nginx serves them to readers."""
    chmod_tree(
        media,
        folders=settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS or 0o755,
        files=settings.FILE_UPLOAD_PERMISSIONS or 0o644,
    )
