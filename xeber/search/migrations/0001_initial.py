from django.db import migrations, models

SQLITE = (
    # unicode61 splits on spaces only here: the stored text is already normalised terms.
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, lead, body, tokenize = 'unicode61 remove_diacritics 0')",
    "DROP TABLE search_fts",
)
POSTGRES = (
    # No foreign key: the index is derived data, rebuilt by `xeber reindex`, and searches
    # join news_article anyway; a key would only stand in the way of flushing that table.
    # Edition, section and time are copied here so that a search never joins the articles
    # table before it has cut the matches down (see PostgresBackend.search).
    "CREATE TABLE search_document (article_id bigint PRIMARY KEY, edition varchar(2) NOT NULL,"
    " section_id bigint NOT NULL, published_at timestamptz NOT NULL, vector tsvector NOT NULL);"
    "CREATE INDEX search_document_vector ON search_document USING gin (vector);"
    "CREATE INDEX search_document_time ON search_document (edition, published_at);",
    "DROP TABLE search_document",
)


def create_index_table(apps, schema_editor):
    sql = POSTGRES[0] if schema_editor.connection.vendor == "postgresql" else SQLITE[0]
    schema_editor.execute(sql)


def drop_index_table(apps, schema_editor):
    sql = POSTGRES[1] if schema_editor.connection.vendor == "postgresql" else SQLITE[1]
    schema_editor.execute(sql)


class Migration(migrations.Migration):
    initial = True
    dependencies = [("news", "0002_remove_article_cover_caption_and_more")]

    operations = [
        migrations.RunPython(create_index_table, drop_index_table),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("edition", models.CharField(max_length=2)),
                ("word", models.CharField(max_length=40)),
                ("folded", models.CharField(db_index=True, max_length=40)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("edition", "word"), name="search_word_unique")
                ]
            },
        ),
    ]
