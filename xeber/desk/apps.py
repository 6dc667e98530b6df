from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "xeber.desk"
    label = "desk"
    verbose_name = _("Desk")

    def ready(self):
        from django.contrib import admin

        from xeber.desk.titles import decline_titles

        decline_titles(admin.site)
