from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from xeber.analytics.urls import edition_urlpatterns as analytics_urlpatterns
from xeber.analytics.urls import root_urlpatterns as analytics_root_urlpatterns
from xeber.core import views as core_views
from xeber.editorial.urls import edition_urlpatterns as correction_urlpatterns
from xeber.identity import views as identity_views
from xeber.live.urls import desk_urlpatterns as live_desk_urlpatterns
from xeber.live.urls import edition_urlpatterns as live_urlpatterns
from xeber.news import views as news_views
from xeber.syndication.urls import edition_urlpatterns, root_urlpatterns

# The resolver tries patterns in order: readers' pages, behind their edition's prefix, come
# first, and the article page first among them.
urlpatterns = i18n_patterns(
    path("", include("xeber.news.urls")),
    path("", include((edition_urlpatterns, "syndication"))),
    path("", include("xeber.search.urls")),
    path("", include("xeber.rates.urls")),
    path("", include((correction_urlpatterns, "corrections"))),
    path("", include((live_urlpatterns, "live"))),
    path("", include((analytics_urlpatterns, "analytics"))),
    path("manifest.webmanifest", identity_views.manifest, name="manifest"),
    prefix_default_language=True,
)
urlpatterns += [
    path("", news_views.root, name="root"),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path(f"{settings.ADMIN_URL}live-desk/", include((live_desk_urlpatterns, "live-desk"))),
    path(settings.ADMIN_URL, include("xeber.accounts.urls")),
    # The desk is the back office's home (before the admin's own index, which it replaces).
    path(settings.ADMIN_URL, include("xeber.desk.urls")),
    path(settings.ADMIN_URL, include("xeber.identity.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/v1/", include("xeber.api.urls")),
    path("", include("xeber.push.urls")),
    path("", include("xeber.newsletters.urls")),
    path("", include((analytics_root_urlpatterns, "reads"))),
    path("", include("xeber.editorial.urls")),
    *root_urlpatterns,
]

if settings.SERVE_MEDIA:
    # Loopback demo only (`make run`); in production nginx serves /media/ (deploy/).
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

handler404 = core_views.not_found
handler500 = core_views.server_error
