from django.core.management.base import BaseCommand
from django.utils import timezone

from xeber.analytics.services import reads_flush
from xeber.deliveries.services import deliveries_resume, task_results_prune
from xeber.newsletters.services import digests_compose_due, unconfirmed_forget
from xeber.rates.scheduler import run_forever, run_once


class Command(BaseCommand):
    help = (
        "Keep the official rates fresh without a human: on working days fetch today's "
        "bulletin, retrying with backoff (5 min doubling to 1 h) until it appears. Every "
        "minute, send again the deliveries a dead worker left or whose task was lost, compose "
        "the day's newsletter digests once it is time, forget addresses never confirmed, move "
        "the minute's counted reads into hourly rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="do what is due now, then exit")

    def handle(self, *args, once=False, **options):
        if once:
            wait, failures = run_once(timezone.localtime(), 0)
            self.stdout.write(f"next check in {wait} ({failures} failure(s))")
            self.stdout.write(f"{deliveries_resume()} overdue deliveries enqueued again")
            return
        run_forever(
            every=[
                reads_flush,
                deliveries_resume,
                task_results_prune,
                digests_compose_due,
                unconfirmed_forget,
            ]
        )
