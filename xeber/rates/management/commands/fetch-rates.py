import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from xeber.rates.services import RatesFetchError, rates_fetch


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date: use YYYY-MM-DD") from None


class Command(BaseCommand):
    help = (
        "Fetch the central bank's bulletin: today's, one --date, or every working day "
        "--since a date (one request at a time). Exits non-zero if any fetch failed; "
        "stored rates are never touched by a failure."
    )

    def add_arguments(self, parser):
        when = parser.add_mutually_exclusive_group()
        when.add_argument("--date", help="YYYY-MM-DD")
        when.add_argument("--since", help="YYYY-MM-DD: backfill up to today")

    def handle(self, *args, date=None, since=None, **options):
        today = timezone.localdate()
        if since:
            start = iso_date(since)
            if start > today:
                raise CommandError("--since is in the future")
            days = [start + dt.timedelta(n) for n in range((today - start).days + 1)]
            days = [day for day in days if day.weekday() < 5 or day == today]
        else:
            days = [iso_date(date) if date else today]
        failures = 0
        for day in days:
            try:
                self.stdout.write(f"{day}: {rates_fetch(day=day)}")
            except RatesFetchError as error:
                failures += 1
                self.stderr.write(f"{day}: failed: {error}")
        if failures:
            raise CommandError(f"{failures} of {len(days)} fetches failed", returncode=1)
