"""Old addresses of imported articles answer with a permanent redirect."""

from django.http import HttpResponsePermanentRedirect

from xeber.syndication.models import ImportedItem


class LegacyRedirectMiddleware:
    """On a 404 only (so normal pages pay nothing), look the path up among imported items."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        item = (
            ImportedItem.objects.filter(old_path=request.get_full_path()[:500])
            .select_related("article")
            .first()
        )
        if item is None or not item.article.is_public:
            return response
        return HttpResponsePermanentRedirect(item.article.get_absolute_url())
