"""schemathesis drives every API operation from the OpenAPI schema: no 5xx, no response
that breaks the schema, whatever the generated input."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from xeber.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def published(db):
    """The newsroom, and the WSGI app kept from closing the test's database connection
    at the end of each request (Django's own test client does the same)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from tests.factories import build_newsroom

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield build_newsroom()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,  # the same inputs on every run: CI never flickers
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_conforms_to_its_schema(case, published):
    response = case.call()
    assert response.status_code < 500, (case.method, case.formatted_path, response.text[:300])
    # Lenient input (an unknown or empty optional parameter is ignored) is a choice of
    # ours, so the checks of what must be refused are left out; what we answer is checked.
    case.validate_response(response, checks=CHECKS)
