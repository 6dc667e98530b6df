from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from xeber.news.editions import edition_links
from xeber.news.masthead import get_masthead


def masthead(request):
    # Lazy: the admin and the error pages render templates without ever touching it.
    return {
        "masthead": SimpleLazyObject(lambda: get_masthead(get_language())),
        "editions": SimpleLazyObject(lambda: edition_links(get_language())),
    }
