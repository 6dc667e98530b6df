import time

from django.core.management.base import BaseCommand

from xeber.search.indexing import reindex


class Command(BaseCommand):
    help = "Rebuild the search index from scratch (publishing keeps it current otherwise)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        count = reindex()
        self.stdout.write(f"indexed {count} articles in {time.perf_counter() - started:.1f} s")
