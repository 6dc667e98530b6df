from django.contrib import admin
from django.utils.translation import gettext_lazy as _


def configure_site() -> None:
    admin.site.site_header = _("Xeber back office")
    admin.site.site_title = _("Xeber")
    admin.site.index_title = _("Newsroom")
