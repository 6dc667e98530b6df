from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "xeber.core"
    label = "core"

    def ready(self) -> None:
        # Every entry point (the `xeber` command, gunicorn, tests) passes here before it
        # opens the database: see xeber/core/owner_only.py.
        from xeber.core import owner_only

        owner_only.prepare_var_dir()
        connection_created.connect(
            owner_only.restrict_sqlite_database, dispatch_uid="xeber-owner-only-sqlite"
        )
