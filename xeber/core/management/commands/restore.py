from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from xeber.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database and the media files with a backup made by `xeber backup`."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory, **options):
        try:
            manifest = restore(directory)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"restored the backup of {manifest['created']} from {directory}")
