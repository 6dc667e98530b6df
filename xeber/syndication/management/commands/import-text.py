from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from xeber.syndication.textimport import import_text_files, text_files, valid_edition


class Command(BaseCommand):
    help = "Import articles from plain-text files or directories (recursively *.txt)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--lang", help="edition for every file (ru, az, en); default: detect")
        parser.add_argument("--section", help="section slug in that edition; default: the first")

    def handle(self, *args, paths, lang=None, section=None, **options):
        try:
            edition = valid_edition(lang)
        except ValueError as error:
            raise CommandError(str(error)) from None
        missing = [str(path) for path in paths if not path.exists()]
        if missing:
            raise CommandError(f"no such file or directory: {', '.join(missing)}")
        outcomes = []
        files = import_text_files(text_files(paths), edition=edition, section=section)
        for outcome in files:
            stream = self.stderr if outcome.status == "refused" else self.stdout
            stream.write(outcome.line())
            outcomes.append(outcome)
        refused = sum(outcome.status == "refused" for outcome in outcomes)
        imported = sum(outcome.status == "imported" for outcome in outcomes)
        self.stdout.write(
            f"{imported} imported, {len(outcomes) - imported - refused} skipped, {refused} refused"
        )
        if refused:
            raise CommandError(f"{refused} file(s) refused", returncode=1)
