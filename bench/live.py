"""Live coverage under load (issue 15), in two measurements:

    .venv/bin/python bench/live.py render [--articles 2000] [--db sqlite|postgres] [--renders 300]
    .venv/bin/python bench/live.py load [--readers 2000] [--seconds 120] [--post-every 10]

`render`: a fresh database with `--articles` generated articles; one of them is made a
live page with 500 entries (through xeber/live/services.py), its neighbour stays an
ordinary article. Each page is rendered in-process through Django's whole request
handler without a page cache, in turn: the article, the live page, and the live page
again with its rendered entries forgotten ("live, cold"); prints the medians, their ratios
(issue 15 asks for at most 2) and the SQL queries of each page.

`load`: a fresh PostgreSQL database (`xeber_live_load`) and Redis (db 13) behind gunicorn
(2 sync workers, page cache on, its access log counted) behind nginx with the deploy's
microcache directives (deploy/nginx-xeber.conf, without TLS). `--readers` simulated
readers poll `entries.json?after=<their cursor>` every LIVE_POLL_SECONDS with jitter,
sending the ETag they were given (as static/xeber/live.js does), over keep-alive
connections; a journalist posts an entry through the service every `--post-every`
seconds. Prints the status counts, latency percentiles, the app's requests per second,
and for every entry and every reader the delay between the post's commit and the
reader's first answer that carries it (max and p99, against LIVE_POLL_SECONDS +
SHARED_CACHE_SECONDS).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.pages import add_database_arguments, configure, fresh_database

ENTRIES = 500
PARAGRAPHS = [
    "На набережной усилился ветер, спасатели просят не подходить к парапету.",
    "Порт сообщил, что паромы остаются у причалов до улучшения погоды.",
    "В центре города коммунальные службы убирают упавшие ветки с тротуаров.",
    "Синоптики ожидают, что к вечеру порывы ослабнут до двенадцати метров в секунду.",
]


# --- render: the live page against an ordinary article --------------------------------------
def build_pages(articles: int) -> tuple[str, str]:
    """An ordinary article and its neighbour made live with ENTRIES entries."""
    from django.core.management import call_command

    from xeber.news.generate import generate_articles
    from xeber.news.models import Article

    call_command("migrate", verbosity=0)
    generate_articles(articles, edition="ru")
    middle = Article.objects.order_by("pk")[articles // 2 : articles // 2 + 2]
    ordinary, live = list(middle)
    post_entries(live, ENTRIES)
    analyze()
    return ordinary.get_absolute_url(), live.get_absolute_url()


def post_entries(article, count: int) -> None:
    """`count` entries over the last hours, through the live services, by two authors,
    every 50th a key event, one pinned."""
    from django.utils import timezone

    from xeber.live.services import ImportedEntry, live_import
    from xeber.news.models import Author

    authors = [
        Author.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in (("bench-one", "Первый автор"), ("bench-two", "Второй автор"))
    ]
    now = timezone.now()
    entries = [
        ImportedEntry(
            posted_at=now - timezone.timedelta(seconds=30 * (count - number)),
            body="".join(f"<p>{text}</p>" for text in random.sample(PARAGRAPHS, 2)),
            author=authors[number % 2],
            pinned=number == count - 10,
            key_title=f"Ключевое событие {number}" if number % 50 == 0 else "",
        )
        for number in range(count)
    ]
    started = now - timezone.timedelta(seconds=30 * count + 60)
    live_import(article=article, started_at=started, ended_at=None, summary="", entries=entries)


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def render(options) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with fresh_database(options.db, database="xeber_live_render"):
        article, live_page = build_pages(options.articles)
        # "live, cold": as a process that has shown none of the page's entries yet, or
        # after a restart (the fragments kept by xeber/live/markup.py forgotten first).
        urls = {"article": article, "live page": live_page, "live, cold": live_page}
        client = Client()
        timings: dict[str, list[float]] = {name: [] for name in urls}
        for _ in range(10):
            for url in urls.values():
                assert client.get(url).status_code == 200
        for _ in range(options.renders):
            for name, url in urls.items():
                if name == "live, cold":
                    forget_fragments()
                started = time.perf_counter()
                client.get(url)
                timings[name].append((time.perf_counter() - started) * 1000)
        print(
            f"\n{options.db}, {options.articles} articles, live page with {ENTRIES} entries, "
            f"{options.renders} renders each, interleaved, page cache off"
        )
        print(f"{'page':<12} {'median ms':>10} {'p90 ms':>8} {'queries':>8} {'bytes':>8}")
        for name, url in urls.items():
            with CaptureQueriesContext(connection) as captured:
                size = len(client.get(url).content)
            ordered = sorted(timings[name])
            p90 = ordered[int(len(ordered) * 0.9) - 1]
            print(
                f"{name:<12} {statistics.median(ordered):>10.2f} {p90:>8.2f} "
                f"{len(captured):>8} {size:>8}"
            )
        for name in ("live page", "live, cold"):
            ratio = statistics.median(timings[name]) / statistics.median(timings["article"])
            print(f"{name}: ratio of the medians {ratio:.2f} (at most 2 asked)")


def forget_fragments() -> None:
    from xeber.live import markup
    from xeber.syndication import structured

    markup._rendered.clear()
    structured._plain_text.cache_clear()


# --- load: readers polling through nginx while a journalist posts ---------------------------
BASE = Path("/tmp/xeber-live-load")
NGINX_PORT, APP_PORT = 8305, 8306


def nginx_conf(cache_lock: str) -> str:
    """The deploy's microcache (deploy/nginx-xeber.conf's `location /`), on plain HTTP;
    `cache_lock` off tries the same without proxy_cache_lock."""
    return f"""
