from django.conf import settings
from django.http import HttpResponseServerError
from django.template import loader
from django.utils import translation


def server_error(request):
    """A localised 500 page that needs neither the database nor the cache."""
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        html = loader.get_template("500.html").render({"LANGUAGE_CODE": language})
    return HttpResponseServerError(html)
