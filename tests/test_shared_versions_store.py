"""Where the page cache's versions live without Redis (xeber/pagecache/sqlitecache.py): one
SQLite file that every process of the machine reads and writes, each through its own
connection."""

import os
import stat
import time

from xeber.pagecache.sqlitecache import SQLiteCache


def test_what_one_connection_writes_another_reads_and_expired_entries_are_gone(tmp_path):
    path = str(tmp_path / "cache" / "versions.sqlite3")  # its folder made when first used
    writer, reader = SQLiteCache(path, {}), SQLiteCache(path, {})
    writer.set_many({"version": 1_764_000_000_123_456_789, "memo": {"until": "noon"}}, None)
    assert reader.get_many(["version", "memo", "never"]) == {
        "version": 1_764_000_000_123_456_789,
        "memo": {"until": "noon"},
    }
    assert reader.add("version", 2, None) is False  # a version is never overwritten by add
    writer.set("short", "lived", 1)
    assert reader.add("short", "other", None) is False and reader.get("short") == "lived"
    time.sleep(1.05)
    assert reader.get("short") is None and not reader.has_key("short")
    assert reader.add("short", "new", None) is True and writer.get("short") == "new"
    assert writer.delete("version") and reader.get("version") is None
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600  # its owner's only: it holds pickles
