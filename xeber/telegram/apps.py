from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TelegramConfig(AppConfig):
    name = "xeber.telegram"
    label = "telegram"
    verbose_name = _("Telegram")

    def ready(self) -> None:
        from xeber.deliveries.services import register_sender
        from xeber.editorial.signals import article_published, article_unpublished
        from xeber.telegram import sending, services

        register_sender("telegram", "post", sending.post)
        register_sender("telegram", "delete", sending.delete)
        register_sender("telegram", "alert", sending.alert)
        article_published.connect(services.on_published, dispatch_uid="telegram-posts")
        article_unpublished.connect(services.on_unpublished, dispatch_uid="telegram-withdraw")
