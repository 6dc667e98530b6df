import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def newsroom(db):
    from tests.factories import build_newsroom

    return build_newsroom()
