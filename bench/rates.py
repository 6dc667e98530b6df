"""Backfill one year of bulletins from a local bank (a loopback HTTP server).

    .venv/bin/python bench/rates.py [--days 365]

Serves generated bulletins in the bank's format on 127.0.0.1, runs the same service as
`xeber fetch-rates --since` (one request at a time) into a fresh SQLite database, and
prints total seconds, seconds per bulletin and SQL queries per bulletin.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=365)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as var_dir:
        os.environ.update(
            SECRET_KEY="bench-only",
            XEBER_VAR_DIR=var_dir,
            LOG_LEVEL="WARNING",
            DJANGO_SETTINGS_MODULE="xeber.settings",
            FETCH_ALLOW_PRIVATE_ADDRESSES="true",
        )
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from tests.bulletins import bulletin
        from tests.loopback import LoopbackServer, Route
        from xeber.rates.services import rates_fetch

        call_command("migrate", verbosity=0)
        end = dt.date(2026, 11, 20)
        days = [end - dt.timedelta(n) for n in range(options.days)][::-1]
        working = [day for day in days if day.weekday() < 5]
        with LoopbackServer() as bank:
            for index, day in enumerate(working):
                euro = str(Decimal("1.90") + Decimal(index % 97) / 1000)
                bank.routes[f"/{day:%d.%m.%Y}.xml"] = Route(bulletin(day, overrides={"EUR": euro}))
            settings.RATES_URL_TEMPLATE = bank.url + "/{date:%d.%m.%Y}.xml"
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                for day in working:
                    rates_fetch(day=day)
            seconds = time.perf_counter() - started
        count = len(working)
        print(
            f"{count} bulletins ({options.days} days) in {seconds:.2f} s: "
            f"{seconds / count * 1000:.1f} ms and {len(captured) / count:.1f} queries per bulletin"
        )


if __name__ == "__main__":
    main()
