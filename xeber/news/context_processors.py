from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from xeber.news.editions import edition_links


def masthead(request):
    # Lazy: the admin and the error pages render templates without ever touching it. The
    # rest of the header comes from the {% masthead %} tag, rendered once per change.
    return {"editions": SimpleLazyObject(lambda: edition_links(get_language()))}
