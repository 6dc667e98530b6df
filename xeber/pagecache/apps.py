from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "xeber.pagecache"
    label = "pagecache"

    def ready(self) -> None:
        from xeber.pagecache import signals  # noqa: F401  (content changes empty the cache)
