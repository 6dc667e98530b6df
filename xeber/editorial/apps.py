from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "xeber.editorial"
    label = "editorial"
    verbose_name = _("Editorial")

    def ready(self) -> None:
        from xeber.editorial.roles import ensure_role_groups

        post_migrate.connect(lambda **kwargs: ensure_role_groups(), sender=self, weak=False)
