"""What the workflow tells other apps (xeber/telegram plans its posts): sent by the services
inside their transaction, so that what a receiver writes commits or rolls back with the
publication. Receivers must not fail a publish: they keep their errors to themselves."""

from django.dispatch import Signal

# article: published now, or scheduled (its published_at is then in the future).
article_published = Signal()
# article: taken off the site.
article_unpublished = Signal()
