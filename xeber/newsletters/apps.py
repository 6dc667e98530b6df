from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewslettersConfig(AppConfig):
    name = "xeber.newsletters"
    label = "newsletters"
    verbose_name = _("Newsletters")

    def ready(self) -> None:
        from xeber.deliveries.services import register_sender
        from xeber.newsletters import mail

        register_sender("email", "confirm", mail.send_confirmation)
        register_sender("email", "manage", mail.send_confirmation)
        register_sender("email", "letter", mail.send_letter)
