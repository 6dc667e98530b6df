from django.conf import settings
from django.core.management.base import BaseCommand

from xeber.news.demo import DEMO_PASSWORD, DEMO_STAFF, is_empty, load_demo


class Command(BaseCommand):
    help = "Load the demo newsroom (only into an empty database unless --force)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="load even if articles exist")

    def handle(self, *args, force=False, **options):
        if not (force or is_empty()):
            self.stdout.write("The database already has articles: demo not loaded.")
            return
        counts = load_demo()
        self.stdout.write(
            f"Demo newsroom loaded: {counts['articles']} articles, {counts['sections']} sections, "
            f"{counts['pictures']} pictures, {counts['rates']} rates."
        )
        logins = ", ".join(f"{username} ({role})" for username, role in DEMO_STAFF)
        self.stdout.write(f"Back office logins: {logins}; password {DEMO_PASSWORD}")
        if not settings.TWO_FACTOR_REQUIRED:
            self.stdout.write(
                "Two-factor sign-in is not required here (TWO_FACTOR_REQUIRED=false), so the "
                "password is enough; production requires it of editors and chief editors."
            )
