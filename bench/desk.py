"""The back office's home (issue 18: under 100 ms with 100,000 articles).

    .venv/bin/python bench/desk.py [--articles 100000] [--db sqlite|postgres] [--renders 50]

Fills a fresh database as bench/pages.py does (generated articles, published over the
years), then gives the newsroom a working day's state on top: three people (an author,
an editor of two editions, a chief editor), each author with 2,000 drafts of their own
and 40 returned to them among 3,000 returns in the audit log, 300 stories in review,
200 scheduled, 3 live pages, breaking lines, 500 failed deliveries among 20,000 sent,
and reads counted in the last half hour. Then renders each person's desk (`/admin/`)
through Django's full request handler, signed in with the second factor (production's
TWO_FACTOR_REQUIRED), and prints the median, 95th percentile
and fastest render in ms (wall clock) and the SQL queries per render.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.pages import add_database_arguments, fill, fresh_database


def newsroom_day() -> dict:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from xeber.analytics.counting import read_count
    from xeber.deliveries.models import Delivery
    from xeber.editorial.models import AuditEntry, StaffProfile
    from xeber.editorial.roles import Role, assign_role, ensure_role_groups
    from xeber.news.models import Article, BreakingNews

    ensure_role_groups()
    people = {}
    for name, role, editions in [
        ("author", Role.AUTHOR, ["ru"]),
        ("editor", Role.EDITOR, ["ru", "az"]),
        ("chief", Role.CHIEF, ["ru", "az", "en"]),
    ]:
        user = get_user_model().objects.create_user(username=name, password="bench")
        assign_role(user, role)
        StaffProfile.objects.create(user=user, editions=editions)
        people[name] = user
    now, rng = timezone.now(), random.Random(18)
    pool = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    rng.shuffle(pool)
    drafts, review, scheduled, live = pool[:6000], pool[6000:6300], pool[6300:6500], pool[6500:6503]
    for number, user in enumerate(people.values()):
        mine = drafts[number * 2000 : (number + 1) * 2000]
        Article.objects.filter(pk__in=mine).update(status="draft", created_by=user)
    Article.objects.filter(pk__in=review).update(status="review", created_by=people["author"])
    Article.objects.filter(pk__in=scheduled).update(published_at=now + dt.timedelta(days=1))
    Article.objects.filter(pk__in=live).update(live="live", published_at=now)
    returns = [
        AuditEntry(user=people["editor"], action="returned", article_id=pk, to_state="draft")
        for pk in drafts[:40] + pool[7000:9960]
    ]
    AuditEntry.objects.bulk_create(returns, batch_size=1000)
    BreakingNews.objects.create(edition="az", text="Təcili xəbər ölçmə üçün")
    Delivery.objects.bulk_create(
        [
            Delivery(
                key=f"bench:{n}",
                channel="telegram",
                target="@bench",
                action="post",
                state="failed" if n < 500 else "sent",
                last_error="Forbidden" if n < 500 else "",
            )
            for n in range(20_000)
        ],
        batch_size=1000,
    )
    agent = "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0"
    for reader in range(2000):
        read_count(
            edition="ru", article_id=rng.choice(pool[10_000:10_050]), source="direct",
            client=f"10.9.{reader // 250}.{reader % 250}", agent=agent,
        )  # fmt: skip
    return people


def measure(user, renders: int) -> tuple[float, float, float, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_otp.plugins.otp_totp.models import TOTPDevice

    # Signed in as production has it: the password, then the second factor (each person has
    # an authenticator, and the session holds it, as after the code was given).
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    for _ in range(3):
        assert client.get("/admin/").status_code == 200
    timings = []
    for _ in range(renders):
        started = time.perf_counter()
        client.get("/admin/")
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        client.get("/admin/")
    timings.sort()
    return (
        statistics.median(timings),
        timings[int(len(timings) * 0.95) - 1],
        timings[0],
        len(captured),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_arguments(parser)
    parser.add_argument("--renders", type=int, default=50)
    options = parser.parse_args()
    with fresh_database(options.db, database="xeber_bench_desk"):
        fill(options.articles)
        people = newsroom_day()
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        print(f"\n{options.db}, {options.articles} articles, {options.renders} renders each")
        print(f"{'desk of':<8} {'median ms':>10} {'p95 ms':>8} {'min ms':>8} {'queries':>8}")
        for name, user in people.items():
            median, p95, fastest, queries = measure(user, options.renders)
            print(f"{name:<8} {median:>10.2f} {p95:>8.2f} {fastest:>8.2f} {queries:>8}")


if __name__ == "__main__":
    main()
