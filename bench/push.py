"""Web push delivery: one alert sent to many subscriptions through a loopback push service.

    .venv/bin/python bench/push.py [--subscriptions 100000] [--db sqlite|postgres]
        [--concurrency N] [--batch N] [--expire-every M] [--seed bench] [--profile]

Starts tests/web_push_service.py in its fast mode as its own process, with `--subscriptions`
subscriptions derived from `--seed` (it checks every VAPID signature against the site's key
and decrypts every payload, as FCM and autopush do; with `--expire-every` M the M-th, 2M-th...
answer 410 Gone). In a fresh database (a temporary SQLite file, or the PostgreSQL database
`xeber_bench_push` on 127.0.0.1, dropped and recreated) with a VAPID key in the temporary
var/ folder, `--articles` generated articles (default 100) and a superuser as the editor, it
bulk-inserts the same subscriptions as readers' rows of the edition "ru", then sends one
alert about a published story with push_alert_send() and runs its delivery in this process
as a worker would (delivery_attempt(), not through the task queue: only the sending is
timed, from the claim of the delivery to its outcome recorded; the URLconf is loaded before,
as in a worker that has run a while). `--articles` only sizes the archive. `--concurrency` is
PUSH_CONCURRENCY (pushes in flight at once), `--batch` BROADCAST_BATCH (subscriptions read
and sent at a time); both default to the settings'.

Prints how long deriving and inserting the subscriptions took (not part of the measure),
then the sending's seconds and pushes per second (delivered / seconds), of them the time
spent inside the batches' pushes (the rest is reading recipients and recording results),
the alert's delivered / removed / undelivered / problems, the service's own counts
(GET /stats: accepted, refused, by status and reason), the delivery's final state, the
CPU seconds this process and the service used while sending (which of them bounds the rate),
the subscription rows before and after (expired ones are removed), and whether the target of
500 pushes/s was met. `--profile` runs the delivery under cProfile (slower) and adds the
functions that took the most time. Sender and service share the machine's cores.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.pages import add_database_arguments, fresh_database

ROOT = Path(__file__).resolve().parent.parent
TARGET = 500  # pushes per second
EDITION = "ru"
INSERT_CHUNK = 10_000


class PushService:
    """tests/web_push_service.py in fast mode, as its own process."""

    def __init__(self, subscriptions: int, seed: str, server_key: str, expire_every: int):
        command = [
            sys.executable,
            "-m",
            "tests.web_push_service",
            "--port",
            "0",
            "--subscriptions",
            str(subscriptions),
            "--seed",
            seed,
            "--application-server-key",
            server_key,
            "--expire-every",
            str(expire_every),
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        self.origin = ""

    def wait_listening(self, seconds: float = 120) -> str:
        """Its origin, from the first line it prints once it listens."""
        ready, _, _ = select.select([self.process.stdout], [], [], seconds)
        line = self.process.stdout.readline().strip() if ready else ""
        if not line.startswith("http://"):
            raise RuntimeError(f"the push service did not start (exit {self.process.poll()})")
        self.origin = line
        return line

    def stats(self, method: str = "GET") -> dict:
        request = urllib.request.Request(f"{self.origin}/stats", method=method)
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.load(answer)

    def cpu_seconds(self) -> float | None:
        """CPU time the service's process has used so far (Linux's /proc), else None."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.communicate(timeout=30)  # its final stats, not needed here
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()


def prepare(articles: int):
    """The schema, some articles and an editor: the newest published story and the editor."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from xeber.news.generate import generate_articles
    from xeber.news.models import Article

    call_command("migrate", verbosity=0)
    generate_articles(articles, edition=EDITION)
    story = Article.objects.published().filter(edition=EDITION).order_by("-published_at").first()
    editor = get_user_model().objects.create_superuser("bench-editor", "bench@example.com", None)
    story.get_absolute_url()  # the URLconf loaded (0.3 s), as in a worker that has run a while
    return story, editor


def insert_subscriptions(origin: str, count: int, seed: str) -> tuple[float, float]:
    """The service's subscriptions as readers' rows; seconds to derive them and to insert."""
    from django.db import connection, transaction

    from tests.web_push_service import deterministic_subscriptions
    from xeber.push.models import PushSubscription

    started = time.perf_counter()
    subscriptions = deterministic_subscriptions(origin, count, seed)
    derived = time.perf_counter() - started
    started = time.perf_counter()
    for start in range(0, count, INSERT_CHUNK):
        rows = [
            PushSubscription(
                edition=EDITION,
                endpoint=each["endpoint"],
                p256dh=each["keys"]["p256dh"],
                auth=each["keys"]["auth"],
            )
            for each in subscriptions[start : start + INSERT_CHUNK]
        ]
        with transaction.atomic():
            PushSubscription.objects.bulk_create(rows)
    inserted = time.perf_counter() - started
    with connection.cursor() as cursor:  # the planner's statistics, as a live database has
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return derived, inserted


def timed_batches() -> list[float]:
    """Seconds of each batch's pushes (Pusher.batch), filled as the delivery goes."""
    from xeber.push import sending

    spent: list[float] = []
    original = sending.Pusher.batch

    def batch(self, subscriptions):
        started = time.perf_counter()
        try:
            return original(self, subscriptions)
        finally:
            spent.append(time.perf_counter() - started)

    sending.Pusher.batch = batch
    return spent


