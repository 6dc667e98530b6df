"""Counting reads (issue 17), in two measurements:

    .venv/bin/python bench/reads.py beacon [--articles 2000] [--db postgres|sqlite] [--runs 3]
                                           [--seconds 15] [--connections 32]
    .venv/bin/python bench/reads.py accuracy [--db sqlite|postgres] [--cache redis|sqlite]
                                             [--reads 10000] [--readers 1000] [--seed 17]

`beacon` (as root: installs wrk from Debian when missing): a fresh database (`xeber_reads`
on PostgreSQL, dropped and recreated, or a SQLite file under /tmp/xeber-reads) with
`--articles` generated articles, and Redis db 12 (flushed), behind gunicorn as bench/http.sh
runs the app alone: 2 sync workers, no nginx, page cache on. In each of `--runs` runs, in
turn: the middle article as a page-cache hit (`wrk -t2 -c32 --latency`, after a 3 s
warm-up), then the beacon at its maximum rate, the same way, through a wrk Lua script that
POSTs what static/xeber/reads.js sends (`a=<id>&e=ru&s=direct&t=<token>`, form-encoded,
a browser's User-Agent) with a new X-Forwarded-For address on every request: every
beacon is a new reader, so every one is counted (the costliest path; a repeat within the
hour stops earlier).

Then, `--runs` times in turn, the beacon and the page-cache hit, each at half the median of
its maximum rates, from an open-loop generator written here: wrk2 is not in Debian, and
hey waits for each answer before its worker's next request. Here a request is sent at its
moment whether or not earlier ones were answered, on a new connection as wrk's are, and
its latency is taken from that moment, so a stalled server is not hidden by a waiting
client. It is a bare epoll loop: asyncio's streams took 40% of a core at 1,000 req/s from
the server's two, and the tail grew with it (this one takes about a fifth). On this machine
the tail comes in bursts (a few hundred ms in which both workers answer late, while a
Redis PING and a sleeping process saw no stall), now in one run of a target, now in
another: hence several runs, and the page beside the beacon.

Prints each run's requests/s, wrk's p50 and p99 at full load, the Redis commands per
request (INFO commandstats before and after, over wrk's count of requests) and the ratio
beacon / page-cache hit (at least 1 asked); the medians; the Redis commands per beacon by
name. Then each half-rate run's p50/p90/p99/max, how late the generator itself sent (its
latencies include that), how many answers took over 20 ms and in how many distinct
seconds they were due, the statuses (a page's with its X-Cache: "200 hit"), and the
median p99s (the beacon's under 20 ms asked). Last, the database's writes over all beacon
traffic (none asked), and the reads counted in the cache against the beacons answered 2xx
(lost counts would show as fewer; the cache answers as empty while Redis fails).

The database's writes. PostgreSQL: pg_stat_database's xact_commit and tup_inserted +
tup_updated + tup_deleted of the bench's database, read on fresh connections before the
first beacon and after the last, each after 11 s (a backend reports its statistics within
10 s of going idle); the page-cache hits between beacon runs are inside, and ask nothing
of the database. What a reading itself commits (two readings in a row tell) is taken
off, and the autovacuum runs meanwhile are printed beside (a database just made and filled
gets some in its first minutes). SQLite: `PRAGMA data_version` of one connection held
across the runs (it changes when any other connection commits) and the growth of the
database and WAL files. To leave nothing but beacons to count, the server's page cache
keeps a page an hour (PAGE_CACHE_SECONDS=3600, where production has 60): the article is
rendered once, during the warm-up, and every later request for it is a hit, a path that
does not depend on the page's lifetime.

`accuracy`, in-process: a fresh database (a temporary SQLite file, or `xeber_reads_acc` on
PostgreSQL) with 40 published articles in Russian and 10 in Azerbaijani, the counters in
Redis db 11 (flushed; `--cache sqlite`: the machine's SQLite cache, as without REDIS_URL).
A script drawn from random.Random(seed): `--reads` reads by `--readers` readers (a reader
is a client address and a browser, some sharing an address behind NAT, some sharing a
browser), articles by a Zipf-like popularity so that many reads are repeats, each read with
a source category. Into it are shuffled beacons that must count nothing: known bots and
an empty User-Agent, forged tokens (random, another article's, another edition's, none),
a flood of 1,000 beacons from one client to one story (counts once), valid tokens of
stories that are not public (an unknown id, a draft, a story beaconed as the other
edition: counted in the cache, dropped by the flush), and malformed ones (a huge body,
garbage). Each goes through xeber.analytics.beacon.answer, as both the WSGI front and the
view call it. The expected count of a (story, source) is the readers whose FIRST read of
the story came with that source (their later reads within the hour fold into it).

The flush runs on the real clock: the script waits until the last window it wrote to has
been closed GRACE_SECONDS, then calls services.reads_flush() once, as the scheduler would
(so up to 65 s of waiting), and once more (it must move nothing). Patching the clock would
be faster but would not exercise the rule that decides which windows are closed, and the
hour a repeat is folded for is the cache's own expiry, which no patch moves. Prints the
statuses by kind of beacon, the expected and counted totals, the mismatching (story,
source) pairs (0 asked; the bad beacons are in no expected count, so anything they added
is a mismatch) and the rows of the draft and of the other edition; exits 1 on a mismatch.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import select
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import zlib
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.pages import configure, fill, fresh_database

ROOT = Path(__file__).resolve().parent.parent
BASE = Path("/tmp/xeber-reads")
APP_PORT = 8321
HOST = f"127.0.0.1:{APP_PORT}"  # as wrk and curl send it: the page cache's key has the host
BEACON_REDIS, ACCURACY_REDIS = 12, 11
STATS_WAIT = 11  # PostgreSQL 15: a backend reports its statistics within 10 s of idling
BROWSER = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
BROWSERS = [
    BROWSER,
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.6778.81 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.70",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (Linux; Android 13; Redmi Note 12) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0.6723.102 Mobile Safari/537.36 YaBrowser/24.10.3.95.00",
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else float("nan")


# --- beacon: the endpoint's rate, latency and writes, against a page-cache hit ----------------
# One beacon per request, each from a new address: the wrk invocation's number and the
# thread's make its addresses unlike every other invocation's (a repeat would be folded).
WRK_SCRIPT = """
local count = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end
function init(args)
  invocation = tonumber(args[1])
  method = args[2]
  body = args[3]
  agent = args[4]
  if body == "" then body = nil end
