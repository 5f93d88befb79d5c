"""Per-request cost of the hot paths, in process: CPU time, SQL statements, a profile.

``make bench`` measures throughput through a real server and wrk, which a busy machine
distorts. This script calls the project's WSGI application directly (the same object
granian serves), with production settings against a fresh SQLite database (or
``--database-url``), and reports for each path the CPU time per request (``process_time``,
which other processes on the machine barely disturb) and the SQL statements it ran.
With ``--profile`` it prints a pyinstrument profile of the chosen path (pyinstrument is
not a dependency: ``.venv/bin/pip install pyinstrument`` first).

    .venv/bin/python bench/profile.py                       # every path, 2,000 requests each
    .venv/bin/python bench/profile.py --only sign --profile # where the sign POST spends its time
"""

from __future__ import annotations

import argparse
import io
import os
import re
import secrets
import statistics
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PATHS = ("sign", "ceiling", "page", "page304", "built", "api", "form", "forum", "forum304")
INPUT = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


def configure(database_url: str, page_size: int, extra: list[str]) -> Path:
    var_dir = Path(tempfile.mkdtemp(prefix="undersigned-profile-"))
    os.environ.update(
        UNDERSIGNED_ENV="production",
        DJANGO_SETTINGS_MODULE="undersigned.settings",
        UNDERSIGNED_VAR_DIR=str(var_dir),
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL="http://127.0.0.1:8000",
        SECURE_SSL_REDIRECT="0",
        BENCH_ENDPOINTS="1",
        LOG_LEVEL="WARNING",
        SIGNATORY_PAGE_SIZE=str(page_size),
        SIGN_LIMIT_PER_CLIENT="100000000",
        SIGN_LIMIT_PER_CLIENT_WITHOUT_POW="100000000",
        SIGN_BLOCK_PER_CLIENT="100000000",
        SIGN_LIMIT_PER_DECLARATION="100000000",
        SIGN_MIN_FILL_SECONDS="0",
    )
    for variable in ("DATABASE_URL", "REDIS_URL", "EMAIL_HOST"):
        os.environ.pop(variable, None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    for item in extra:
        key, _, value = item.partition("=")
        os.environ[key] = value
    return var_dir


class Client:
    """Calls the WSGI application the way a server does, keeping the cookies."""

    def __init__(self) -> None:
        from django.core.wsgi import get_wsgi_application

        self.app = get_wsgi_application()
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        path, _, query = path.partition("?")
        environ: dict[str, Any] = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "HTTP_HOST": "127.0.0.1:8000",
            "REMOTE_ADDR": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        if body:
            environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
            environ["CONTENT_LENGTH"] = str(len(body))
        if self.cookies:
            environ["HTTP_COOKIE"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for key, value in (headers or {}).items():
            environ["HTTP_" + key.upper().replace("-", "_")] = value
        answer: dict[str, Any] = {}

        def start_response(status: str, response_headers: list[tuple[str, str]], *_: Any) -> None:
            answer["status"] = int(status.split()[0])
            answer["headers"] = {key.lower(): value for key, value in response_headers}
            for key, value in response_headers:
                if key.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name] = rest.split(";", 1)[0]

        result = self.app(environ, start_response)
        try:
            content = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close:
                close()
        return answer["status"], answer["headers"], content


def form_body(client: Client, path: str) -> str:
    status, _, page = client.request("GET", path)
    if status != 200:
        raise SystemExit(f"GET {path} answered {status}")
    fields: dict[str, str] = {}
    for tag in INPUT.findall(page.decode()):
        attributes = dict(ATTRIBUTE.findall(tag))
        name = attributes.get("name")
        if not name or name == "email" or attributes.get("type") == "checkbox":
            if name and "checked" in tag:
                fields[name] = attributes.get("value", "on")
            continue
        fields[name] = attributes.get("value", "")
    fields.update(name="Profile Signer", country="DE", city="Berlin")
    return urllib.parse.urlencode(fields)


class Probe:
    """One path being measured: its request, and what it cost so far."""

    def __init__(self, name: str, call: Callable[[int], int], expected: int) -> None:
        self.name, self.call, self.expected = name, call, expected
        self.cpu: list[float] = []
        self.wall = 0.0
        self.statements = 0
        self.done = 0

    def run(self, count: int) -> None:
        for _ in range(count):
            number = self.done
            self.done += 1
            wall_started, started = time.perf_counter(), time.process_time()
            status = self.call(number)
            self.cpu.append(time.process_time() - started)
            self.wall += time.perf_counter() - wall_started
            if status != self.expected:
                raise SystemExit(f"{self.name}: request {number} answered {status}")


def measure(paths: list[Probe], count: int, profile: bool) -> None:
    """``count`` requests of each path, interleaved in rounds of 50 so that the load of
    the machine, which varies, weighs on every path alike."""
    from django.db import connection

    current: list[Probe] = []

    def counting(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        current[0].statements += 1
        return execute(sql, params, many, context)

    for path in paths:  # warm up: imports, caches, the first connection
        path.run(min(200, count))
        path.cpu, path.wall, path.statements = [], 0.0, 0
    profiler = None
    if profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0002)
        profiler.start()
    with connection.execute_wrapper(counting):
        for _ in range(0, count, 50):
            for path in paths:
                current[:] = [path]
                path.run(50)
    if profiler is not None:
        profiler.stop()
        print(
            profiler.output_text(
                unicode=True, color=False, show_all=bool(os.environ.get("PROFILE_ALL"))
            )
        )


def prepare(entries: int) -> None:
    """Django set up, the database migrated, and the declarations the probes read."""
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--no-input", verbosity=0)
    from undersigned.declarations.models import Declaration
    from undersigned.declarations.services import declaration_create, declaration_open

    for slug in ("viral", "ceiling", "page"):
        if not Declaration.objects.filter(slug=slug).exists():
            declaration = declaration_create(
                slug=slug, title=f"Profile: {slug}", body="We declare.\n\n" * 12,
                publisher="bench/profile.py",
            )  # fmt: skip
            declaration_open(declaration=declaration)
    call_command("bulk_load_signatures", "page", "--count", str(entries), verbosity=0)
    from undersigned.counters.services import counters_fold

    counters_fold()
    from undersigned.demo.sample.forum import load_sample_forum

    load_sample_forum()  # the forum page's probes read the demo's forum


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--only", default=",".join(PATHS), help="comma-separated paths")
    parser.add_argument("--count", type=int, default=2000, help="requests per path")
    parser.add_argument("--entries", type=int, default=1000, help="signatures on the page")
    parser.add_argument("--page-size", type=int, default=500, help="SIGNATORY_PAGE_SIZE")
    parser.add_argument("--profile", action="store_true", help="pyinstrument profile of each")
    parser.add_argument("--database-url", default="", help="default: a fresh SQLite file")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args(argv)
    configure(args.database_url, args.page_size, args.env)
    prepare(args.entries)

    from django.urls import reverse
    from django.utils import translation

    with translation.override("en"):  # the addresses whatever the URLconf's prefixes
        sign_url = reverse("signatures:sign_person", args=["viral"])
        page_url = reverse("declarations:detail", args=["page"])
        ceiling_url = reverse("bench:ceiling", args=["ceiling"])
        forum_url = reverse("forums:detail", args=["emigration-forum"])
    api_url = "/api/v1/declarations/page/signatories"
    client = Client()
    tag = secrets.token_hex(3)
    paths: list[Probe] = []
    for name in args.only.split(","):
        if name in {"sign", "ceiling", "form"}:
            body = form_body(client, sign_url)
            url = sign_url if name != "ceiling" else ceiling_url

            def post(number: int, body: str = body, url: str = url, name: str = name) -> int:
                if name == "form":
                    return client.request("GET", sign_url)[0]
                email = urllib.parse.quote(f"{tag}-{name}-{number}@example.org")
                data = f"{body}&email={email}".encode()
                return client.request("POST", url, data)[0]

            paths.append(Probe(name, post, 200 if name == "form" else 302))
        elif name.removesuffix("304") in {"page", "forum"}:
            url = page_url if name.startswith("page") else forum_url
            etag = client.request("GET", url)[1].get("etag", "")
            conditional = {"If-None-Match": etag} if name.endswith("304") else {}

            def get(number: int, url: str = url, headers: dict[str, str] = conditional) -> int:
                return client.request("GET", url, headers=headers)[0]

            paths.append(Probe(name, get, 304 if name.endswith("304") else 200))
        elif name in {"built", "api"}:
            from django.core.cache import cache

            # A page of the declaration's list, or of 100 from the API, built afresh on
            # every request as a crawler's would be (the page cache emptied before it).
            url, size = (page_url, args.page_size) if name == "built" else (api_url, 100)
            pages = max(1, -(-args.entries // size))

            def build(number: int, pages: int = pages, url: str = url) -> int:
                cache.clear()
                page = (number * 7919) % pages + 1
                return client.request("GET", f"{url}?page={page}")[0]

            paths.append(Probe(name, build, 200))
        else:
            parser.error(f"unknown path {name!r}")
    measure(paths, args.count, args.profile)
    print(f"{'path':10} {'CPU ms/req':>11} {'p50':>7} {'wall ms':>8} {'SQL/req':>8}")
    for path in paths:
        print(
            f"{path.name:10} {1000 * statistics.mean(path.cpu):11.3f} "
            f"{1000 * statistics.median(path.cpu):7.3f} {1000 * path.wall / path.done:8.3f} "
            f"{path.statements / len(path.cpu):8.1f}"
        )
    by_name = {path.name: path for path in paths}
    if "sign" in by_name and "ceiling" in by_name:
        ratio = statistics.mean(by_name["ceiling"].cpu) / statistics.mean(by_name["sign"].cpu)
        print(f"sign as a share of the ceiling (CPU per request): {100 * ratio:.0f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