worker_processes auto;
pid {BASE}/nginx/nginx.pid;
error_log {BASE}/nginx/error.log warn;
events {{ worker_connections 8192; }}
http {{
    log_format timing "$request_time $upstream_cache_status $status $uri";
    access_log {BASE}/nginx/access.log timing buffer=256k; keepalive_requests 100000;
    client_body_temp_path {BASE}/nginx/tmp/client; proxy_temp_path {BASE}/nginx/tmp/proxy;
    fastcgi_temp_path {BASE}/nginx/tmp/fastcgi; uwsgi_temp_path {BASE}/nginx/tmp/uwsgi;
    scgi_temp_path {BASE}/nginx/tmp/scgi;
    proxy_cache_path {BASE}/nginx/cache levels=1:2 keys_zone=xeber:50m max_size=1g inactive=10m;
    upstream xeber_app {{ server 127.0.0.1:{APP_PORT}; keepalive 32; }}
    map $cookie_sessionid $xeber_skip_cache {{ default 1; "" 0; }}
    server {{
        listen 127.0.0.1:{NGINX_PORT};
        gzip on; gzip_types application/json;
        location / {{
            proxy_pass http://xeber_app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_cache xeber;
            proxy_cache_methods GET HEAD;
            proxy_cache_key $scheme$host$request_uri;
            proxy_cache_valid 200 1s;
            proxy_cache_use_stale updating error timeout http_500 http_502 http_503;
            proxy_cache_background_update on;
            proxy_cache_lock {cache_lock};
            proxy_cache_bypass $xeber_skip_cache;
            proxy_no_cache $xeber_skip_cache;
            add_header X-Microcache $upstream_cache_status;
        }}
    }}
}}
"""


def prepare_load() -> tuple[int, int]:
    """A fresh database with a live page of 50 entries; its id and newest cursor."""
    os.environ.update(REDIS_URL="redis://127.0.0.1:6379/13", PAGE_CACHE_SECONDS="60")
    subprocess.run(["redis-cli", "-n", "13", "flushdb"], check=True, capture_output=True)
    shutil.rmtree(BASE, ignore_errors=True)
    (BASE / "var" / "static").mkdir(parents=True)
    configure("postgres", str(BASE / "var"), database="xeber_live_load")
    from django.core.management import call_command

    from xeber.live.models import LiveEntry
    from xeber.live.selectors import cursor_of
    from xeber.news.generate import generate_articles
    from xeber.news.models import Article

    call_command("migrate", verbosity=0)
    generate_articles(200, edition="ru")
    article = Article.objects.order_by("-published_at").first()
    post_entries(article, 50)
    analyze()
    newest = LiveEntry.objects.filter(article=article).order_by("-changed_at").first()
    return article.pk, cursor_of(newest.changed_at)


def start_servers(cache_lock: str) -> list[subprocess.Popen]:
    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, ALLOWED_HOSTS="127.0.0.1")
    app = subprocess.Popen(
        [
            str(root / ".venv/bin/gunicorn"),
            "xeber.wsgi:application",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{APP_PORT}",
            "--no-control-socket",
            "--access-logfile",
            str(BASE / "access.log"),
            "--error-logfile",
            str(BASE / "gunicorn.log"),
        ],
        cwd=root,
        env=env,
    )
    for folder in ("tmp", "cache"):
        (BASE / "nginx" / folder).mkdir(parents=True, exist_ok=True)
    os.chmod(BASE / "nginx", 0o777)
    for folder in ("tmp", "cache"):
        os.chmod(BASE / "nginx" / folder, 0o777)
    (BASE / "nginx" / "nginx.conf").write_text(nginx_conf(cache_lock))
    subprocess.run(["/usr/sbin/nginx", "-c", str(BASE / "nginx" / "nginx.conf")], check=True)
    for _ in range(100):
        done = subprocess.run(
            ["curl", "-sf", "-o", "/dev/null", f"http://127.0.0.1:{NGINX_PORT}/healthz"]
        )
        if done.returncode == 0:
            break
        time.sleep(0.2)
    return [app]


def warm_up(article: int) -> None:
    """Both workers past their first requests (imports, connections, templates), as a
    server that has run for a while is; through the app's port, on another cursor."""
    for number in range(20):
        url = f"http://127.0.0.1:{APP_PORT}/ru/live/{article}/entries.json?after={number}"
        subprocess.run(["curl", "-sf", "-o", "/dev/null", url], check=True)