end
function request()
  count = count + 1
  local address = string.format("fd00:%x:%x:%x:%x", invocation, thread_number,
                                math.floor(count / 65536), count % 65536)
  return wrk.format(method, nil, {["Content-Type"] = "application/x-www-form-urlencoded",
                                  ["User-Agent"] = agent, ["X-Forwarded-For"] = address}, body)
end
"""


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "wrk"],
        check=True,
        env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"),
        stdout=subprocess.DEVNULL,
    )


def prepare_beacon(db: str, articles: int):
    """A fresh database and Redis db; the middle article."""
    os.environ.update(REDIS_URL=f"redis://127.0.0.1:6379/{BEACON_REDIS}", PAGE_CACHE_SECONDS="3600")
    subprocess.run(["redis-cli", "-n", str(BEACON_REDIS), "flushdb"], check=True,
                   capture_output=True)  # fmt: skip
    shutil.rmtree(BASE, ignore_errors=True)
    (BASE / "var" / "static").mkdir(parents=True)
    configure(db, str(BASE / "var"), database="xeber_reads")
    fill(articles)
    from xeber.news.models import Article

    return Article.objects.order_by("pk")[Article.objects.count() // 2]


def start_app() -> subprocess.Popen:
    env = dict(os.environ, ALLOWED_HOSTS="127.0.0.1")
    app = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "xeber.wsgi:application", "--workers", "2",
         "--worker-class", "sync", "--bind", f"127.0.0.1:{APP_PORT}", "--no-control-socket",
         "--error-logfile", str(BASE / "gunicorn.log")],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    for _ in range(100):
        done = subprocess.run(
            ["curl", "-sf", "-o", "/dev/null", f"http://127.0.0.1:{APP_PORT}/healthz"]
        )
        if done.returncode == 0:
            return app
        time.sleep(0.2)
    app.terminate()
    raise SystemExit(f"gunicorn did not answer; see {BASE / 'gunicorn.log'}")


def curl(*arguments: str) -> str:
    """Status and X-Cache of one request."""
    done = subprocess.run(
        ["curl", "-s", "-o", "/dev/null", "-D", "-", "-w", "%{http_code}", *arguments],
        capture_output=True,
        text=True,
        check=True,
    )
    cache = re.search(r"^x-cache: *(\S+)", done.stdout, re.IGNORECASE | re.MULTILINE)
    return f"{done.stdout[-3:]} {cache.group(1) if cache else '-'}"


class Wrk:
    """wrk runs: requests/s, counts, p50 and p99, and the Redis commands they caused."""

    def __init__(self, connections: int, app: subprocess.Popen) -> None:
        self.connections = connections
        self.app = app
        self.invocations = 0
        self.script = BASE / "beacon.lua"
        self.script.write_text(WRK_SCRIPT)

    def server_cpu(self) -> float:
        """Seconds of CPU the gunicorn workers have used (user and system)."""
        pid = self.app.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ticks = 0
        for child in children:
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def run(self, url: str, seconds: float, body: str = "") -> dict:
        self.invocations += 1
        # The page through the same script as the beacon (a GET, with no body), so that
        # wrk spends as much of the machine's two cores on making either's requests.
        command = ["wrk", "-t2", f"-c{self.connections}", f"-d{seconds:g}s", "--latency",
                   "-s", str(self.script), url, "--", str(self.invocations),
                   "POST" if body else "GET", body, BROWSER]  # fmt: skip
        redis_before, cpu_before = redis_commands(), self.server_cpu()
        redis_cpu_before, wrk_cpu_before = redis_cpu(), children_cpu()
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        requests = int(re.search(r"(\d+) requests in", out).group(1))
        per_request = 1e6 / max(requests, 1)  # seconds in all -> µs per request
        found = {
            "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "requests": requests,
            "redis": redis_commands() - redis_before,
            "cpu_us": (self.server_cpu() - cpu_before) * per_request,
            "redis_us": (redis_cpu() - redis_cpu_before) * per_request,
            "wrk_us": (children_cpu() - wrk_cpu_before) * per_request,
        }
        non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        found["non2xx"] = int(non2xx.group(1)) if non2xx else 0
        errors = re.search(r"Socket errors: (.*)", out)
        found["errors"] = sum(map(int, re.findall(r"\d+", errors.group(1)))) if errors else 0
        for share in ("50", "99"):
            value = re.search(rf"^\s+{share}%\s+([\d.]+)(us|ms|s)\b", out, re.MULTILINE)
            scale = {"us": 0.001, "ms": 1, "s": 1000}[value.group(2)] if value else 0
            found[f"p{share}"] = float(value.group(1)) * scale if value else float("nan")
        return found


def status_of(head: bytes) -> str:
    """The status, with the page cache's X-Cache for a page: "204", "200 hit"."""
    cache = re.search(rb"\r\nx-cache: *(\S+)", head, re.IGNORECASE)
    status = head[9:12].decode("latin-1") or "empty"
    return f"{status} {cache.group(1).decode('latin-1')}" if cache else status


