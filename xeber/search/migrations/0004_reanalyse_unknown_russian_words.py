"""Russian words the dictionary does not know are indexed by their Snowball stem, no longer
by the lemma pymorphy3 guessed for each form (normalize.py): the text of every indexed
article is analysed again. About a second per 1,000 articles (bench/RESULTS.md, index
build). Batches commit one by one, so searches go on meanwhile; an article is found by
its old terms until its batch is done.

Only rows already in the index are rewritten, by statements of this migration's own: the
index table as 0003 left it. A fresh database has none, and skips this quickly.
"""

from django.db import migrations, transaction

BATCH = 1000
SQLITE = "UPDATE search_fts SET title = %s, lead = %s, body = %s WHERE rowid = %s"
POSTGRES = (
    "UPDATE search_document SET head = setweight(to_tsvector('simple', %s), 'A') || "
    "setweight(to_tsvector('simple', %s), 'B'), vector = setweight(to_tsvector('simple', %s), "
    "'A') || setweight(to_tsvector('simple', %s), 'B') || "
    "setweight(to_tsvector('simple', %s), 'C') WHERE article_id = %s"
)


def _rows(documents, vendor):
    if vendor == "postgresql":
        return [(d.title, d.lead, d.title, d.lead, d.body, d.article_id) for d in documents]
    return [(d.title, d.lead, d.body, d.article_id) for d in documents]


def reanalyse(apps, schema_editor):
    from xeber.search.indexing import document_for

    connection = schema_editor.connection
    statement = POSTGRES if connection.vendor == "postgresql" else SQLITE
    Article = apps.get_model("news", "Article")
    published = Article.objects.filter(status="published").order_by("pk")
    fields = ("id", "edition", "title", "lead", "body", "section_id", "published_at")
    last = 0
    while batch := list(published.filter(pk__gt=last).only(*fields)[:BATCH]):
        documents = [document_for(article) for article in batch]
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.executemany(statement, _rows(documents, connection.vendor))
        last = batch[-1].pk


class Migration(migrations.Migration):
    atomic = False  # one transaction per batch (see above)
    dependencies = [
        ("search", "0003_sqlite_scope_column"),
        ("news", "0002_remove_article_cover_caption_and_more"),
    ]
    operations = [migrations.RunPython(reanalyse, migrations.RunPython.noop)]
