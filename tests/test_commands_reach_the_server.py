"""`make run`'s setup (no Redis: pages in the server's memory) and a command run beside it,
as a timer or an editor would: what the command changes is on the server's pages at once.

A real gunicorn serves a SQLite file of its own; the commands are separate processes.
"""

import datetime as dt
import os
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from django.utils import timezone

from tests.bulletins import bulletin
from tests.loopback import LoopbackServer, Route, until

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DAY = timezone.localdate() - dt.timedelta(days=2)


class Site:
    def __init__(self, tmp: Path, bank: LoopbackServer):
        self.tmp = tmp
        self.env = {
            "PATH": os.environ["PATH"],
            "PYTHONPATH": str(ROOT),  # this tree's code, whatever the virtualenv points at
            "SECRET_KEY": "commands-test-key-shared-by-server-and-commands",
            "DATABASE_URL": f"sqlite:///{tmp / 'xeber.sqlite3'}",
            "XEBER_VAR_DIR": str(tmp),
            "HTTPS": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "LOG_LEVEL": "WARNING",
            "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "RATES_URL_TEMPLATE": bank.url + "/currencies/{date:%d.%m.%Y}.xml",
            "FETCH_ALLOW_PRIVATE_ADDRESSES": "true",
        }  # and no REDIS_URL
        self.port = _free_port()

    def run(self, *args: str) -> None:
        subprocess.run([BIN / "xeber", *args], cwd=ROOT, env=self.env, check=True, timeout=60)

    def import_article(self, title: str) -> None:
        path = self.tmp / "article.txt"
        path.write_text(f" date {DAY.isoformat()} USD 1.7000\n\n\n{title}\n\nТекст.\n\n")
        self.run("import-text", str(path))

    def get(self, path: str) -> tuple[str, str]:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=5) as answer:
            return answer.read().decode(), answer.headers.get("X-Cache", "")

    def serve(self) -> subprocess.Popen:
        # As `make run` serves: one process with threads.
        options = ["--bind", f"127.0.0.1:{self.port}", "--threads", "4", "--no-control-socket"]
        server = subprocess.Popen(
            [BIN / "gunicorn", "xeber.wsgi:application", *options],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not until(lambda: self.get("/healthz"), seconds=20):
            server.kill()
            raise RuntimeError("the server did not start")
        return server


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def bank():
    with LoopbackServer() as server:
        yield server


@pytest.fixture(scope="module")
def site(tmp_path_factory, bank):
    site = Site(tmp_path_factory.mktemp("site"), bank)
    site.run("migrate", "--noinput", "-v0")
    site.import_article("Первая статья архива")
    server = site.serve()
    yield site
    server.terminate()
    server.wait(timeout=10)


def _cached(site: Site, path: str) -> bool:
    """Served from the server's cache (once the clock margin after the last change passed)."""
    return until(lambda: site.get(path)[1] == "hit", seconds=5)


def test_an_article_imported_by_a_command_is_on_the_running_servers_archive_at_once(site):
    page = f"/ru/archive/{DAY:%Y/%m/%d}/"
    assert _cached(site, page)
    site.import_article("Вторая статья архива")
    assert until(lambda: "Вторая статья архива" in site.get(page)[0], seconds=1)


def test_rates_fetched_by_a_command_are_in_the_running_servers_header_at_once(site, bank):
    today = timezone.localdate()
    bank.routes[f"/currencies/{today:%d.%m.%Y}.xml"] = Route(
        bulletin(today, overrides={"USD": "1.7321"})
    )
    assert _cached(site, "/ru/") and "1.7321" not in site.get("/ru/")[0]
    site.run("fetch-rates", "--date", today.isoformat())
    assert until(lambda: "1.7321" in site.get("/ru/")[0], seconds=1)