def redis_cpu() -> float:
    """Seconds of CPU the Redis server has used (user and system)."""
    out = subprocess.run(["redis-cli", "info", "cpu"], capture_output=True, text=True,
                         check=True).stdout  # fmt: skip
    found = dict(re.findall(r"^used_cpu_(sys|user):([\d.]+)", out, re.M))
    return float(found["sys"]) + float(found["user"])


def children_cpu() -> float:
    """Seconds of CPU this bench's finished children (the wrk runs) have used."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def redis_commands() -> Counter:
    """Redis's commands served so far, by name (INFO itself left out)."""
    out = subprocess.run(["redis-cli", "info", "commandstats"], capture_output=True, text=True,
                         check=True).stdout  # fmt: skip
    found = Counter(
        {name: int(calls) for name, calls in re.findall(r"^cmdstat_(\w+):calls=(\d+)", out, re.M)}
    )
    found.pop("info", None)
    return found


class OpenLoop:
    """Requests at a fixed rate, each on its own connection (sync workers close theirs),
    sent at its moment whatever the earlier ones are doing. A bare epoll loop: asyncio's
    streams cost several times the CPU per request, taken from the server on this
    machine's 2 cores (at 1,000 req/s they took 40% of a core, and the tail followed)."""

    TIMEOUT = 10.0

    def __init__(self, request: callable, rate: float, seconds: float) -> None:
        self.request, self.rate, self.seconds = request, rate, seconds
        self.latencies: list[float] = []  # ms, from the request's moment to its last byte
        self.lags: list[float] = []  # ms, how late the generator sent it
        self.statuses: Counter = Counter()
        self.slow: Counter = Counter()  # answers over 20 ms by the second they were due in

    def run(self) -> float:
        """The generator's own CPU share over the run."""
        cpu, wall = time.process_time(), time.perf_counter()
        self.drive()
        return (time.process_time() - cpu) / (time.perf_counter() - wall)

    def drive(self) -> None:
        poller, clock = select.epoll(), time.perf_counter
        total, address = int(self.rate * self.seconds), ("127.0.0.1", APP_PORT)
        start = self.start = clock() + 0.1
        open_ = {}  # fd: [socket, number, due, sent, first bytes]
        number = 0
        while number < total or open_:
            now = clock()
            while number < total and start + number / self.rate <= now:
                due = start + number / self.rate
                connection = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                connection.setblocking(False)
                connection.connect_ex(address)
                poller.register(connection.fileno(), select.EPOLLOUT)
                open_[connection.fileno()] = [connection, number, due, False, b""]
                self.lags.append((now - due) * 1000)
                number += 1
            wait = start + number / self.rate - clock() if number < total else 0.05
            for fd, events in poller.poll(max(0.0, wait)):
                state = open_[fd]
                connection = state[0]
                if not state[3]:
                    if events & (select.EPOLLERR | select.EPOLLHUP):
                        self._end(poller, open_, fd, "error connect")
                        continue
                    try:
                        connection.send(self.request(state[1]))
                    except OSError as error:
                        self._end(poller, open_, fd, f"error {type(error).__name__}")
                        continue
                    state[3] = True
                    poller.modify(fd, select.EPOLLIN)
                    continue
                try:
                    data = connection.recv(65536)
                except OSError as error:
                    self._end(poller, open_, fd, f"error {type(error).__name__}")
                    continue
                if data:
                    state[4] = state[4] or data[:2048]
                else:  # the server closed: the answer is whole
                    self._end(poller, open_, fd, status_of(state[4]))
            now = clock()
            for fd in [fd for fd, state in open_.items() if now - state[2] > self.TIMEOUT]:
                self._end(poller, open_, fd, "timeout")
        poller.close()

    def _end(self, poller, open_: dict, fd: int, status: str) -> None:
        connection, _number, due, _sent, _first = open_.pop(fd)
        self.latencies.append((time.perf_counter() - due) * 1000)
        if self.latencies[-1] > 20:
            self.slow[int(due - self.start)] += 1
        self.statuses[status] += 1
        poller.unregister(fd)
        connection.close()


