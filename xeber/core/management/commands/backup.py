from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from xeber.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write a consistent snapshot of the database and the media files into DIR."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory, **options):
        try:
            manifest = backup(directory)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"backed up {manifest['engine']} and media to {directory}")
