"""Faults under load, on loopback, with a PostgreSQL cluster and a Redis server of its own.

    .venv/bin/python bench/faults.py [--load-seconds 300] [--articles 10000]

Builds a private PostgreSQL 15 cluster (initdb, port 5499) and starts a private
redis-server (port 6399), so that stopping them disturbs nothing else on the machine;
fills them with generated articles and serves Xeber from deploy/gunicorn.conf.py (2 sync
workers). It measures the cached front page's capacity with wrk, then, with `hey` sending
at fixed rates and recording every response:

1. steady load at half capacity for --load-seconds while an article is published every
   5 seconds (each one refreshes the pages that show it): counts 5xx responses;
2. PostgreSQL stopped for 10 s and started again during load: when errors happen, whether
   cached pages keep being served, whether Xeber recovers without a restart;
3. Redis stopped for 10 s and started again during load: whether pages keep being served
   from the database, how many warnings the log holds, whether the cache works again.

It prints what it did and what it saw, second by second around each fault.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_PORT, REDIS_PORT, APP_PORT = 5499, 6399, 8301
BASE = Path(tempfile.gettempdir(), "xeber-faults")
APP = f"http://127.0.0.1:{APP_PORT}"


def run(*command: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=True, text=True, **kwargs)


def as_postgres(*command: str) -> list[str]:
    """PostgreSQL refuses to run as root; the cluster belongs to the postgres user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


class Services:
    def __init__(self) -> None:
        self.pg_data = BASE / "pg"
        self.redis: subprocess.Popen | None = None
        self.app: subprocess.Popen | None = None
        self.env = {
            **os.environ,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/xeber",
            "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
            "SECRET_KEY": "bench-faults-only",
            "HTTPS": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "XEBER_VAR_DIR": str(BASE / "var"),
            "LOG_LEVEL": "INFO",
            "GUNICORN_BIND": f"127.0.0.1:{APP_PORT}",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_ACCESS_LOG": "/dev/null",
        }

    def start_postgres(self) -> None:
        if not self.pg_data.exists():
            self.pg_data.mkdir(parents=True)
            if os.geteuid() == 0:
                shutil.chown(self.pg_data, "postgres", "postgres")
            run(
                *as_postgres(
                    str(PG_BIN / "initdb"), "-D", str(self.pg_data), "-A", "trust", "-U", "postgres"
                ),
                stdout=subprocess.DEVNULL,
            )
        run(
            *as_postgres(
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(self.pg_data),
                "-w",
                "-l",
                str(self.pg_data / "log"),
                "-o",
                f"-p {PG_PORT} -k /tmp",
                "start",
            ),
            stdout=subprocess.DEVNULL,
        )

    def stop_postgres(self) -> None:
        run(
            *as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.pg_data), "-m", "fast", "stop"),
            stdout=subprocess.DEVNULL,
        )

    def start_redis(self) -> None:
        self.redis = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(REDIS_PORT),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for(lambda: run("redis-cli", "-p", str(REDIS_PORT), "ping", capture_output=True))

    def stop_redis(self) -> None:
        self.redis.terminate()
        self.redis.wait(10)

    def xeber(self, *args: str) -> None:
        run(str(ROOT / ".venv/bin/xeber"), *args, env=self.env, cwd=ROOT)

    def start_app(self) -> None:
        self.app = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "-c",
                "deploy/gunicorn.conf.py",
                "--capture-output",
                "--error-logfile",
                str(BASE / "app.log"),
                "--no-control-socket",
                "xeber.wsgi:application",
            ],
            cwd=ROOT,
            env=self.env,
        )
        wait_for(lambda: urllib.request.urlopen(f"{APP}/healthz", timeout=1))

    def stop(self) -> None:
        for process in (self.app, self.redis):
            if process and process.poll() is None:
                process.terminate()
                process.wait(10)
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop_postgres()


def wait_for(probe, attempts: int = 100) -> None:
    for _ in range(attempts):
        with contextlib.suppress(Exception):
            probe()
            return
        time.sleep(0.2)
    raise RuntimeError("a service did not come up")


