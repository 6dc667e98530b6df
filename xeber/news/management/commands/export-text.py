from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from xeber.news.models import Article
from xeber.news.textio import article_to_text


class Command(BaseCommand):
    help = "Export articles in the plain-text rendition (FORMAT.md section 1)."

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--id", type=int, help="print one article to standard output")
        target.add_argument("--out", type=Path, help="write one file per article into DIR")

    def handle(self, *args, id=None, out=None, **options):
        if id is not None:
            article = Article.objects.filter(pk=id).first()
            if article is None:
                raise CommandError(f"no article with id {id}")
            self.stdout.ending = ""
            self.stdout.write(article_to_text(article))
            return
        out.mkdir(parents=True, exist_ok=True)
        count = 0
        for article in Article.objects.order_by("pk").iterator(chunk_size=500):
            name = f"{article.pk:06d}-{article.edition}-{article.slug}.txt"
            (out / name).write_text(article_to_text(article), encoding="utf-8", newline="\n")
            count += 1
        self.stdout.write(f"wrote {count} files to {out}")