def beacon_request(body: str, prefix: int):
    def request(number: int) -> bytes:
        address = f"fd00:{prefix:x}:{number // 65536:x}:{number % 65536:x}"
        return (
            f"POST /reads/beacon HTTP/1.1\r\nHost: {HOST}\r\nUser-Agent: {BROWSER}\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\nX-Forwarded-For: {address}\r\n"
            f"Connection: close\r\n\r\n{body}"
        ).encode()

    return request


def page_request(path: str):
    def request(_number: int) -> bytes:
        return f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n".encode()

    return request


class Writes:
    """What the database was asked to write between two readings."""

    def __init__(self, db: str) -> None:
        self.db = db
        if db == "sqlite":
            from django.conf import settings

            self.path = Path(settings.DATABASES["default"]["NAME"])
            self.watch = sqlite3.connect(self.path)

    def read(self) -> tuple:
        if self.db == "postgres":
            import psycopg

            url = "postgresql://postgres@127.0.0.1:5432/xeber_reads"
            with psycopg.connect(url, autocommit=True) as connection:
                return connection.execute(
                    "SELECT xact_commit, tup_inserted + tup_updated + tup_deleted, "
                    "(SELECT sum(autovacuum_count + autoanalyze_count) FROM pg_stat_all_tables) "
                    "FROM pg_stat_database WHERE datname = 'xeber_reads'"
                ).fetchone()
        sizes = sum(
            Path(f"{self.path}{suffix}").stat().st_size
            for suffix in ("", "-wal")
            if Path(f"{self.path}{suffix}").exists()
        )
        return self.watch.execute("PRAGMA data_version").fetchone()[0], sizes

    def start(self) -> None:
        """Two readings in a row: the second says what a reading itself commits."""
        first = self.read()
        self.before = self.read()
        self.own = self.before[0] - first[0]

    def describe(self, beacons: int) -> str:
        after = self.read()
        if self.db == "postgres":
            commits = after[0] - self.before[0] - self.own
            rows, vacuums = after[1] - self.before[1], after[2] - self.before[2]
            return (
                f"database writes over {beacons} beacons (PostgreSQL): {commits} commits, "
                f"{rows} rows inserted, updated or deleted ({rows / beacons:.4f} per beacon); "
                f"autovacuum and autoanalyze ran {vacuums} times meanwhile (their commits are "
                f"among those), our own reading's {self.own} commits taken off"
            )
        changed = "yes" if after[0] != self.before[0] else "no"
        return (
            f"database writes over {beacons} beacons (SQLite): committed by another "
            f"connection: {changed}, database + WAL grew {after[1] - self.before[1]} bytes"
        )


