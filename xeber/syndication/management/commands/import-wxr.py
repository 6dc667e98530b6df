from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from xeber.syndication.importing import import_wxr
from xeber.syndication.wxr import WxrError


class Command(BaseCommand):
    help = "Migrate a WordPress export (WXR): posts, categories, tags, authors; old links redirect."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--edition", default=settings.LANGUAGE_CODE)
        parser.add_argument(
            "--fetch-media", action="store_true", help="download covers and gallery pictures"
        )

    def handle(self, *args, file, edition, fetch_media, **options):
        if edition not in dict(settings.LANGUAGES):
            raise CommandError(f"unknown edition {edition!r}")
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            report = import_wxr(file, edition=edition, fetch_media=fetch_media)
        except WxrError as error:
            raise CommandError(f"nothing imported: {error}") from None
        for line in report.lines():
            self.stdout.write(line)
