"""The API against its own OpenAPI document, with Schemathesis (#14).

Property-based: for every operation Schemathesis generates parameters from the
document (valid ones and, for the negative phase, invalid ones) and calls the app in
this process through its WSGI interface; every answer must be documented (status,
content type, headers) and valid by its schema, and none may be a 5xx. Half the cases
are pointed at a declaration and an organization that exist, so the answers with data
are checked too, not only the 404s. The examples per operation are bounded so the
suite stays quick on both databases.
"""

from __future__ import annotations

import itertools
import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from undersigned.api.tests.helpers import listed_declaration
from undersigned.api.v1 import api

MAX_EXAMPLES = 15


def test_the_document_is_openapi_3_1_and_generated_from_the_code(client):
    response = client.get("/api/v1/openapi.json")
    document = json.loads(response.content)

    assert response.status_code == 200
    assert document["openapi"] == "3.1.0"
    assert document == json.loads(json.dumps(api.get_openapi_schema()))
    paths = set(document["paths"])
    for resource in ("signatories", "count", "countries", "daily", "changes", "snapshots"):
        assert f"/api/v1/declarations/{{slug}}/{resource}" in paths
    assert {"/api/v1/declarations", "/api/v1/organizations", "/api/v1/"} <= paths


@pytest.fixture
def known(db, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 0
    data = listed_declaration()
    return {"slug": data.declaration.slug, "pk": data.organization.pk}


# The document the app serves (the first test holds the two equal), read without a
# request so that the operations are known when the tests are collected.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
_turn = itertools.count()
_handler = get_wsgi_application()


def app(environ, start_response):
    """The site's WSGI application, inside the test's transaction: as Django's test
    client does, a request must not close the connection that holds it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = _handler(environ, start_response)
        body = b"".join(result)
        result.close()
        return [body]
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_by_its_schema(case, known):
    if case.path_parameters and next(_turn) % 2 == 0:
        for name, value in known.items():
            if name in case.path_parameters:
                case.path_parameters[name] = value
    case.call_and_validate(app=app)


def _operations():
    for path, methods in api.get_openapi_schema()["paths"].items():
        for method, operation in methods.items():
            names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
            yield path, method.upper(), names


OPERATIONS = list(_operations())
NUL_VALUES = ["\x00", "1\x00", "%00", "a\x00b", "\u2028", "9" * 5000]


@pytest.mark.parametrize(("path", "method", "query"), OPERATIONS)
def test_nul_and_other_charsets_never_make_a_5xx(client, known, path, method, query):
    """Issue 17: NULs in path and query parameters, and bodies in other charsets, are
    answered with the API's error envelope (or data), never a 5xx."""
    real = path.replace("{slug}", known["slug"]).replace("{pk}", str(known["pk"]))
    urls = [path.replace("{slug}", value).replace("{pk}", value) for value in ("%00", "a%00")]
    urls += [f"{real}?{name}={value}" for name in query for value in ("%00", "1%00", "%E2%80%A8")]
    urls += [f"{real}?{name}={'9' * 5000}" for name in query]
    for url in urls:
        response = client.generic(method, url)
        assert response.status_code < 500, url
        if response.status_code >= 400 and url.startswith("/api/"):
            assert response["Content-Type"].startswith("application/json"), url
    for charset in ("latin-1", "utf-16", "utf-7"):
        response = client.generic(
            method, real, data=b"x=%E9",
            content_type=f"application/x-www-form-urlencoded; charset={charset}",
        )  # fmt: skip
        assert response.status_code < 500, (real, charset)
