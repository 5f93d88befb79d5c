"""The API's reference, a page of the site rendered on the server from the OpenAPI
document: no script, nothing from another site, readable without JavaScript (a Swagger
or Redoc page would load both)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from undersigned.api.conventions import NAMESPACE
from undersigned.api.v1 import api
from undersigned.core.web.caching import digest, public_cache

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Row:
    name: str
    type: str
    required: bool
    description: str
    where: str = ""


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: str
    anchor: str
    parameters: list[Row] = field(default_factory=list)
    responses: list[Row] = field(default_factory=list)


@dataclass
class Component:
    name: str
    description: str
    properties: list[Row]


def _type(schema: dict[str, Any] | bool) -> str:
    """A schema's type as a reader wants it: ``integer``, ``list of Signatory``,
    ``string or null``, ``"open" | "closed"``."""
    if not isinstance(schema, dict):
        return "any"
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(_type(part) for part in schema["anyOf"])
    if "enum" in schema:
        return " | ".join(json.dumps(value) for value in schema["enum"])
    if "const" in schema:
        return json.dumps(schema["const"])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list of {_type(schema.get('items', {}))}"
    if kind == "object" and "additionalProperties" in schema:
        return f"map of {_type(schema['additionalProperties'])}"
    if "format" in schema:
        return f"{kind} ({schema['format']})"
    return str(kind)


def _limits(schema: dict[str, Any]) -> str:
    parts = [
        f"{label} {schema[key]}"
        for key, label in (("minimum", "≥"), ("maximum", "≤"), ("maxLength", "length ≤"))
        if key in schema
    ]
    if "default" in schema and schema["default"] is not None:
        parts.append(f"default {json.dumps(schema['default'])}")
    return ", ".join(parts)


@lru_cache(maxsize=1)
def document() -> tuple[dict[str, Any], list[Operation], list[Component]]:
    """The OpenAPI document, and what the page shows of it (made once per process)."""
    schema = api.get_openapi_schema()
    operations = []
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method not in item:
                continue
            entry = item[method]
            parameters = []
            for parameter in entry.get("parameters", []):
                spec = parameter.get("schema", {})
                described = " ".join(
                    part for part in (parameter.get("description", ""), _limits(spec)) if part
                )
                parameters.append(
                    Row(
                        name=parameter["name"],
                        type=_type(spec),
                        required=bool(parameter.get("required")),
                        description=described,
                        where=parameter.get("in", ""),
                    )
                )
            answers = []
            for status, answer in entry.get("responses", {}).items():
                content = answer.get("content", {}).get("application/json", {})
                answers.append(
                    Row(
                        name=str(status),
                        type=_type(content.get("schema", {})) if content else "",
                        required=False,
                        description=answer.get("description", ""),
                    )
                )
            operations.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=entry.get("summary", ""),
                    description=entry.get("description", ""),
                    anchor=entry.get("operationId", path),
                    parameters=parameters,
                    responses=answers,
                )
            )
    components = []
    for name, spec in sorted(schema.get("components", {}).get("schemas", {}).items()):
        required = set(spec.get("required", []))
        components.append(
            Component(
                name=name,
                description=spec.get("description", ""),
                properties=[
                    Row(
                        name=prop,
                        type=_type(value),
                        required=prop in required,
                        description=value.get("description", ""),
                    )
                    for prop, value in spec.get("properties", {}).items()
                ],
            )
        )
    return schema, operations, components


def _etag(request: HttpRequest, *args: Any, **kwargs: Any) -> str:
    return digest("reference", json.dumps(document()[0], sort_keys=True), get_language())


@require_safe
@public_cache(etag_func=_etag, last_modified_func=lambda request, *a, **k: None)
def reference(request: HttpRequest) -> HttpResponse:
    schema, operations, components = document()
    return render(
        request,
        "api/reference.html",
        {
            "info": schema["info"],
            "openapi_version": schema["openapi"],
            "openapi_url": reverse(f"{NAMESPACE}:openapi-json"),
            "root_url": reverse(f"{NAMESPACE}:root"),
            "operations": operations,
            "components": components,
        },
    )