def beacon(options) -> None:
    ensure_wrk()
    article = prepare_beacon(options.db, options.articles)
    from django.db import connection
    from django.utils import timezone

    from xeber.analytics.counting import token, window_counts, window_of

    path, article_id, edition = article.get_absolute_url(), article.pk, article.edition
    body = f"a={article_id}&e={edition}&s=direct&t={token(edition, article_id)}"
    connection.close()  # the bench's own connection: its statistics reported as it ends
    page_url = f"http://127.0.0.1:{APP_PORT}{path}"
    beacon_url = f"http://127.0.0.1:{APP_PORT}/reads/beacon"
    app = start_app()
    try:
        first, second = curl(page_url), curl(page_url)
        one = curl("-X", "POST", "-H", f"User-Agent: {BROWSER}", "-H",
                   "X-Forwarded-For: 198.51.100.1", "--data", body, beacon_url)  # fmt: skip
        print(f"\narticle {path}: {first}, then {second}; one beacon: {one}")
        if not second.startswith("200 hit") or not one.startswith("204"):
            raise SystemExit("the page is not a page-cache hit, or the beacon is not answered 204")
        wrk = Wrk(options.connections, app)
        writes = Writes(options.db)
        time.sleep(STATS_WAIT)
        writes.start()
        first_window = window_of(timezone.now())
        beacons = 1  # the one above
        pages_rates, beacon_rates, beacon_answered = [], [], 1
        pages_cpu, beacon_cpu = [], []
        print(
            f"{options.db}, {options.articles} articles, Redis db {BEACON_REDIS}, gunicorn 2 sync "
            f"workers; wrk -t2 -c{options.connections} -d{options.seconds:g}s --latency after a "
            f"3 s warm-up, {options.runs} runs"
        )
        print(f"{'run':<4} {'target':<16} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} "
              f"{'non-2xx':>8} {'errors':>7} {'redis/req':>10} {'µs: app':>8} {'redis':>6} "
              f"{'wrk':>5} {'beacon/page':>12}")  # fmt: skip
        beacon_redis, beacon_measured = Counter(), 0
        for run in range(1, options.runs + 1):
            wrk.run(page_url, 3)
            page = wrk.run(page_url, options.seconds)
            warm = wrk.run(beacon_url, 3, body)
            hits = wrk.run(beacon_url, options.seconds, body)
            for done in (warm, hits):
                beacons += done["requests"]
                beacon_answered += done["requests"] - done["non2xx"]
            pages_rates.append(page["rate"])
            beacon_rates.append(hits["rate"])
            pages_cpu.append(page)
            beacon_cpu.append(hits)
            beacon_redis += hits["redis"]
            beacon_measured += hits["requests"]
            both = f"{hits['rate'] / page['rate']:.2f}"
            for name, done, ratio in (("page-cache hit", page, ""), ("beacon", hits, both)):
                redis = done["redis"].total() / done["requests"]
                print(f"{run:<4} {name:<16} {done['rate']:>9.0f} {done['p50']:>8.2f} "
                      f"{done['p99']:>8.2f} {done['non2xx']:>8} {done['errors']:>7} "
                      f"{redis:>10.2f} {done['cpu_us']:>8.0f} {done['redis_us']:>6.0f} "
                      f"{done['wrk_us']:>5.0f} {ratio:>12}")  # fmt: skip
        page_median, beacon_median = statistics.median(pages_rates), statistics.median(beacon_rates)
        print(
            f"medians: page-cache hit {page_median:.0f} req/s, beacon {beacon_median:.0f} req/s, "
            f"beacon / page-cache hit {beacon_median / page_median:.2f} (at least 1 asked)"
        )
        for name, runs in (("page-cache hit", pages_cpu), ("beacon", beacon_cpu)):
            spent = {part: statistics.median(run[f"{part}_us"] for run in runs)
                     for part in ("cpu", "redis", "wrk")}  # fmt: skip
            print(
                f"CPU per request, medians, {name}: gunicorn's workers {spent['cpu']:.0f} µs, "
                f"Redis {spent['redis']:.0f} µs, wrk {spent['wrk']:.0f} µs; "
                f"in all {sum(spent.values()):.0f} µs"
            )
        per_beacon = ", ".join(
            f"{name} {calls / beacon_measured:.2f}" for name, calls in beacon_redis.most_common()
        )
        print(f"Redis commands per beacon (every one a new reader): {per_beacon}")

        print(
            f"\nat half the median maximum, open loop for {options.seconds:g} s; latency from "
            f"each request's moment to its answer's last byte, in ms; 'late': how late the "
            f"generator sent (inside the latencies); '>20 ms': answers over 20 ms, and in how "
            f"many distinct seconds they were due"
        )
        print(f"{'run':<4} {'target':<16} {'req/s':>6} {'p50':>7} {'p90':>7} {'p99':>7} "
              f"{'max':>7} {'late p99':>9} {'cpu':>5} {'>20 ms':>11}  statuses")  # fmt: skip
        p99s: dict[str, list[float]] = {"beacon": [], "page-cache hit": []}
        for run in range(1, options.runs + 1):
            targets = (("beacon", beacon_request(body, 0xFF00 + run), beacon_median / 2),
                       ("page-cache hit", page_request(path), page_median / 2))  # fmt: skip
            for name, request, rate in targets:
                half = OpenLoop(request, rate, options.seconds)
                cpu = half.run()
                if name == "beacon":
                    beacons += half.statuses.total()
                    beacon_answered += half.statuses["204"]
                p99s[name].append(percentile(half.latencies, 0.99))
                report_open_loop(run, name, half, rate, cpu)
        print(
            f"median p99: beacon {statistics.median(p99s['beacon']):.2f} ms (under 20 ms "
            f"asked), page-cache hit {statistics.median(p99s['page-cache hit']):.2f} ms"
        )
        last_window = window_of(timezone.now())
        time.sleep(STATS_WAIT)
        written = writes.describe(beacons)
    finally:
        app.terminate()
        app.wait(timeout=20)
    print(written)
    counted = sum(
        reads
        for window in range(first_window, last_window + 1)
        for (each_edition, each_id, _source), reads in window_counts(window).items()
        if (each_edition, each_id) == (edition, article_id)
    )
    in_flight = options.connections * 2 * options.runs  # at most, when wrk stops
    print(
        f"reads counted in the cache {counted}, beacons answered 2xx {beacon_answered} "
        f"(every one a new reader): {counted - beacon_answered} more counted, where up to "
        f"{in_flight} may be (the requests in flight when wrk stops: answered, not reported)"
    )


