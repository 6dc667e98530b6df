"""Two app servers sharing one PostgreSQL and one Redis: a story published through one is
on the front page served by the other at once (the page cache lives in Redis)."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connection
from django.utils import timezone

from tests.factories import make_section
from tests.newsroom_staff import PASSWORD, make_user
from xeber.editorial.roles import Role, ensure_role_groups

pytestmark = pytest.mark.django_db(transaction=True)
REDIS_URL = "redis://127.0.0.1:6379/15"
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int, tmp_path: Path) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        "PATH": os.environ["PATH"],
        "SECRET_KEY": "scale-out-test-key-shared-by-both-servers",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": REDIS_URL,
        "HTTPS": "false",
        "TWO_FACTOR_REQUIRED": "false",  # the editor signs in with a password, as in the demo
        "ALLOWED_HOSTS": "127.0.0.1",
        "XEBER_VAR_DIR": str(tmp_path),
        "LOG_LEVEL": "WARNING",
        "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"
    process = subprocess.Popen(
        [str(gunicorn), "xeber.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"server on port {port} did not start")


def publish_through(port: int, section_id: int, title: str) -> None:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{port}"

    def post(path: str, fields: dict) -> str:
        page = opener.open(base + path, timeout=10).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}).encode()
        return opener.open(base + path, data=data, timeout=10).geturl()

    post("/admin/login/?next=/admin/", {"username": "farid", "password": PASSWORD})
    now = timezone.localtime()
    landed = post(
        "/admin/news/article/add/",
        {
            "edition": "ru",
            "section": section_id,
            "title": title,
            "slug": "",
            "lead": "Лид.",
            "body": "<p>Текст.</p>",
            "base_version": "",
            "published_at_0": f"{now:%Y-%m-%d}",
            "published_at_1": f"{now:%H:%M:%S}",
            "source": "",
            "header_breaking": "",
            "cover_alt": "",
            "cover_caption": "",
            "cover_credit": "",
            "_workflow": "publish",
        },
    )
    assert landed.endswith("/admin/news/article/"), landed


def front_page(port: int) -> tuple[str, str]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/ru/", timeout=10) as response:
        return response.read().decode(), response.headers.get("X-Cache", "")


def test_a_publish_through_one_server_is_visible_through_the_other(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("scale-out is PostgreSQL + Redis; this runs in the PostgreSQL pass")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    ensure_role_groups()
    section = make_section("ru", "Политика", "politics")
    editor = make_user("farid", Role.EDITOR)
    # The servers run the production hashers (the suite's own is a fast MD5).
    hasher = Argon2PasswordHasher()
    editor.password = hasher.encode(PASSWORD, hasher.salt())
    editor.save(update_fields=["password"])
    first, second = free_port(), free_port()
    servers = [start_server(first, tmp_path), start_server(second, tmp_path)]
    try:
        front_page(second)
        assert front_page(second)[1] == "hit"  # the second server now serves from Redis
        publish_through(first, section.pk, "Опубликовано через первый сервер")
        html, cache = front_page(second)
        assert "Опубликовано через первый сервер" in html and cache == "miss"
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
