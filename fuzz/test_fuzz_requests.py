"""Property-based requests against every page, form and endpoint of the site (issue 17,
point 12): no answer is a 5xx, and nothing is logged at ERROR or with a traceback.

Every URL of the URLconf is visited (the admin's aside: Django's own), its arguments
filled with real ids of a seeded declaration, signature, organization and import
draft — or with hostile ones. Hypothesis sends it:

- query strings and form fields with wrong types, NUL and other control characters,
  separators, bidi controls, lone joiners, very long and very large values, repeated
  parameters, and the names the site's forms use as well as random ones;
- bodies url-encoded (with ``charset=latin-1``, ``utf-16``, ``utf-7`` or none named),
  multipart (with files), raw bytes under any content type, and bodies too big or with
  too many fields;
- as an anonymous visitor and as an organizer, with Django's CSRF check enforced and
  a valid token in half of the requests (the check reads the body too).

Bounded: ``FUZZ_EXAMPLES`` examples per URL and kind of request (default 4), a few
minutes on both databases: ``make fuzz``. The API is also covered by Schemathesis
(src/undersigned/api/tests/test_schema.py), with NUL and charset cases of its own.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote, urlencode

import pytest
from django.middleware.csrf import _get_new_csrf_string  # type: ignore[attr-defined]
from django.test import Client
from django.test.client import MULTIPART_CONTENT, encode_multipart
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,  # no example database on disk: each run explores afresh
    derandomize=bool(os.environ.get("CI")),
)

# The fields the site's forms read, so fuzzed values reach real code, not only the
# "unknown field" path.
FIELDS = [
    "name", "email", "country", "city", "affiliation", "role", "show_name", "abbreviation",
    "name_transliteration", "name_translation", "website", "signer_name", "signer_role",
    "contact_consent", "contact_email", "contact_phone", "contact_messenger", "contact_note",
    "ready_to_work", "leave_empty", "started", "altcha", "text", "source", "action",
    "signature", "rows", "r0-name", "r0-match", "r0-kind", "r0-include", "r0-country",
    "page", "public_key", "language", "title", "body", "summary", "username", "password",
    "status_date", "as_of", "from", "to", "show", "lang", "style", "bom", "format", "q",
    "sha256", "file", "next",
]  # fmt: skip
HOSTILE = [
    "\x00", "\x00\x00", "a\x00b", "\x01", "\x1b[31m", "\x7f", "\r\n", "\t", "\u2028",
    "\u2029", "\u200b", "\u200d", "\u200c", "\u202e", "\u2066", "\ufeff", "\ufffd",
    "\U000e0041", "²", "١٢", "9" * 5000, "-1", "0", "1e309", "NaN", "[]", "{}", "null",
    "true", "on", "'; DROP TABLE x; --", "<script>alert(1)</script>", "%00", "%", "../..",
    "x" * 10_000, "🏴‍☠️", "é", "\U0010ffff", " ", "",
]  # fmt: skip
CHARSETS = ["", "utf-8", "latin-1", "iso-8859-1", "utf-16", "utf-16le", "utf-7", "bogus"]

texts = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.lists(st.sampled_from(HOSTILE), max_size=4).map("".join),
)
keys = st.one_of(st.sampled_from(FIELDS), st.sampled_from(HOSTILE), st.text(max_size=12))
params = st.dictionaries(keys, st.lists(texts, min_size=1, max_size=3), max_size=8)


def _safe(text: str) -> str:
    # A string the test client can carry (no lone surrogates).
    return text.encode("utf-8", "replace").decode("utf-8")


def _query(values: dict[str, list[str]]) -> str:
    pairs = [(_safe(k), _safe(v)) for k, vs in values.items() for v in vs]
    return urlencode(pairs)


@st.composite
def bodies(draw: st.DrawFn) -> tuple[bytes, str]:
    """(body, Content-Type) of a request, well-formed or not."""
    kind = draw(st.sampled_from(["form", "charset", "multipart", "raw", "empty"]))
    values = draw(params)
    if kind == "form":
        return _query(values).encode(), "application/x-www-form-urlencoded"
    if kind == "charset":
        charset = draw(st.sampled_from(CHARSETS))
        encoding = {"utf-7": "utf-7", "utf-16": "utf-16", "utf-16le": "utf-16-le"}.get(
            charset, "latin-1"
        )
        body = _query(values).encode(encoding, "replace")
        return body, f"application/x-www-form-urlencoded; charset={charset}"
    if kind == "multipart":
        data: dict[str, object] = {_safe(k): [_safe(v) for v in vs] for k, vs in values.items()}
        return encode_multipart("BoUnDaRy", data), MULTIPART_CONTENT.replace(
            "BoUnDaRyStRiNg", "BoUnDaRy"
        )
    if kind == "raw":
        body = draw(st.binary(max_size=2000))
        content_type = draw(
            st.sampled_from([
                "application/json", "text/plain", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "multipart/form-data", "application/xml",
                "", "garbage/\x00",
            ])
        )  # fmt: skip
        return body, content_type
    return b"", "application/x-www-form-urlencoded"


# --- The site's URLs, with real and hostile arguments -------------------------------


def _patterns() -> Iterator[tuple[str, URLPattern, str]]:
    def walk(
        patterns: list[URLPattern | URLResolver], prefix: str
    ) -> Iterator[tuple[str, URLPattern, str]]:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if route.startswith("admin/"):
                    continue
                yield from walk(pattern.url_patterns, route)
            else:
                yield route, pattern, pattern.name or ""

    yield from walk(get_resolver().url_patterns, "")


ROUTES = sorted({route for route, _pattern, _name in _patterns()})
ARGUMENT = re.compile(r"<(?:(\w+):)?(\w+)>")


@pytest.fixture
def site(db) -> dict[str, str]:
    """A declaration with signatures, an organization, a pending signature and an import
    draft: the real ids the URLs take."""
    from undersigned.declarations.tests.factories import DeclarationFactory
    from undersigned.imports.models import ImportDraft
    from undersigned.lists.tests.helpers import organizer
    from undersigned.organizations.models import Organization
    from undersigned.signatures.identity import link_token
    from undersigned.signatures.models import Signature
    from undersigned.signatures.services import signature_add_published

    declaration = DeclarationFactory(slug="fuzzed", allow_organizations=True)
    organization = Organization.objects.create(abbreviation="KOL", name="Kommunistische")
    signature_add_published(declaration=declaration, actor=None, organization=organization)
    pending = Signature.objects.create(
        declaration=declaration, kind="organization", org_name="Pending", dedupe_hash="f" * 64
    )
    user = organizer("fuzz-organizer")
    draft = ImportDraft.objects.create(
        declaration=declaration, created_by=user, rows=[], source_name="fuzz.txt"
    )
    return {
        "slug": declaration.slug,
        "pk": str(organization.pk),
        "draft_id": str(draft.pk),
        "public_id": pending.public_id,
        "token": link_token(public_id=pending.public_id, nonce=pending.token_nonce,
                            purpose="confirm"),
        "user": str(user.pk),
    }  # fmt: skip


def _url(route: str, real: dict[str, str], hostile: str | None) -> str:
    def fill(match: re.Match[str]) -> str:
        converter, name = match.group(1) or "str", match.group(2)
        if hostile is not None:
            return quote(_safe(hostile), safe="")
        value = real.get(name, "1" if converter == "int" else "x")
        return value

    path = ARGUMENT.sub(fill, route)
    path = re.sub(r"[\^$]", "", path)  # re_path patterns
    return "/" + path.lstrip("/")


@contextmanager
def errors_logged() -> Iterator[list[logging.LogRecord]]:
    """Every record at ERROR or above, or with a traceback, logged meanwhile."""
    caught: list[logging.LogRecord] = []

    class Catch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.ERROR or record.exc_info:
                caught.append(record)

    handler = Catch(level=logging.DEBUG)
    loggers = [logging.getLogger(name) for name in ("", "django", "django.request",
                                                    "django.server", "undersigned")]  # fmt: skip
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield caught
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


def _client(site: dict[str, str], *, organizer: bool, csrf: bool) -> Client:
    from django.contrib.auth.models import User

    client = Client(enforce_csrf_checks=csrf, raise_request_exception=False)
    if organizer:
        client.force_login(User.objects.get(pk=site["user"]))
    return client


def _check(response, caught: list[logging.LogRecord], what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}"
    assert not caught, f"{what}: logged {[r.getMessage()[:200] for r in caught]}"


@pytest.mark.parametrize("route", ROUTES)
@FUZZ
@given(
    query=params,
    hostile=st.one_of(st.none(), texts),
    organizer=st.booleans(),
    method=st.sampled_from(["GET", "HEAD"]),
)
def test_reads_never_fail(site, route, query, hostile, organizer, method):
    client = _client(site, organizer=organizer, csrf=False)
    url = _url(route, site, hostile)
    with errors_logged() as caught:
        response = client.generic(method, url + "?" + _query(query))
    _check(response, caught, f"{method} {url}")


@pytest.mark.parametrize("route", ROUTES)
@FUZZ
@given(
    body=bodies(),
    hostile=st.one_of(st.none(), st.none(), texts),
    organizer=st.booleans(),
    csrf=st.booleans(),
    method=st.sampled_from(["POST", "POST", "POST", "PUT", "DELETE"]),
)
def test_writes_never_fail(site, route, body, hostile, organizer, csrf, method):
    client = _client(site, organizer=organizer, csrf=csrf)
    data, content_type = body
    headers = {}
    if csrf:  # a valid token, as the page's form would carry it
        token = _get_new_csrf_string()
        client.cookies["csrftoken"] = token
        headers["HTTP_X_CSRFTOKEN"] = token
    url = _url(route, site, hostile)
    with errors_logged() as caught:
        response = client.generic(method, url, data=data, content_type=content_type, **headers)
    _check(response, caught, f"{method} {url} ({content_type}, {len(data)} bytes)")


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("shape", ["too big", "too many fields", "repeated"])
def test_huge_and_malformed_bodies_never_fail(site, route, shape):
    client = _client(site, organizer=True, csrf=False)
    if shape == "too big":
        data = b"text=" + b"x" * (3 * 1024 * 1024)
    elif shape == "too many fields":
        data = "&".join(f"f{n}=1" for n in range(1500)).encode()
    else:
        data = "&".join(f"{name}=%00{n}" for n in range(50) for name in FIELDS[:20]).encode()
    url = _url(route, site, None)
    with errors_logged() as caught:
        response = client.generic(
            "POST", url, data=data, content_type="application/x-www-form-urlencoded"
        )
    _check(response, caught, f"POST {url} ({shape})")
