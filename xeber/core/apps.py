from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "xeber.core"
    label = "core"