def report_open_loop(run: int, name: str, half: OpenLoop, rate: float, cpu: float) -> None:
    ms = half.latencies
    slow = f"{half.slow.total()} in {len(half.slow)}"
    print(f"{run:<4} {name:<16} {rate:>6.0f} {percentile(ms, 0.5):>7.2f} "
          f"{percentile(ms, 0.9):>7.2f} {percentile(ms, 0.99):>7.2f} {max(ms):>7.2f} "
          f"{percentile(half.lags, 0.99):>9.2f} {cpu:>5.0%} {slow:>11}  "
          f"{dict(half.statuses)}")  # fmt: skip


# --- accuracy: a scripted run of reads, flushed, against the counts expected ---------------------
BOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "HeadlessChrome/131.0.0.0 Safari/537.36",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "TelegramBot (like TwitterBot)",
    "curl/8.5.0",
    "python-requests/2.32.3",
    "",
]
SOURCE_WEIGHTS = {"search": 30, "social": 20, "telegram": 15, "direct": 20, "internal": 10,
                  "other": 5}  # fmt: skip


def prepare_accuracy(cache: str) -> None:
    if cache == "redis":
        os.environ["REDIS_URL"] = f"redis://127.0.0.1:6379/{ACCURACY_REDIS}"
        subprocess.run(["redis-cli", "-n", str(ACCURACY_REDIS), "flushdb"], check=True,
                       capture_output=True)  # fmt: skip
    else:
        os.environ.pop("REDIS_URL", None)


def stories():
    """40 published stories in Russian, 10 in Azerbaijani, and one draft."""
    from django.core.management import call_command

    from xeber.news.generate import generate_articles
    from xeber.news.models import Article

    call_command("migrate", verbosity=0)
    generate_articles(41, edition="ru")
    generate_articles(10, edition="az", seed=2)
    draft = Article.objects.filter(edition="ru").order_by("-pk").first()
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.DRAFT)
    public = list(Article.objects.published().order_by("pk").values_list("pk", "edition"))
    return public, (draft.pk, draft.edition)


