"""No value in any parameter of any public URL produces a server error.

Nothing here lists the site's URLs or parameters by hand. The URLs are the resolver's
patterns (all but the admin's), in the Russian edition. Each one's parameters are:
- its path converters, from the pattern;
- the fields of every form its view's code uses (`base_fields`);
- the names its view's code reads from the query string (`GET.get("page")` and the like,
  found in the source of the view's module and of the classes it inherits from);
- for the API, the query parameters its OpenAPI schema declares.
Every parameter gets every hostile value, one parameter at a time, on an address of the
newsroom that answers 200 when there is one (so that the view gets past its lookups).
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import inspect
import itertools
import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import pytest
from django import forms
from django.apps import apps
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils import timezone, translation
from django.utils.regex_helper import normalize
from rest_framework.throttling import AnonRateThrottle

from tests.live_coverage import make_live, post
from xeber.live.models import LiveCoverage, LiveEntry
from xeber.news.models import Article, Author, BreakingNews, Section, Tag
from xeber.rates.models import Rate
from xeber.syndication.urls import SITEMAPS

pytestmark = pytest.mark.django_db

HOSTILE = [
    "",
    "'\"><x>",
    "\x00",
    "a\x00b",
    "9" * 30,
    "9" * 5000,
    "-1",
    "-99999999999999999999.5",
    "1e999",
    "NaN",
    "2026-02-31",
    "0000-00-00",
    "مرحبا ٢٠٢٦",
    "新闻",
    "📰🔥",
    "../..",
]
REPEATED = ["1", "2"]  # ?name=1&name=2: a list where one value is expected
READS = re.compile(r"""(?:GET|query_params)(?:\.get(?:list)?\(|\[)\s*["']([\w-]+)["']""")
GROUP = re.compile(r"\(\?P<(\w+)>([^()]*)\)")  # a path converter in a pattern's regex


@dataclass(frozen=True)
class Endpoint:
    route: str  # "/ru/news/%(slug)s/": the resolver's own format string
    kwargs: tuple[str, ...]
    shapes: tuple[str, ...]  # each path parameter's regex, from its converter
    callback: object

    def __str__(self) -> str:
        return self.route

    def url(self, values: dict[str, str]) -> str:
        return self.route % {name: quote(values[name], safe="") for name in self.kwargs}


def _endpoints(patterns, prefix: str):
    for pattern in patterns:
        # The format string Django itself reverses with (it reads the pattern's regex).
        route, kwargs = normalize(pattern.pattern.regex.pattern)[0]
        if isinstance(pattern, URLResolver):
            if pattern.app_name != "admin":
                yield from _endpoints(pattern.url_patterns, prefix + route)
            continue
        shapes = dict(GROUP.findall(pattern.pattern.regex.pattern))
        kwargs = tuple(kwargs)
        yield Endpoint(prefix + route, kwargs, tuple(shapes[k] for k in kwargs), pattern.callback)


def public_endpoints() -> list[Endpoint]:
    with translation.override("ru"):
        return list(_endpoints(get_resolver().url_patterns, "/"))


ENDPOINTS = public_endpoints()


def _view_modules(callback) -> list:
    """The modules of a view's code: its function's, or those of its class and bases."""
    owner = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if owner is None and not inspect.isfunction(callback):
        owner = type(callback)  # a Feed instance
    if owner is None:
        return [inspect.getmodule(inspect.unwrap(callback))]
    return [inspect.getmodule(cls) for cls in owner.__mro__ if cls is not object]


def _form_fields(module) -> set[str]:
    return {
        name
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, forms.Form)
        for name in value.base_fields
    }


def _code_parameters(callback) -> set[str]:
    names = set()
    for module in filter(None, _view_modules(callback)):
        names |= set(READS.findall(inspect.getsource(module))) | _form_fields(module)
    return names


@functools.cache
def _schema_parameters() -> dict[str, set[str]]:
    """OpenAPI paths, as "/api/v1/articles/{}/", to the query parameters they declare."""
    schema = Client().get("/api/v1/openapi.json").json()
    return {
        re.sub(r"\{[^}]+\}", "{}", path): {
            parameter["name"]
            for parameter in operation.get("parameters", [])
            if parameter["in"] == "query"
        }
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method == "get"
    }


def query_parameters(endpoint: Endpoint) -> set[str]:
    skeleton = re.sub(r"%\(\w+\)s", "{}", endpoint.route)
    return _code_parameters(endpoint.callback) | _schema_parameters().get(skeleton, set())


def newsroom_values() -> list[str]:
    """Everything a path of the newsroom is made of: ids, slugs, codes, days, sitemaps."""
    # A live page and its entry first: the live addresses take both.
    values = [str(pk) for pk in LiveCoverage.objects.values_list("article_id", flat=True)]
    values += map(str, LiveEntry.objects.values_list("pk", flat=True))
    for model in (Article, Section, Tag, Author, BreakingNews):
        values += map(str, model.objects.values_list("pk", flat=True))
    for model in (Article, Section, Tag, Author):
        values += model.objects.values_list("slug", flat=True)
    values += Rate.objects.values_list("code", flat=True).distinct()
    for published in Article.objects.published().values_list("published_at", flat=True):
        values += timezone.localtime(published).strftime("%Y %m %d").split()
    return list(dict.fromkeys([*values, *SITEMAPS]))


def valid_values(client, endpoint: Endpoint) -> dict[str, str]:
    """Path values for which the endpoint answers 200, or at least resolves to it."""
    fallback = None
    pool = newsroom_values()
    fitting = [[v for v in pool if re.fullmatch(shape, v)] for shape in endpoint.shapes]
    for combination in itertools.product(*fitting):
        values = dict(zip(endpoint.kwargs, combination, strict=True))
        try:
            if resolve(endpoint.url(values)).func is not endpoint.callback:
                continue
        except Resolver404:
            continue
        fallback = fallback or values
        if client.get(endpoint.url(values)).status_code == 200:
            return values
    return fallback or dict.fromkeys(endpoint.kwargs, "x")


@pytest.fixture
def anonymous(client, monkeypatch):
    """A reader's client that reports a server error as a 500 (the API unthrottled)."""
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": None})
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_no_hostile_value_in_any_parameter_is_a_server_error(anonymous, newsroom, endpoint):
    post(make_live(newsroom.main), "Первая запись.", key_event=True)
    with translation.override("ru"):
        valid = valid_values(anonymous, endpoint)
        requests = [
            endpoint.url({**valid, name: value}) for name in endpoint.kwargs for value in HOSTILE
        ]
        base = endpoint.url(valid)
        for name in sorted(query_parameters(endpoint)):
            requests += [f"{base}?{urlencode({name: value})}" for value in HOSTILE]
            requests.append(f"{base}?{urlencode([(name, value) for value in REPEATED])}")
        errors = [
            (url[:200], status)
            for url in requests
            if (status := anonymous.get(url).status_code) >= 500
        ]
    assert errors == []


def test_every_field_of_every_public_form_is_among_the_parameters_sent():
    """Guards the discovery above: a form its view no longer imports would go untested."""
    fields = set()
    back_office = {"xeber.editorial"}  # its forms are posted by staff, not read from GET
    for app in apps.get_app_configs():
        if app.name in back_office:
            continue
        if app.name.startswith("xeber.") and importlib.util.find_spec(f"{app.name}.forms"):
            fields |= _form_fields(importlib.import_module(f"{app.name}.forms"))
    sent = set().union(*(_code_parameters(endpoint.callback) for endpoint in ENDPOINTS))
    assert fields and fields <= sent
