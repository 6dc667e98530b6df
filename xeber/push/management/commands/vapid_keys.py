"""`xeber vapid_keys`: make the key pair web push signs with (settings.VAPID_PRIVATE_KEY_FILE).

A new pair makes every existing subscription useless (browsers subscribed with the old
public key), so an existing file is kept unless --replace is given."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from xeber.push import keys


class Command(BaseCommand):
    help = "Make the VAPID key pair for web push, kept outside the repository."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-missing", action="store_true", help="Do nothing when the key file exists."
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace an existing pair (readers will have to subscribe again).",
        )

    def handle(self, *args, if_missing=False, replace=False, **options):
        path = Path(settings.VAPID_PRIVATE_KEY_FILE)
        if path.exists():
            if if_missing:
                return
            if not replace:
                raise CommandError(
                    f"{path} exists; --replace makes a new pair, and every reader "
                    "subscribed now would have to subscribe again."
                )
            path.unlink()
        keys.make_keys(path)
        self.stdout.write(f"Private key written to {path} (mode 600).")
        self.stdout.write(f"Public key (applicationServerKey): {keys.public_key()}")
