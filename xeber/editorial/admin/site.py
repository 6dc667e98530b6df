from django.conf import settings
from django.contrib import admin
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy


def _back_office_title() -> str:
    return gettext("%(site)s back office") % {"site": settings.SITE_NAME}


def configure_site() -> None:
    """The newsroom's name (SITE_NAME) on every back-office page."""
    admin.site.site_header = lazy(_back_office_title, str)()
    admin.site.site_title = lazy(lambda: settings.SITE_NAME, str)()
    admin.site.index_title = gettext_lazy("Newsroom")