def send(story, editor, profile: bool):
    """push_alert_send(), then its delivery attempted here: the alert, the delivery, the
    seconds the attempt took, and the profiler if asked for."""
    from xeber.deliveries.models import Delivery
    from xeber.deliveries.services import delivery_attempt
    from xeber.push.services import push_alert_send

    alert = push_alert_send(user=editor, article=story, text="Срочно: измерение рассылки")
    delivery = Delivery.objects.get(key=f"push:alert:{alert.pk}")
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started, cpu = time.perf_counter(), time.process_time()
    delivery_attempt(delivery.pk)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if profiler is not None:
        profiler.disable()
    alert.refresh_from_db()
    delivery.refresh_from_db()
    return alert, delivery, seconds, cpu, profiler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_arguments(parser)
    parser.set_defaults(articles=100)
    parser.add_argument("--subscriptions", type=int, default=100_000)
    parser.add_argument("--seed", default="bench")
    parser.add_argument("--concurrency", type=int, help="PUSH_CONCURRENCY (default the setting)")
    parser.add_argument("--batch", type=int, help="BROADCAST_BATCH (default the setting)")
    parser.add_argument("--expire-every", type=int, default=0, metavar="M")
    parser.add_argument("--profile", action="store_true")
    options = parser.parse_args()
    with fresh_database(options.db, database="xeber_bench_push"):
        from django.conf import settings

        from xeber.push import keys
        from xeber.push.models import PushSubscription

        keys.make_keys(Path(settings.VAPID_PRIVATE_KEY_FILE))
        service = PushService(
            options.subscriptions, options.seed, keys.public_key(), options.expire_every
        )
        try:
            story, editor = prepare(options.articles)  # while the service derives its tokens
            origin = service.wait_listening()
            settings.PUSH_SERVICE_HOSTS = [*settings.PUSH_SERVICE_HOSTS, origin]
            settings.PUSH_CONTACT = "mailto:bench@xeber.example"
            if options.concurrency is not None:
                settings.PUSH_CONCURRENCY = options.concurrency
            if options.batch is not None:
                settings.BROADCAST_BATCH = options.batch
            derived, inserted = insert_subscriptions(origin, options.subscriptions, options.seed)
            before = PushSubscription.objects.count()
            service.stats("DELETE")
            batches = timed_batches()
            service_cpu = service.cpu_seconds()
            alert, delivery, seconds, cpu, profiler = send(story, editor, options.profile)
            if service_cpu is not None:
                service_cpu = service.cpu_seconds() - service_cpu
            stats = service.stats()
            after = PushSubscription.objects.count()
        finally:
            service.stop()
        report(options, settings, derived, inserted, seconds, batches, alert, delivery, stats)
        service_cpu = "?" if service_cpu is None else f"{service_cpu:.2f}"
        print(f"CPU seconds while sending: this process {cpu:.2f}, the service {service_cpu}")
        print(f"subscription rows: {before} before, {after} after ({before - after} removed)")
        rate = alert.delivered / seconds
        verdict = "met" if rate >= TARGET else "NOT met"
        print(f"target {TARGET} pushes/s: {verdict} ({rate:.0f} pushes/s)")
        if profiler is not None:
            import pstats

            print("\nprofile of the delivery (this process only), by own time:")
            pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(25)


def report(options, settings, derived, inserted, seconds, batches, alert, delivery, stats):
    count = options.subscriptions
    expired = f", 1 in {options.expire_every} expired" if options.expire_every else ""
    profiled = ", under cProfile" if options.profile else ""
    print(
        f"\n{options.db}, {count} subscriptions (seed {options.seed}{expired}), "
        f"concurrency {settings.PUSH_CONCURRENCY}, batch {settings.BROADCAST_BATCH}{profiled}"
    )
    print(
        f"subscriptions derived in {derived:.1f} s, inserted in {inserted:.1f} s "
        f"({count / max(inserted, 1e-9):.0f} rows/s); not measured below"
    )
    pushing = sum(batches)
    print(
        f"sent in {seconds:.2f} s: {alert.delivered / seconds:.0f} pushes/s "
        f"(delivered / seconds); {len(batches)} batches, their pushes {pushing:.2f} s, "
        f"the rest (recipients read, results recorded, claim) {seconds - pushing:.2f} s"
    )
    if batches:
        print(
            f"batch seconds: min {min(batches):.2f}, max {max(batches):.2f}, "
            f"mean {pushing / len(batches):.2f}"
        )
    print(
        f"alert: delivered {alert.delivered}, removed {alert.removed}, "
        f"undelivered {alert.undelivered}, problems {alert.problems}, waiting {len(alert.retry)}"
    )
    print(
        f"service: accepted {stats['accepted']}, refused {stats['refused']}, "
        f"by_status {stats['by_status']}, by_reason {stats['by_reason']}"
    )
    error = f", last error {delivery.last_error!r}" if delivery.last_error else ""
    print(f"delivery: {delivery.state}, attempts {delivery.attempts}{error}")


if __name__ == "__main__":
    main()
