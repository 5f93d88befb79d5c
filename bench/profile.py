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
PATHS = ("sign", "ceiling", "page", "page304", "form")
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


def measure(
    name: str, call: Callable[[int], int], count: int, expected: int, profile: bool
) -> dict[str, float]:
    from django.db import connection

    statements = 0

    def counting(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    for number in range(min(200, count)):  # warm up: imports, caches, prepared statements
        call(-number - 1)
    profiler = None
    if profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0002)
        profiler.start()
    cpu: list[float] = []
    wall_started = time.perf_counter()
    with connection.execute_wrapper(counting):
        for number in range(count):
            started = time.process_time()
            status = call(number)
            cpu.append(time.process_time() - started)
            if status != expected:
                raise SystemExit(f"{name}: request {number} answered {status}, not {expected}")
    wall = time.perf_counter() - wall_started
    if profiler is not None:
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    return {
        "cpu_ms": 1000 * statistics.mean(cpu),
        "cpu_p50_ms": 1000 * statistics.median(cpu),
        "wall_ms": 1000 * wall / count,
        "sql": statements / count,
    }


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
    call_command("bulk_load_signatures", "page", "--count", str(args.entries), verbosity=0)
    from undersigned.counters.services import counters_fold

    counters_fold()

    client = Client()
    tag = secrets.token_hex(3)
    results: dict[str, dict[str, float]] = {}
    for path in args.only.split(","):
        if path in {"sign", "ceiling", "form"}:
            body = form_body(client, "/declarations/viral/sign/")
            url = "/declarations/viral/sign/" if path != "ceiling" else "/bench/ceiling/ceiling/"

            def post(number: int, body: str = body, url: str = url, path: str = path) -> int:
                if path == "form":
                    return client.request("GET", "/declarations/viral/sign/")[0]
                email = urllib.parse.quote(f"{tag}-{path}-{number}@example.org")
                data = f"{body}&email={email}".encode()
                return client.request("POST", url, data)[0]

            expected = 200 if path == "form" else 302
            results[path] = measure(path, post, args.count, expected, args.profile)
        elif path in {"page", "page304"}:
            etag = client.request("GET", "/declarations/page/")[1].get("etag", "")
            headers = {"If-None-Match": etag} if path == "page304" else {}

            def get(number: int, headers: dict[str, str] = headers) -> int:
                return client.request("GET", "/declarations/page/", headers=headers)[0]

            expected = 304 if path == "page304" else 200
            results[path] = measure(path, get, args.count, expected, args.profile)
        else:
            parser.error(f"unknown path {path!r}")
    print(f"{'path':10} {'CPU ms/req':>11} {'p50':>7} {'wall ms':>8} {'SQL/req':>8}")
    for path, figures in results.items():
        print(
            f"{path:10} {figures['cpu_ms']:11.3f} {figures['cpu_p50_ms']:7.3f} "
            f"{figures['wall_ms']:8.3f} {figures['sql']:8.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
