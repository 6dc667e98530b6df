from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from xeber.core.http import FetchError
from xeber.news.models import Section
from xeber.syndication.intake import FeedError, import_feed, poll_subscriptions


class Command(BaseCommand):
    help = "Import an RSS/Atom feed (agency wires) as drafts, or poll every subscription."

    def add_arguments(self, parser):
        parser.add_argument("url", nargs="?")
        parser.add_argument("--section", help="section slug; default the edition's first")
        parser.add_argument("--edition", default=settings.LANGUAGE_CODE)
        parser.add_argument("--publish", action="store_true", help="publish instead of drafts")
        parser.add_argument(
            "--subscriptions",
            action="store_true",
            help="poll the stored feed subscriptions instead of one URL",
        )

    def handle(self, *args, url, section, edition, publish, subscriptions, **options):
        if subscriptions:
            for line in poll_subscriptions():
                self.stdout.write(line)
            return
        if not url:
            raise CommandError("give a feed URL, or --subscriptions")
        sections = Section.objects.filter(edition=edition)
        target = sections.filter(slug=section).first() if section else sections.first()
        if target is None:
            raise CommandError(f"no section {section or ''!r} in edition {edition!r}")
        try:
            report = import_feed(url, section=target, publish=publish)
        except (FetchError, FeedError) as error:
            raise CommandError(f"nothing imported: {error}") from None
        self.stdout.write(f"{url}: {report}")
