from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PushConfig(AppConfig):
    name = "xeber.push"
    label = "push"
    verbose_name = _("Web push")

    def ready(self) -> None:
        from xeber.deliveries.services import register_sender
        from xeber.push import sending

        register_sender("push", "alert", sending.send_alert)
