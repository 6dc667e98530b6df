"""What other local users may not read: the SQLite database, the secret key, the var dir.

Each test runs the real `xeber` command in a fresh process under the common umask 022.
"""

import os
import stat
import subprocess
import sys


def xeber(*args: str, var_dir) -> None:
    env = {
        "PATH": os.environ["PATH"],
        "SECRET_KEY": "test-only-secret-key-not-used-anywhere-else",
        "HTTPS": "false",
        "XEBER_VAR_DIR": str(var_dir),
    }
    command = os.path.join(os.path.dirname(sys.executable), "xeber")
    result = subprocess.run([command, *args], env=env, capture_output=True, text=True, umask=0o022)
    assert result.returncode == 0, result.stdout + result.stderr


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_migrate_creates_the_sqlite_database_for_its_owner_only(tmp_path):
    var_dir = tmp_path / "var"
    xeber("migrate", "--noinput", "-v0", var_dir=var_dir)
    assert mode(var_dir / "xeber.sqlite3") == 0o600
    assert mode(var_dir) == 0o711  # others pass through to static/ and media/, never list


def test_an_older_install_is_narrowed_at_the_next_start(tmp_path):
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    var_dir.chmod(0o755)
    for name in ("secret_key", "xeber.sqlite3"):  # as `make` and SQLite made them before
        (var_dir / name).touch()
        (var_dir / name).chmod(0o644)
    xeber("check", "--database", "default", var_dir=var_dir)
    assert (mode(var_dir), mode(var_dir / "secret_key")) == (0o711, 0o600)
    assert mode(var_dir / "xeber.sqlite3") == 0o600
