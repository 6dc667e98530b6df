"""Every public URL answers 200, a redirect or 404 for any input: never a 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from tests.factories import build_newsroom

ROUTES = [
    "/{lang}/",
    "/{lang}/news/{text}/",
    "/{lang}/news/{text}.txt",
    "/{lang}/section/{text}/",
    "/{lang}/tag/{text}/",
    "/{lang}/author/{text}/",
    "/{lang}/archive/{text}/",
    "/{lang}/archive/{number}/{number}/{number}/",
    "/{text}/",
    "/{lang}/{text}",
]
OK = {200, 301, 302, 404}

# Anything a crawler, a typo or an attacker may type, percent-encoded as browsers send it.
segments = st.one_of(
    st.text(min_size=1, max_size=40),
    st.sampled_from(["politics", "baku", "..", "%00", "' OR 1=1 --", "<script>", "a" * 3000]),
)
numbers = st.one_of(
    st.integers(min_value=-10, max_value=99999).map(str), st.sampled_from(["00", "0000", "1e3"])
)
queries = st.one_of(
    st.just(""),
    st.builds(lambda value: f"?page={value}", st.text(max_size=30)),
    st.builds(lambda value: f"?page={value}", st.integers(-5, 10**30)),
)


class TestPublicUrls(HypothesisTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.newsroom = build_newsroom()

    @settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        route=st.sampled_from(ROUTES),
        lang=st.sampled_from(["ru", "az", "en", "fr", "RU", ""]),
        text=segments,
        number=numbers,
        query=queries,
    )
    def test_no_input_produces_a_server_error(self, route, lang, text, number, query):
        from urllib.parse import quote

        path = route.format(lang=lang, text=quote(text, safe=""), number=number)
        response = self.client.get(path + query.replace(" ", "%20").replace("#", "%23"))
        assert response.status_code in OK, (path, query, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/ru/archive/0000/01/01/",
        "/ru/archive/9999/12/31/",
        "/ru/archive/2026/02/30/",
        "/ru/archive/2026/00/10/",
        "/ru/section/politics/?page=last",
        "/ru/news/%D0%B1%D0%B0%D0%BA%D1%83/",
        "/ru/news/..%2F..%2Fetc%2Fpasswd/",
        "/ru/section/politics/?page=" + "9" * 500,
    ],
)
def test_edge_paths_never_fail(client, newsroom, path):
    assert client.get(path).status_code in OK
