from django.apps import AppConfig


class SyndicationConfig(AppConfig):
    name = "xeber.syndication"
    label = "syndication"
