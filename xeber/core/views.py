import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found

# The database cannot be reached (restarting, failing over): a passing state, not a bug.
DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5


def server_error(request):
    """A localised error page that needs neither the database nor the cache: 503 with
    Retry-After while the database is unreachable, 500 for anything else."""
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    database_down = isinstance(sys.exc_info()[1], DATABASE_DOWN)
    with translation.override(language):
        if database_down:
            heading = _("The site is briefly unavailable")
            message = _("Please try again in a few seconds.")
        else:
            heading = _("Something went wrong")
            message = _("We are already looking into it. Please try again in a minute.")
        html = loader.get_template("500.html").render(
            {
                "LANGUAGE_CODE": language,
                "heading": heading,
                "message": message,
                "link_front_page": not database_down,
            }
        )
    if not database_down:
        return HttpResponseServerError(html)
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def not_found(request, exception):
    """JSON for the API (clients parse it), the localised page for everything else."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)


def healthz(request):
    """The process is alive and answering (no database, no cache)."""
    return JsonResponse({"status": "ok"})


def _cache_check(cache) -> str:
    try:
        cache.set("readyz", "1", 5)
        return "ok" if cache.get("readyz") == "1" else "failed: no round trip"
    except Exception as error:
        return f"failed: {type(error).__name__}"


def readyz(request):
    """Ready for traffic: the database and the caches (pages, and the versions every
    process reads) all answer."""
    from django.core.cache import caches
    from django.db import connection

    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as error:
        checks["database"] = f"failed: {type(error).__name__}"
    for alias in [alias for alias in ("default", "versions") if alias in settings.CACHES]:
        checks["cache" if alias == "default" else f"cache:{alias}"] = _cache_check(caches[alias])
    ready = all(value == "ok" for value in checks.values())
    response = JsonResponse(
        {"status": "ok" if ready else "unavailable", **checks}, status=200 if ready else 503
    )
    response["Cache-Control"] = "no-store"
    return response
