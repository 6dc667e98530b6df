from django.urls import path

from xeber.live import desk, feeds, views

# Readers' side, under each edition's prefix (xeber/urls.py), as "live:...".
edition_urlpatterns = [
    path("live/<int:article_id>/entries.json", views.entries, name="entries"),
    path("live/<int:article_id>/entry/<int:entry_id>/", views.entry_link, name="entry"),
    path("live/<int:article_id>/feed/", feeds.LiveEntriesFeed(), name="feed"),
    path("live/<int:article_id>/feed/atom/", feeds.LiveEntriesAtomFeed(), name="feed-atom"),
]

# The posting desk in the back office, as "live-desk:..." (before the admin's own
# addresses, which end in a catch-all: xeber/urls.py).
desk_urlpatterns = [
    path("<int:article_id>/", desk.desk, name="desk"),
    path("<int:article_id>/start/", desk.start, name="start"),
    path("<int:article_id>/end/", desk.end, name="end"),
    path("<int:article_id>/journalists/", desk.journalists, name="journalists"),
    path("entry/<int:entry_id>/", desk.edit, name="edit"),
    path("entry/<int:entry_id>/delete/", desk.delete, name="delete"),
    path("entry/<int:entry_id>/pin/", desk.pin, name="pin"),
]
