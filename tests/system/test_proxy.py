"""nginx in front, with the deployment's own locations (deploy/nginx/): public pages are
kept and served even while the app is down, and nothing a signer or an organizer gets
is ever kept or served to anyone else.

A real nginx (Debian's nginx-light, installed by .ci/run) in front of a real
``undersigned serve``, as docs/deployment.md sets them up.
"""

from __future__ import annotations

import getpass
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from undersigned.testing import (
    PRODUCTION,
    environment,
    free_port,
    get,
    skip_or_fail,
    spawn,
    stop,
    undersigned,
    wait_for_port,
)

ROOT = Path(__file__).resolve().parents[2]
SLUG = "keep-the-reading-rooms-open"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def proxied(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes], Path]]:
    """nginx's address, the app process behind it (a test may stop it), and nginx's
    cache directory."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        skip_or_fail("nginx is not installed (Debian: apt-get install nginx-light)")
    env = environment(
        tmp_path,
        UNDERSIGNED_ENV="production",
        **{**PRODUCTION, "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0"},
        RATELIMIT_TRUSTED_PROXIES="1",
    )
    for command in (["migrate", "--no-input"], ["collectstatic", "--no-input"],
                    ["load_sample_content"]):  # fmt: skip
        done = undersigned(*command, env=env, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    app_port, port = free_port(), free_port()
    app = spawn(
        [sys.executable, "-m", "undersigned", "serve", "--port", str(app_port)],
        env, tmp_path / "serve.log",
    )  # fmt: skip
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        (ROOT / "deploy" / "nginx" / "loopback.conf.in").read_text().format(
            dir=tmp_path, app_port=app_port, port=port, user=getpass.getuser(),
            snippet=ROOT / "deploy" / "nginx" / "undersigned-proxy.conf",
        )
    )  # fmt: skip
    proxy = spawn([nginx, "-c", str(conf), "-p", str(tmp_path)], None, tmp_path / "nginx.log")
    try:
        wait_for_port(app_port, app, tmp_path / "serve.log")
        wait_for_port(port, proxy, tmp_path / "nginx.log")
        yield f"http://127.0.0.1:{port}", app, tmp_path / "nginx-cache"
    finally:
        stop(proxy)
        stop(app)


def test_nginx_keeps_public_pages_and_never_what_is_personal(proxied):
    url, app, cache = proxied
    page, form = f"{url}/en/declarations/{SLUG}/", f"{url}/en/declarations/{SLUG}/sign/"

    status, headers, body = get(page)
    assert status == 200
    assert "public" in headers["Cache-Control"]
    assert "s-maxage=" in headers["Cache-Control"]
    assert "keep the public reading rooms open" in body

    # Each visitor of the sign form gets their own CSRF token: the form is never kept.
    tokens = set()
    for _ in range(2):
        status, headers, body = get(form)
        assert status == 200
        assert "no-store" in headers["Cache-Control"]
        tokens.add(CSRF.search(body).group(1))  # type: ignore[union-attr]
    assert len(tokens) == 2

    # What a reader holding a cookie got is not even stored (the app also marks it
    # "Vary: Cookie", a second guard against serving it to others).
    kept = sorted(path for path in cache.rglob("*") if path.is_file())
    assert kept  # the public page above
    assert get(f"{page}?page=1", Cookie="csrftoken=abc")[0] == 200
    assert sorted(path for path in cache.rglob("*") if path.is_file()) == kept

    stop(app)  # the app is down: nginx answers what it may keep, and nothing else
    status, _headers, body = get(page)
    assert status == 200
    assert "keep the public reading rooms open" in body
    assert get(form)[0] == 502
    # A reader holding a cookie (a signer who just signed, an organizer) never gets a
    # kept copy: their request goes to the app.
    assert get(page, Cookie="csrftoken=abc")[0] == 502
    assert get(page, Authorization="Basic eDp5")[0] == 502
    assert get(f"{page}?page=1")[0] == 502
