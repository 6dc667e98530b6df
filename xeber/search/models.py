from django.db import models


class SearchWord(models.Model):
    """Words of headlines and leads, for "did you mean" when a query finds nothing.

    The index itself lives in a table of its own per engine (see backends.py), created by
    this app's migrations: an FTS5 table on SQLite, a tsvector table on PostgreSQL.
    """

    edition = models.CharField(max_length=2)
    word = models.CharField(max_length=40)
    folded = models.CharField(max_length=40, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["edition", "word"], name="search_word_unique")
        ]

    def __str__(self) -> str:
        return self.word
