import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from xeber.news.generate import generate_articles


class Command(BaseCommand):
    help = "Create N synthetic published articles for load tests."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True)
        parser.add_argument("--edition", default="ru")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, articles, edition, seed, **options):
        if articles < 1:
            raise CommandError("--articles must be a positive number")
        if edition not in dict(settings.LANGUAGES):
            raise CommandError(f"unknown edition {edition!r}")
        started = time.perf_counter()
        generate_articles(articles, edition=edition, seed=seed)
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"{articles} articles in {seconds:.1f} s ({articles / seconds:,.0f} articles/s)"
        )
