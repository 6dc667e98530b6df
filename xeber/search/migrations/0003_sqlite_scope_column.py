"""SQLite: the index gains a `scope` column holding the article's edition and section as
terms ("ru s12"), so that a search can ask FTS5 itself for the newest matches of one
edition or section and stop there (see SqliteBackend.search). The rows are copied over."""

from django.db import migrations

FORWARD = [
    "CREATE VIRTUAL TABLE search_fts_scoped USING fts5("
    "title, lead, body, scope, tokenize = 'unicode61 remove_diacritics 0')",
    "INSERT INTO search_fts_scoped (rowid, title, lead, body, scope) "
    "SELECT f.rowid, f.title, f.lead, f.body, a.edition || ' s' || a.section_id "
    "FROM search_fts f JOIN news_article a ON a.id = f.rowid",
    "DROP TABLE search_fts",
    "ALTER TABLE search_fts_scoped RENAME TO search_fts",
]
BACKWARD = [
    "CREATE VIRTUAL TABLE search_fts_plain USING fts5("
    "title, lead, body, tokenize = 'unicode61 remove_diacritics 0')",
    "INSERT INTO search_fts_plain (rowid, title, lead, body) "
    "SELECT rowid, title, lead, body FROM search_fts",
    "DROP TABLE search_fts",
    "ALTER TABLE search_fts_plain RENAME TO search_fts",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0002_headline_vector"), ("news", "0001_initial")]
    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
