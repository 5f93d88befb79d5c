"""Requests no page can make sense of, answered 400 before any view, form or the CSRF
check reads them, and a 400 page that never reads the request's body.

Two kinds used to end in a 500:

- a form POST whose ``Content-Type`` names another charset than UTF-8
  (``charset=latin-1``, ``utf-16``, ``utf-7``): Django refuses to parse it with
  ``BadRequest`` but leaves ``request.POST`` unparsed, so whatever reads it next (the
  CSRF check again, inside Django's 400 handler, which is CSRF-decorated) raised again
  outside any handler. Such a body is refused here, once, and ``bad_request`` (the
  site's ``handler400``) reads nothing of it;
- a NUL character in a value: PostgreSQL's text columns cannot hold one, so the first
  query that carried it failed (``DataError``) wherever it came from (a private link's
  id, a moderator's POST, an import's edits). In the path (ids no form can report on)
  it is refused here; from the query string it is dropped (no parameter of this site
  has a use for it, and a page number with one falls back as any bad one does); in a
  form field the form says what is wrong, as it does for any control character; and a
  NUL that still reaches the database from a value no form checks is answered 400,
  not 500 (``process_exception``), before any statement is sent.
"""

from __future__ import annotations

import codecs
import logging
from collections.abc import Callable
from urllib.parse import urlencode

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.db import DataError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 400 page. Unlike Django's default it runs no CSRF check, which would read the
    body that could not be read in the first place."""
    return HttpResponse(render_to_string("400.html", request=request), status=400)


def _charset_is_utf8(request: HttpRequest) -> bool:
    charset = request.content_params.get("charset") if request.content_params else None
    if not charset:
        return True
    try:
        return codecs.lookup(charset).name == "utf-8"
    except LookupError:
        return True  # Django ignores a charset it does not know, and reads UTF-8


def _form_problem(request: HttpRequest) -> str | None:
    if request.content_type not in FORM_TYPES:
        return None
    if request.content_type == "application/x-www-form-urlencoded" and not _charset_is_utf8(
        request
    ):
        return "charset"
    try:
        post = request.POST  # parse it once, here
    except (BadRequest, SuspiciousOperation, MultiPartParserError, UnicodeDecodeError):
        # Too big, too many fields, a broken multipart body: parsed once, badly, and
        # nothing after this may parse it again.
        request._mark_post_parse_error()  # type: ignore[attr-defined]
        return "body"
    del post  # parsed: the forms check its values
    return None


def request_problem(request: HttpRequest) -> str | None:
    """Why a request cannot be answered by any view (``None``: nothing wrong)."""
    if "\x00" in request.path_info:
        return "nul"
    if request.method in ("POST", "PUT", "PATCH"):
        return _form_problem(request)
    return None


def _without_nul(request: HttpRequest) -> None:
    if b"%00" not in request.META.get("QUERY_STRING", "").encode().lower():
        return
    pairs = [
        (key.replace("\x00", ""), value.replace("\x00", ""))
        for key, values in request.GET.lists()
        for value in values
    ]
    # Built from its query string, the QueryDict is immutable, as Django's own is.
    request.GET = QueryDict(urlencode(pairs))


class HostileRequestMiddleware:
    """Answers 400 to requests that name another charset than UTF-8 for a form or carry
    a NUL in the path, drops NULs from the query, and answers 400 when a NUL reaches
    the database anyway (see the module's docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request_problem(request) is not None:
            return bad_request(request)
        _without_nul(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        # psycopg refuses a string with a NUL before sending it: nothing reached the
        # server, and the request's transaction, if any, is already rolled back.
        if isinstance(exception, DataError) and "NUL" in str(exception):
            logger.info("request refused: a NUL character on its way to the database")
            return bad_request(request)
        return None