def fill(services: Services, articles: int) -> dict[str, str]:
    run(
        *as_postgres(
            str(PG_BIN / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(PG_PORT),
            "-U",
            "postgres",
            "xeber",
        )
    )
    services.xeber("migrate", "-v0")
    services.xeber("collectstatic", "--noinput", "-v0")
    services.xeber("generate", "--articles", str(articles))
    out = newsroom(services, "urls", capture_output=True).stdout
    article, section = out.split()
    pages = {
        "front": "/ru/",
        "article": article,
        "section": section,
        "search": "/ru/search/?q=закон",
    }
    return {name: quote(path, safe="/?=") for name, path in pages.items()}


def capacity(url: str) -> float:
    out = run("wrk", "-t2", "-c32", "-d5s", url, capture_output=True).stdout
    return float(next(line.split()[1] for line in out.splitlines() if "Requests/sec" in line))


def hey(url: str, rate: int, seconds: int, workers: int = 4) -> subprocess.Popen:
    per_worker = max(1, round(rate / workers))
    return subprocess.Popen(
        ["hey", "-z", f"{seconds}s", "-c", str(workers), "-q", str(per_worker), "-o", "csv", url],
        stdout=subprocess.PIPE,
        text=True,
    )


def statuses_by_second(output: str) -> dict[int, Counter]:
    seconds: dict[int, Counter] = {}
    for row in csv.DictReader(io.StringIO(output)):
        seconds.setdefault(int(float(row["offset"])), Counter())[row["status-code"]] += 1
    return seconds


def report(name: str, seconds: dict[int, Counter]) -> Counter:
    total = sum(seconds.values(), Counter())
    print(f"  {name}: {dict(total)}")
    for second in sorted(seconds):
        if set(seconds[second]) != {"200"}:
            print(f"    second {second:>3}: {dict(seconds[second])}")
    return total


def newsroom(services: Services, *args: str, **kwargs):
    """bench/faults_newsroom.py in the app's environment."""
    command = [str(ROOT / ".venv/bin/python"), str(ROOT / "bench/faults_newsroom.py"), *args]
    if kwargs.pop("background", False):
        return subprocess.Popen(
            command, env=services.env, cwd=ROOT, stdout=subprocess.PIPE, text=True
        )
    return run(*command, env=services.env, cwd=ROOT, **kwargs)


def steady_load(services: Services, urls: dict[str, str], half: float, seconds: int) -> None:
    print(f"\n1. {seconds} s at half capacity ({half:.0f} req/s), an article published every 5 s")
    shares = {"front": 0.4, "article": 0.3, "section": 0.25, "search": 0.05}
    loads = {
        name: hey(APP + urls[name], int(half * share), seconds) for name, share in shares.items()
    }
    writer = newsroom(services, "publish", str(seconds), background=True)
    errors = 0
    for name, process in loads.items():
        total = report(name, statuses_by_second(process.communicate()[0]))
        errors += sum(count for status, count in total.items() if status.startswith("5"))
    print(f"  articles published during the load: {writer.communicate()[0].strip()}")
    print(f"  => 5xx responses: {errors}")


def fault(
    name: str, stop, start, urls: dict[str, str], rates: dict[str, int]
) -> dict[str, Counter]:
    """Load for 30 s; the service is stopped at 10 s and started at 20 s."""
    print(f"\n{name}: stopped at 10 s, started at 20 s; req/s for 30 s: {rates}")
    loads = {page: hey(APP + urls[page], rates[page], 30) for page in rates}
    time.sleep(10)
    stop()
    print(f"  stopped at {time.strftime('%H:%M:%S')}")
    time.sleep(10)
    start()
    print(f"  started at {time.strftime('%H:%M:%S')}")
    return {page: report(page, statuses_by_second(p.communicate()[0])) for page, p in loads.items()}


def cache_state(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.headers.get("X-Cache", "")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--load-seconds", type=int, default=300)
    parser.add_argument("--articles", type=int, default=10000)
    options = parser.parse_args()
    shutil.rmtree(BASE, ignore_errors=True)
    (BASE / "var" / "static").mkdir(parents=True)
    BASE.chmod(0o755)
    services = Services()
    try:
        services.start_postgres()
        services.start_redis()
        urls = fill(services, options.articles)
        services.start_app()
        front_capacity = capacity(APP + urls["front"])
        print(f"capacity of the cached front page: {front_capacity:.0f} req/s (wrk, 5 s)")
        steady_load(services, urls, front_capacity / 2, options.load_seconds)

        # Half capacity, mostly cached pages, and searches, which always need the database.
        rates = dict.fromkeys(["front", "article"], int(front_capacity / 4 - 10)) | {"search": 20}
        fault("2. PostgreSQL", services.stop_postgres, services.start_postgres, urls, rates)
        print(
            f"  after: search {urllib.request.urlopen(APP + urls['search']).status}, "
            "Xeber not restarted"
        )

        fault("3. Redis", services.stop_redis, services.start_redis, urls, rates)
        log = (BASE / "app.log").read_text()
        print(
            f"  warnings in the log: {log.count('Redis is unreachable')} "
            f"(one per worker process); recoveries: {log.count('reachable again')}"
        )
        states = [cache_state(APP + urls["front"]) for _ in range(2)]
        print(f"  front page after Redis returned: {states}")
    finally:
        services.stop()


if __name__ == "__main__":
    sys.exit(main())
