"""A one-second shared cache in front of Django, in each app process (a "microcache").

A crowd refreshing a declaration page asks for the same bytes thousands of times a
second. The page cache (``core/web/caching.py``) already spares the template, but every
request still went through Django's middleware, URL resolver and the one query behind
the page's ETag: about 0.4 ms of CPU each, and on a 2-core machine during a surge of
signatures the readers and the signers competed for it (docs/benchmarks.md).

This WSGI wrapper keeps a response that Django itself marked as shareable for at most
``PAGE_MICROCACHE_SECONDS`` (default 1) and answers the next requests for the same
address from memory, as nginx's "microcaching" would in front of the app; a deployment
with a reverse proxy gets the same from the proxy and can set the setting to 0.

It stores only what any shared cache may store, judged by the response's own headers:

- a ``200`` to a ``GET`` whose ``Cache-Control`` says ``public`` and neither ``private``,
  ``no-store`` nor ``no-cache``, kept for the smaller of the setting and the response's
  ``s-maxage`` (else ``max-age``);
- no ``Set-Cookie``, and no ``Vary: Cookie`` or ``Vary: *``; other ``Vary`` headers
  (``Accept-Language`` on the unprefixed exports) are part of the key;
- a page built in memory (``HttpResponse``): streamed exports and files pass through, so
  their memory stays flat.

A request that carries a cookie or an ``Authorization`` header always goes to Django: a
signer who has just confirmed (they hold the CSRF cookie from the form) sees the page as
it is now, and nothing personal is ever served from here. The sign forms are
``no-store`` and never kept. The key holds the scheme, host, path and query string, so a
request for a host Django would refuse is refused by Django. A conditional request
(``If-None-Match``) matching the kept ETag gets a 304. An answer from here carries an
``Age`` header, as a shared cache's does. At most ``MAX_ENTRIES`` responses
of at most ``MAX_BODY_BYTES`` each, and ``MAX_TOTAL_BYTES`` of bodies in all, are kept,
least recently used first out; expired ones go as soon as anything is stored. (Without
the total, a reader walking the API 1,000 entries a page left some 400 KB a page in
memory until 512 pages had passed: a server process grew by 170 MB during one walk of
a million, docs/benchmarks.md.)
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils.http import parse_etags

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

MAX_ENTRIES = 512
MAX_BODY_BYTES = 1 << 20
MAX_TOTAL_BYTES = 16 << 20
# What a 304 keeps of the 200's headers (RFC 9110 §15.4.5), plus the security headers.
_NOT_FOR_304 = {"content-length", "content-type", "content-language", "content-disposition"}


@dataclass(frozen=True)
class _Entry:
    status: str
    headers: list[tuple[str, str]]
    body: bytes
    etag: str | None
    stored: float
    expires: float


def _header(headers: list[tuple[str, str]], name: str) -> str | None:
    values = [value for key, value in headers if key.lower() == name]
    return ", ".join(values) if values else None


def shared_ttl(status: str, headers: list[tuple[str, str]], ceiling: float) -> float:
    """How long a shared cache may keep this response, at most ``ceiling`` (0: not)."""
    if not status.startswith("200") or _header(headers, "set-cookie") is not None:
        return 0
    vary = {part.strip().lower() for part in (_header(headers, "vary") or "").split(",")}
    if {"cookie", "*"} & vary:
        return 0
    directives: dict[str, str] = {}
    for part in (_header(headers, "cache-control") or "").split(","):
        name, _, value = part.strip().partition("=")
        directives[name.lower()] = value.strip('"')
    if "public" not in directives or {"private", "no-store", "no-cache"} & directives.keys():
        return 0
    lifetime = directives.get("s-maxage", directives.get("max-age", ""))
    try:
        return max(0.0, min(ceiling, float(lifetime)))
    except ValueError:
        return 0


class MicroCache:
    """The WSGI application ``app`` behind a per-process cache of shareable responses."""

    def __init__(
        self,
        app: WSGIApp,
        *,
        seconds: float,
        clock: Callable[[], float] = time.monotonic,
        max_entries: int = MAX_ENTRIES,
        max_total_bytes: int = MAX_TOTAL_BYTES,
    ) -> None:
        self.app = app
        self.seconds = seconds
        self.clock = clock
        self.max_entries = max_entries
        self.max_total_bytes = max_total_bytes
        self._bytes = 0
        self._entries: OrderedDict[tuple[str, ...], _Entry] = OrderedDict()
        self._vary: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._lock = threading.Lock()

    def cacheable(self, environ: dict[str, Any]) -> bool:
        return not (
            self.seconds <= 0
            or environ.get("REQUEST_METHOD") != "GET"
            or "HTTP_COOKIE" in environ
            or "HTTP_AUTHORIZATION" in environ
        )

    @staticmethod
    def _base(environ: dict[str, Any]) -> tuple[str, ...]:
        return (
            environ.get("wsgi.url_scheme", ""),
            environ.get("HTTP_X_FORWARDED_PROTO", ""),
            environ.get("HTTP_HOST", ""),
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
        )

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if not self.cacheable(environ):
            return self.app(environ, start_response)
        base, now = self._base(environ), self.clock()
        kept = self._kept(base, environ, now)
        if kept is not None:
            status, headers, body = self._answer(kept, environ, now)
            start_response(status, headers)
            return [body]

        captured: list[Any] = []

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured[:] = [status, headers]
            return start_response(status, headers, exc_info)

        result = self.app(environ, capture)
        if captured and isinstance(result, HttpResponse):  # built in memory, not streamed
            status, headers = captured
            ttl = shared_ttl(status, headers, self.seconds)
            if ttl > 0 and len(result.content) <= MAX_BODY_BYTES:
                self._store(base, environ, status, headers, result.content, now, now + ttl)
        return result

    def _kept(self, base: tuple[str, ...], environ: dict[str, Any], now: float) -> _Entry | None:
        """The entry kept for this request, if it is still fresh."""
        with self._lock:
            key = self._key(base, environ)
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.expires <= now:
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return entry

    def _key(self, base: tuple[str, ...], environ: dict[str, Any]) -> tuple[str, ...]:
        names = self._vary.get(base, ())
        return base + tuple(environ.get(name, "") for name in names)

    def _store(
        self,
        base: tuple[str, ...],
        environ: dict[str, Any],
        status: str,
        headers: list[tuple[str, str]],
        body: bytes,
        stored: float,
        expires: float,
    ) -> None:
        vary = _header(headers, "vary") or ""
        names = tuple(
            sorted(
                "HTTP_" + part.strip().upper().replace("-", "_")
                for part in vary.split(",")
                if part.strip()
            )
        )
        entry = _Entry(status, list(headers), body, _header(headers, "etag"), stored, expires)
        with self._lock:
            if self._vary.get(base, names) != names:
                # The address now varies on other headers: forget what was kept for it.
                for key in [key for key in self._entries if key[: len(base)] == base]:
                    self._drop(key)
            self._vary[base] = names
            key = self._key(base, environ)
            if key in self._entries:
                self._drop(key)
            self._entries[key] = entry
            self._bytes += len(body)
            while self._entries and (
                len(self._entries) > self.max_entries
                or self._bytes > self.max_total_bytes
                or next(iter(self._entries.values())).expires <= stored
            ):
                oldest = next(iter(self._entries))
                self._drop(oldest)
                base_of_oldest = oldest[: len(base)]
                if not any(key[: len(base)] == base_of_oldest for key in self._entries):
                    self._vary.pop(base_of_oldest, None)

    def _drop(self, key: tuple[str, ...]) -> None:
        """Forget one entry (the lock held)."""
        self._bytes -= len(self._entries.pop(key).body)

    @staticmethod
    def _answer(
        entry: _Entry, environ: dict[str, Any], now: float
    ) -> tuple[str, list[tuple[str, str]], bytes]:
        # A shared cache says how long ago the response was made (RFC 9111 §5.1).
        age = ("Age", str(int(now - entry.stored)))
        asked = environ.get("HTTP_IF_NONE_MATCH")
        if asked and entry.etag is not None:
            tags = parse_etags(asked)
            if "*" in tags or entry.etag in tags:
                headers = [(k, v) for k, v in entry.headers if k.lower() not in _NOT_FOR_304]
                return "304 Not Modified", [*headers, age], b""
        return entry.status, [*entry.headers, age], entry.body


def microcached(app: WSGIApp) -> WSGIApp:
    """``app`` behind a MicroCache of PAGE_MICROCACHE_SECONDS (none when 0)."""
    seconds = float(settings.PAGE_MICROCACHE_SECONDS)
    if seconds <= 0:
        return app
    return MicroCache(app, seconds=seconds)
