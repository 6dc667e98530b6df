from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "xeber.api"
    label = "api"
