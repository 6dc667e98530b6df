"""Files no other local user may read: the SQLite database, the secret key, backups.

Modes are set explicitly instead of trusting the umask, which belongs to whoever started
the process (a shell, cron, systemd) and usually lets everyone read. The var dir itself
is 0711, not 0700: nginx serves var/static and var/media from inside it
(deploy/nginx-xeber.conf), so others may pass through it but not list it, and each file
in it is guarded by its own mode. Media stay readable on purpose: they are published.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from django.conf import settings

OWNER_FILE = 0o600
OWNER_DIR = 0o700
VAR_DIR = 0o711  # traversable, so that nginx reaches var/static and var/media
SQLITE_FILES = ("", "-wal", "-shm", "-journal")  # the database and SQLite's companions

logger = logging.getLogger(__name__)


def narrow(path: Path, allowed: int) -> None:
    """Take from `path` every permission bit outside `allowed`; never add one."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & ~allowed:
            path.chmod(mode & allowed)
    except FileNotFoundError:
        pass
    except OSError as error:  # not ours, or a read-only file system: say so, keep running
        logger.warning("cannot restrict the permissions of %s: %s", path, error)


def chmod_tree(root: Path, *, folders: int, files: int) -> None:
    """Give `root` and every folder under it the mode `folders`, every file `files`."""
    root.chmod(folders)
    for folder, subfolder_names, file_names in os.walk(root):
        for name in subfolder_names:
            Path(folder, name).chmod(folders)
        for name in file_names:
            Path(folder, name).chmod(files)


def restrict_tree(root: Path) -> None:
    """Make `root` and everything under it readable by its owner only (a backup)."""
    chmod_tree(root, folders=OWNER_DIR, files=OWNER_FILE)


def prepare_var_dir() -> None:
    """Create the var dir traversable-only, and narrow what an older install left open."""
    var_dir = Path(settings.VAR_DIR)
    try:
        var_dir.mkdir(parents=True)
        var_dir.chmod(VAR_DIR)
    except FileExistsError:
        narrow(var_dir, VAR_DIR)
    except OSError as error:  # e.g. a read-only image that keeps its data elsewhere
        logger.warning("cannot create the var dir %s: %s", var_dir, error)
    narrow(var_dir / "secret_key", OWNER_FILE)


def restrict_sqlite_database(*, connection, **kwargs) -> None:
    """connection_created: the SQLite file (new or old) and its journals, owner-only.

    SQLite creates a new file with 0644 less the umask, and no row is in it before this
    runs; the journals SQLite makes afterwards copy the database file's mode.
    """
    if connection.vendor != "sqlite" or connection.is_in_memory_db():
        return
    name = str(connection.settings_dict["NAME"])
    for suffix in SQLITE_FILES:
        narrow(Path(name + suffix), OWNER_FILE)