def stop_servers(processes: list[subprocess.Popen]) -> None:
    pid = BASE / "nginx" / "nginx.pid"
    if pid.exists():
        subprocess.run(
            ["/usr/sbin/nginx", "-c", str(BASE / "nginx" / "nginx.conf"), "-s", "quit"], check=False
        )
    for process in processes:
        process.terminate()
        process.wait(timeout=20)


class Http:
    """A keep-alive HTTP/1.1 connection to nginx, just enough for these answers."""

    def __init__(self) -> None:
        self.reader = self.writer = None

    async def get(self, path: str, etag: str) -> tuple[int, dict, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", NGINX_PORT)
        extra = f"If-None-Match: {etag}\r\n" if etag else ""
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {
            name.lower(): value.strip()
            for name, _, value in (line.partition(":") for line in lines[1:] if line)
        }
        body = b""
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            body = await self._chunks()
        return status, headers, body

    async def _chunks(self) -> bytes:
        parts = []
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            parts.append(await self.reader.readexactly(size + 2))
            if size == 0:
                return b"".join(parts)


class Load:
    def __init__(self, article: int, cursor: int, options) -> None:
        self.article, self.cursor, self.options = article, cursor, options
        self.latencies: list[float] = []
        self.statuses: dict[str, int] = {}
        self.lags: list[float] = []  # how late the client sent a request (it must keep up)
        self.seen: list[dict[int, float]] = [{} for _ in range(options.readers)]
        self.posted: dict[int, float] = {}
        self.pool: asyncio.Queue[Http] = asyncio.Queue()
        for _ in range(options.connections):
            self.pool.put_nowait(Http())

    async def reader(self, number: int, until: float) -> None:
        poll = self.options.poll
        cursor, etag, asked = self.cursor, "", ""
        due = time.monotonic() + random.uniform(0, poll)  # readers came at any moment
        while due < until:
            await asyncio.sleep(max(0, due - time.monotonic()))
            self.lags.append(time.monotonic() - due)
            path = f"/ru/live/{self.article}/entries.json?after={cursor}"
            connection = await self.pool.get()
            started = time.monotonic()
            try:
                status, headers, body = await connection.get(path, etag if path == asked else "")
            except (OSError, asyncio.IncompleteReadError, ValueError) as error:
                status, connection = f"error {type(error).__name__}", Http()
            finally:
                self.pool.put_nowait(connection)
            now = time.monotonic()
            self.latencies.append(now - started)
            self.statuses[str(status)] = self.statuses.get(str(status), 0) + 1
            if status == 200:
                answer = json.loads(body)
                for entry in answer["entries"]:
                    self.seen[number].setdefault(entry["id"], now)
                cursor, etag, asked = answer["cursor"], headers.get("etag", ""), path
            due = started + poll  # as live.js: the next question a poll after this one

    async def journalist(self, until: float) -> None:
        from xeber.live.services import entry_post
        from xeber.news.models import Article

        article = await asyncio.to_thread(Article.objects.get, pk=self.article)
        due = time.monotonic() + self.options.post_every
        number = 0
        while due < until:
            await asyncio.sleep(max(0, due - time.monotonic()))
            number += 1
            body = f"<p>Запись нагрузочного теста номер {number}.</p>"
            entry = await asyncio.to_thread(entry_post, user=None, article=article, body=body)
            self.posted[entry.pk] = time.monotonic()  # committed: entry_post has returned
            due += self.options.post_every

    async def run(self) -> None:
        until = time.monotonic() + self.options.seconds
        quiet = until - self.options.poll - 2  # the last entries still have time to arrive
        tasks = [self.reader(number, until) for number in range(self.options.readers)]
        await asyncio.gather(self.journalist(quiet), *tasks)

    def delays(self) -> tuple[list[float], int]:
        delays, missing = [], 0
        for seen in self.seen:
            for entry, posted in self.posted.items():
                if entry in seen:
                    delays.append(seen[entry] - posted)
                else:
                    missing += 1
        return delays, missing


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else float("nan")


def app_requests(since: int) -> tuple[int, int]:
    """Requests the app served in the run (gunicorn's access log, from line `since`), and
    those for entries."""
    lines = (BASE / "access.log").read_text().splitlines()[since:]
    return len(lines), sum("entries.json" in line for line in lines)


def nginx_log() -> tuple[list[float], dict[str, int]]:
    """Each answer's time as nginx measured it (to its last byte written), in ms: the
    server's side, whatever the client's own event loop adds; and the microcache's
    statuses (HIT, STALE, UPDATING, MISS, EXPIRED)."""
    rows = [line.split() for line in (BASE / "nginx" / "access.log").read_text().splitlines()]
    rows = [row for row in rows if row[-1].endswith("entries.json")]
    statuses: dict[str, int] = {}
    for row in rows:
        statuses[row[1]] = statuses.get(row[1], 0) + 1
    return [float(row[0]) * 1000 for row in rows], statuses


def load(options) -> None:
    article, cursor = prepare_load()
    from django.conf import settings

    processes = start_servers(options.cache_lock)
    try:
        warm_up(article)
        time.sleep(1)
        before = len((BASE / "access.log").read_text().splitlines())
        run = Load(article, cursor, options)
        started = time.time()
        asyncio.run(run.run())
        elapsed = time.time() - started
        total, entries = app_requests(before)
    finally:
        stop_servers(processes)
    time.sleep(1)  # nginx writes its buffered log as it quits
    report(run, options, elapsed, total, entries, settings.SHARED_CACHE_SECONDS)
    times, cache = nginx_log()
    print(
        f"nginx's own time ms: median {statistics.median(times):.3f}, "
        f"p99 {percentile(times, 0.99):.3f}, max {max(times):.3f}; microcache {cache}"
    )


def report(run: Load, options, elapsed: float, total: int, entries: int, shared: int) -> None:
    requests = sum(run.statuses.values())
    errors = sum(count for status, count in run.statuses.items() if status not in ("200", "304"))
    ms = [latency * 1000 for latency in run.latencies]
    delays, missing = run.delays()
    print(
        f"\n{options.readers} readers polling every {options.poll} s through nginx for "
        f"{elapsed:.0f} s, an entry posted every {options.post_every} s "
        f"({len(run.posted)} entries), {options.connections} keep-alive connections, "
        f"proxy_cache_lock {options.cache_lock}"
    )
    print(
        f"requests {requests} ({requests / elapsed:.0f}/s), statuses {run.statuses}, "
        f"errors {errors}"
    )
    print(
        f"latency ms: median {statistics.median(ms):.2f}, p90 {percentile(ms, 0.9):.2f}, "
        f"p99 {percentile(ms, 0.99):.2f}, max {max(ms):.2f}"
    )
    print(
        f"client lag ms (sent late): p99 {percentile(run.lags, 0.99) * 1000:.1f}, "
        f"max {max(run.lags) * 1000:.1f}"
    )
    print(f"app requests {total} ({total / elapsed:.2f}/s), of them entries.json {entries}")
    print(
        f"entry to reader s: median {statistics.median(delays):.2f}, "
        f"p99 {percentile(delays, 0.99):.2f}, max {max(delays):.2f} "
        f"(bound {options.poll + shared}), pairs {len(delays)}, over the bound "
        f"{sum(delay > options.poll + shared for delay in delays)}, never seen {missing}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    rendering = commands.add_parser("render")
    add_database_arguments(rendering)
    rendering.set_defaults(articles=2000)
    rendering.add_argument("--renders", type=int, default=300)
    loading = commands.add_parser("load")
    loading.add_argument("--readers", type=int, default=2000)
    loading.add_argument("--seconds", type=float, default=120)
    loading.add_argument("--post-every", type=float, default=10)
    loading.add_argument("--poll", type=float, default=5)
    loading.add_argument("--connections", type=int, default=256)
    loading.add_argument("--cache-lock", choices=["on", "off"], default="on")
    options = parser.parse_args()
    render(options) if options.command == "render" else load(options)


if __name__ == "__main__":
    main()
