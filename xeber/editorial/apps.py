from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "xeber.editorial"
    label = "editorial"
    verbose_name = _("Editorial")

    def ready(self) -> None:
        from xeber.editorial.roles import ensure_role_groups

        # The role groups get their permissions once every app's permissions exist: after
        # the post_migrate of the last app with models (apps after editorial have some).
        last = [config for config in apps.get_app_configs() if config.models_module][-1]
        post_migrate.connect(lambda **kwargs: ensure_role_groups(), sender=last, weak=False)
