from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "xeber.live"
    label = "live"
    verbose_name = _("Live coverage")

    def ready(self) -> None:
        from xeber.live import signals  # noqa: F401  (receivers of catalogue edits)
        from xeber.live.textio import live_text
        from xeber.news.textio import read_live_with

        read_live_with(live_text)  # a live page's text carries its entries
