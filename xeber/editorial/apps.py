from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "xeber.editorial"
    label = "editorial"
    verbose_name = _("Editorial")

    def ready(self) -> None:
        post_migrate.connect(_groups_after_the_last_app, weak=False, dispatch_uid="role-groups")


def _groups_after_the_last_app(app_config, **kwargs) -> None:
    """The role groups get their permissions once every app's permissions exist: after
    the post_migrate of the last app with models (apps after editorial have some too)."""
    from django.apps import apps

    from xeber.editorial.roles import ensure_role_groups

    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if app_config is with_models[-1]:
        ensure_role_groups()
