"""PostgreSQL: the title and lead's own tsvector (weights A and B), small enough to stay in
the row, so that finding the newest headline matches never reads a whole article's vector
(see PostgresBackend.search). Filled from the existing vectors; SQLite has no such table."""

from django.db import migrations

# The text index is dropped while every row is rewritten, then built again: updating it
# row by row takes many times longer over a large archive.
FORWARD = (
    "SET LOCAL maintenance_work_mem = '256MB';"  # for the index builds below
    "ALTER TABLE search_document ADD COLUMN head tsvector NOT NULL DEFAULT '';"
    "DROP INDEX search_document_vector;"
    "UPDATE search_document SET head = ts_filter(vector, '{a,b}');"
    "CREATE INDEX search_document_vector ON search_document USING gin (vector);"
    "CREATE INDEX search_document_head ON search_document USING gin (head);"
)
BACKWARD = "DROP INDEX search_document_head; ALTER TABLE search_document DROP COLUMN head;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
