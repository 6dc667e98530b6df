import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Services called directly speak English in tests; requests pick their own language."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    from xeber.pagecache import versions

    for each in (cache, versions.shared()):
        each.clear()
    versions.forget()  # this process's note of the header's version went with the cache
    yield
    for each in (cache, versions.shared()):
        each.clear()


@pytest.fixture
def newsroom(db):
    from tests.factories import build_newsroom

    return build_newsroom()


@pytest.fixture
def bank(settings):
    """The central bank, played by a real HTTP server on 127.0.0.1."""
    from tests.loopback import LoopbackServer

    with LoopbackServer() as server:
        settings.RATES_URL_TEMPLATE = server.url + "/currencies/{date:%d.%m.%Y}.xml"
        settings.FETCH_ALLOW_PRIVATE_ADDRESSES = True
        settings.FETCH_READ_TIMEOUT = 0.5
        yield server