def script(rng: random.Random, public, draft, reads: int, readers: int):
    """The beacons in the order sent, each (kind, body, client, agent), the counts
    expected after the flush by (article id, source), and what the script holds."""
    from urllib.parse import urlencode

    from xeber.analytics.counting import ADDRESS_READERS, token

    def body(article_id, edition, source, forged=None):
        t = token(edition, article_id) if forged is None else forged
        return urlencode({"a": article_id, "e": edition, "s": source, "t": t})

    # Addresses for 70% of the readers: the others share one with a reader of another
    # browser (behind one NAT), and the 8 browsers are shared by many readers.
    addresses = [f"10.{rng.randrange(256)}.{rng.randrange(256)}.{n % 250 + 1}"
                 for n in range(int(readers * 0.7))]  # fmt: skip
    addresses = list(dict.fromkeys(addresses))
    while len(addresses) * 2 < readers:
        addresses.append(f"172.16.{len(addresses) // 250}.{len(addresses) % 250 + 1}")
    people = []
    for number in range(readers):
        address = addresses[number % len(addresses)]
        offset = zlib.crc32(address.encode()) % len(BROWSERS)
        people.append((address, BROWSERS[(offset + number // len(addresses)) % len(BROWSERS)]))
    assert len(set(people)) == readers
    # No address brings so many readers of a story that its cap folds some (counting.py).
    assert max(Counter(address for address, _ in people).values()) <= ADDRESS_READERS
    habits = [rng.choices(list(SOURCE_WEIGHTS), list(SOURCE_WEIGHTS.values()))[0]
              for _ in people]  # fmt: skip
    popularity = [1 / (rank + 1) ** 0.8 for rank in range(len(public))]
    activity = [rng.paretovariate(1.5) for _ in people]

    # Every reader reads at least once; the other reads go to the more active more often.
    order = list(range(readers)) + rng.choices(range(readers), activity, k=reads - readers)
    rng.shuffle(order)
    sent, expected, first, other_source = [], Counter(), {}, 0
    for reader in order:
        article_id, edition = rng.choices(public, popularity)[0]
        source = habits[reader] if rng.random() < 0.7 else rng.choice(list(SOURCE_WEIGHTS))
        if (reader, article_id) not in first:
            first[(reader, article_id)] = source
            expected[(article_id, source)] += 1
        else:
            other_source += first[(reader, article_id)] != source
        sent.append(("read", body(article_id, edition, source), *people[reader]))

    top_id, top_edition = public[0]
    for number in range(500):
        article_id, edition = rng.choices(public, popularity)[0]
        sent.append(("bot", body(article_id, edition, "search"),
                     f"66.249.66.{number % 250 + 1}", rng.choice(BOTS)))  # fmt: skip
    for number in range(300):
        article_id, edition = rng.choice(public)
        other_id, other_edition = rng.choice([each for each in public if each[0] != article_id])
        forged = [
            rng.randbytes(8).hex(),
            token(other_edition, other_id),
            token("en" if edition != "en" else "ru", article_id),
            "",
        ][number % 4]
        sent.append(("forged token", body(article_id, edition, "direct", forged),
                     f"203.0.113.{number % 250 + 1}", rng.choice(BROWSERS)))  # fmt: skip
    flood = ("198.51.100.7", BROWSERS[0])
    for _ in range(1000):
        sent.append(("flood", body(top_id, top_edition, "social"), *flood))
    expected[(top_id, "social")] += 1  # its first beacon counts, as a new reader's
    unknown = max(pk for pk, _ in public) + 1000
    wrong_edition = "az" if top_edition == "ru" else "ru"
    not_public = [body(unknown, "ru", "direct"), body(*draft, "direct"),
                  body(top_id, wrong_edition, "direct")]  # fmt: skip
    for number in range(300):
        sent.append(("not public", not_public[number % 3], f"192.0.2.{number % 250 + 1}",
                     rng.choice(BROWSERS)))  # fmt: skip
    malformed = ["a=" + "9" * 600 + f"&e=ru&s=direct&t={token('ru', top_id)}",
                 "a=x&e=ru&s=direct&t=0", f"a={top_id}&e=xx&s=direct&t=0",
                 f"a={top_id}&e=ru&s=radio&t={token('ru', top_id)}", "\xff\xfe", "",
                 f"a=-{top_id}&e=ru&s=direct&t=0"]  # fmt: skip
    for number in range(70):
        sent.append(("malformed", malformed[number % len(malformed)],
                     f"192.0.2.{number + 1}", BROWSERS[0]))  # fmt: skip

    reads_part, rest = sent[:reads], sent[reads:]
    for item in rest:  # shuffled into the readers' stream
        reads_part.insert(rng.randrange(len(reads_part) + 1), item)
    holds = (
        f"{len({reader for reader, _ in first})} of the readers read, on {len(set(addresses))} "
        f"addresses; {other_source} repeats came with another source than the first read"
    )
    return reads_part, expected, holds


def accuracy(options) -> None:
    prepare_accuracy(options.cache)
    with fresh_database(options.db, database="xeber_reads_acc"):
        from django.db.models import Sum
        from django.utils import timezone

        from xeber.analytics import services
        from xeber.analytics.beacon import answer
        from xeber.analytics.counting import WINDOW_SECONDS, window_of
        from xeber.analytics.models import HourlyReads

        public, draft = stories()
        rng = random.Random(options.seed)
        sent, expected, holds = script(rng, public, draft, options.reads, options.readers)
        print(
            f"\n{options.db}, counters in {options.cache}, seed {options.seed}: {options.reads} "
            f"reads by {options.readers} readers of {len(public)} stories, with "
            f"{len(sent) - options.reads} beacons that must count nothing (or once: the flood); "
            f"{holds}"
        )
        statuses: dict[str, Counter] = {}
        started, day = time.perf_counter(), timezone.now().date()
        for kind, body, client, agent in sent:
            raw = body.encode("latin-1")
            try:
                status, _reason = answer(method="POST", body=raw, client=client, agent=agent)
            except Exception as error:
                status = f"exception {type(error).__name__}"
            statuses.setdefault(kind, Counter())[str(status)] += 1
        seconds = time.perf_counter() - started
        last_window = window_of(timezone.now())
        print(f"{len(sent)} beacons through beacon.answer in {seconds:.1f} s "
              f"({len(sent) / seconds:,.0f}/s)")  # fmt: skip
        for kind, counted in statuses.items():
            print(f"  {kind:<13} {dict(sorted(counted.items()))}")
        if timezone.now().date() != day:
            print("warning: the run crossed midnight UTC, when the readers' salt changes; "
                  "repeats across it count again, so the expected counts do not hold")  # fmt: skip

        closes = (last_window + 1) * WINDOW_SECONDS + services.GRACE_SECONDS + 0.5
        wait = max(0.0, closes - time.time())
        print(f"waiting {wait:.0f} s until the last window has been closed "
              f"{services.GRACE_SECONDS} s")  # fmt: skip
        time.sleep(wait)
        moved, again = services.reads_flush(), services.reads_flush()
        rows = HourlyReads.objects.values("article", "source").annotate(total=Sum("reads"))
        counted = Counter({(row["article"], row["source"]): row["total"] for row in rows})
        mismatches = {
            key: (expected[key], counted[key])
            for key in set(expected) | set(counted)
            if expected[key] != counted[key]
        }
        total_expected, total_counted = sum(expected.values()), sum(counted.values())
        folded = options.reads - (total_expected - 1)
        print(
            f"flush moved {moved} reads, a second flush {again}; expected {total_expected} "
            f"({folded} of the {options.reads} reads folded as repeats within the hour, plus the "
            f"flood's one), counted {total_counted}, mismatching (story, source) pairs "
            f"{len(mismatches)} (0 asked)"
        )
        for (article_id, source), (want, got) in sorted(mismatches.items())[:10]:
            print(f"  story {article_id} {source}: expected {want}, counted {got}")
        top_id, top_edition = public[0]
        draft_rows = HourlyReads.objects.filter(article_id=draft[0]).count()
        other_edition = HourlyReads.objects.filter(article_id=top_id).exclude(edition=top_edition)
        print(
            f"rows of the draft {draft_rows}, of the top story under the other edition "
            f"{other_edition.count()} (an unknown id can have none); the top story's social "
            f"reads, where the flood of 1,000 adds one: expected {expected[(top_id, 'social')]}, "
            f"counted {counted[(top_id, 'social')]}. Bots, forged tokens and stories not public "
            f"are in no expected count: any read of theirs would be a mismatch."
        )
        if mismatches or moved != total_counted or again:
            raise SystemExit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    beacons = commands.add_parser("beacon")
    beacons.add_argument("--articles", type=int, default=2000)
    beacons.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    beacons.add_argument("--runs", type=int, default=3)
    beacons.add_argument("--seconds", type=float, default=15)
    beacons.add_argument("--connections", type=int, default=32)
    counting = commands.add_parser("accuracy")
    counting.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    counting.add_argument("--cache", choices=["redis", "sqlite"], default="redis")
    counting.add_argument("--reads", type=int, default=10_000)
    counting.add_argument("--readers", type=int, default=1000)
    counting.add_argument("--seed", type=int, default=17)
    options = parser.parse_args()
    if options.command == "accuracy" and options.reads < options.readers:
        parser.error("every reader reads at least once: --reads must be at least --readers")
    beacon(options) if options.command == "beacon" else accuracy(options)


if __name__ == "__main__":
    main()
