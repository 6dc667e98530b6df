from django.contrib import admin
from django.utils.functional import lazy
from django.utils.translation import get_language, gettext, gettext_lazy

from xeber.news.masthead import newsroom_name


def _newsroom_name() -> str:
    """The newsroom's name in the edition of the back office's language (xeber/identity)."""
    return newsroom_name(get_language())


def _back_office_title() -> str:
    return gettext("%(site)s back office") % {"site": _newsroom_name()}


def configure_site() -> None:
    """The newsroom's name on every back-office page."""
    admin.site.site_header = lazy(_back_office_title, str)()
    admin.site.site_title = lazy(_newsroom_name, str)()
    admin.site.index_title = gettext_lazy("Newsroom")
