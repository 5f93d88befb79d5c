"""How much one list request costs in django-ninja and in DRF with drf-spectacular.

The measurement behind the API's framework (docs/benchmarks.md, issue #14). Both serve
the same endpoint, a page of 100 signatories read through ``lists.selectors`` and
written as JSON, behind the site's whole middleware stack, on SQLite; each request goes
through Django's test client (no network, no server: the framework's own cost shows).
It also checks that each generates its OpenAPI document under the project's Django.

Run it in a scratch virtualenv that holds the project and both candidates:

    uv venv /tmp/fw && VIRTUAL_ENV=/tmp/fw uv pip install -e . django-ninja==1.7.1 \
        djangorestframework==3.18.3 drf-spectacular==0.30.0
    /tmp/fw/bin/python bench/api_frameworks.py --requests 3000
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from typing import Any

os.environ["UNDERSIGNED_VAR_DIR"] = tempfile.mkdtemp(prefix="undersigned-fw-")
os.environ["DJANGO_SETTINGS_MODULE"] = "undersigned.test_settings"
sys.modules.setdefault("bench_urls", type(sys)("bench_urls"))

import django  # noqa: E402
from django.conf import settings  # noqa: E402

settings.INSTALLED_APPS += ["rest_framework", "drf_spectacular"]
settings.ROOT_URLCONF = "bench_urls"
settings.DATABASES["default"]["NAME"] = os.path.join(
    os.environ["UNDERSIGNED_VAR_DIR"], "fw.sqlite3"
)
settings.REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
}
settings.SPECTACULAR_SETTINGS = {"OAS_VERSION": "3.1.0", "TITLE": "bench"}
django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import path  # noqa: E402
from drf_spectacular.generators import SchemaGenerator  # noqa: E402
from ninja import NinjaAPI, Schema  # noqa: E402
from rest_framework import serializers  # noqa: E402
from rest_framework.decorators import api_view  # noqa: E402
from rest_framework.response import Response  # noqa: E402

from undersigned import urls as site_urls  # noqa: E402
from undersigned.declarations.models import Declaration  # noqa: E402
from undersigned.declarations.services import declaration_create, declaration_open  # noqa: E402
from undersigned.lists.selectors import list_entry, list_signatures  # noqa: E402

PAGE = 100


def page_rows(slug: str, page: int) -> list[Any]:
    declaration = Declaration.objects.get(slug=slug)
    after = (page - 1) * PAGE
    rows = list_signatures(declaration=declaration).filter(
        position__gt=after, position__lte=after + PAGE
    )
    return [list_entry(row) for row in rows]


# --- django-ninja ---------------------------------------------------------------------
class EntryOut(Schema):
    position: int
    kind: str
    line: str
    name: str
    country_code: str


class PageOut(Schema):
    count: int
    results: list[EntryOut]


ninja_api = NinjaAPI(urls_namespace="ninja_bench")


@ninja_api.get("/signatories/{slug}", response=PageOut)
def ninja_page(request: Any, slug: str, page: int = 1) -> dict[str, Any]:
    entries = page_rows(slug, page)
    return {"count": len(entries), "results": [entry._asdict() for entry in entries]}


@ninja_api.get("/empty", response=dict[str, int])
def ninja_empty(request: Any, page: int = 1) -> dict[str, int]:
    return {"page": page}


# --- DRF + drf-spectacular ------------------------------------------------------------
class EntrySerializer(serializers.Serializer[Any]):
    position = serializers.IntegerField()
    kind = serializers.CharField()
    line = serializers.CharField()
    name = serializers.CharField(allow_blank=True)
    country_code = serializers.CharField(allow_blank=True)


class PageSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    results = EntrySerializer(many=True)


@api_view(["GET"])
def drf_page(request: Any, slug: str) -> Response:
    entries = page_rows(slug, int(request.query_params.get("page", 1)))
    data = {"count": len(entries), "results": [entry._asdict() for entry in entries]}
    return Response(PageSerializer(data).data)


@api_view(["GET"])
def drf_empty(request: Any) -> Response:
    return Response({"page": int(request.query_params.get("page", 1))})


sys.modules["bench_urls"].urlpatterns = [  # type: ignore[attr-defined]
    path("ninja/", ninja_api.urls),
    path("drf/signatories/<slug:slug>", drf_page),
    path("drf/empty", drf_empty),
    *site_urls.urlpatterns,
]


def measure(client: Client, urls: dict[str, str], requests: int) -> dict[str, Any]:
    """Time ``requests`` GETs of each URL, interleaved (a request of each in turn), so a
    neighbour's load on the shared machine weighs on both alike."""
    for url in urls.values():
        for _ in range(50):  # warm up
            assert client.get(url).status_code == 200
    times: dict[str, list[float]] = {name: [] for name in urls}
    for number in range(requests):
        for name, url in urls.items():
            started = time.perf_counter()
            response = client.get(f"{url}?page={1 + number % 10}")
            times[name].append(time.perf_counter() - started)
            assert response.status_code == 200, response.content[:300]
    results = {}
    for name, series in times.items():
        series.sort()
        results[name] = {
            "median_ms": round(1000 * statistics.median(series), 2),
            "p99_ms": round(1000 * series[int(0.99 * len(series)) - 1], 2),
            "per_second": round(len(series) / sum(series)),
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=3000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    declaration = declaration_create(slug="fw", title="Framework bench", body="Text.")
    declaration_open(declaration=declaration)
    settings.PRODUCTION, settings.BENCH_ENDPOINTS = False, True
    call_command("bulk_load_signatures", "fw", count=1000, verbosity=0)
    client = Client()
    first_ninja = client.get("/ninja/signatories/fw").json()
    first_drf = client.get("/drf/signatories/fw").json()
    assert first_ninja == first_drf, "the two endpoints must answer the same"
    ninja_schema = ninja_api.get_openapi_schema()
    drf_schema = SchemaGenerator().get_schema(request=None, public=True)
    results = {
        "django": django.get_version(),
        **measure(
            client,
            {
                "ninja_page": "/ninja/signatories/fw",
                "drf_page": "/drf/signatories/fw",
                "ninja_empty": "/ninja/empty",
                "drf_empty": "/drf/empty",
            },
            args.requests,
        ),
        "ninja_openapi": ninja_schema["openapi"],
        "drf_openapi": drf_schema["openapi"],
    }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
