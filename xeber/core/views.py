from django.conf import settings
from django.http import HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils import translation
from django.views.defaults import page_not_found


def server_error(request):
    """A localised 500 page that needs neither the database nor the cache."""
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        html = loader.get_template("500.html").render({"LANGUAGE_CODE": language})
    return HttpResponseServerError(html)


def not_found(request, exception):
    """JSON for the API (clients parse it), the localised page for everything else."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)
