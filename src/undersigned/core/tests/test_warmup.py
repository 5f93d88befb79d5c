"""A server process loads its URLconf, catalogues and templates before its first request
(core/warmup.py): the first request of a fresh or respawned process must not import the
project's code while a surge queues behind it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from undersigned.core.warmup import project_templates

# In a fresh interpreter: load the WSGI module as the server does, then take a first
# request of three kinds (a page, the API's document, a 404) and print every module of
# the project that those requests imported.
FIRST_REQUESTS = textwrap.dedent(
    """
    import sys
    import undersigned.wsgi
    loaded = set(sys.modules)
    from django.test import Client
    client = Client()
    loaded |= set(sys.modules)
    for path in ("/en/", "/api/v1/openapi.json", "/en/declarations/no-such-thing/"):
        client.get(path)
    print(sorted(m for m in set(sys.modules) - loaded if m.startswith("undersigned")))
    """
)


def test_a_fresh_process_imports_no_project_code_on_its_first_requests(tmp_path):
    # A database of its own (SQLite in tmp_path), migrated by another process first.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {
        "DJANGO_SETTINGS_MODULE": "undersigned.test_settings",
        "UNDERSIGNED_VAR_DIR": str(tmp_path),
    }
    migrate = subprocess.run(
        [sys.executable, "-m", "undersigned", "migrate", "--verbosity=0"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert migrate.returncode == 0, migrate.stderr
    result = subprocess.run(
        [sys.executable, "-c", FIRST_REQUESTS],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", result.stdout


def test_every_project_template_is_found_and_compiles():
    """The warm-up compiles each of these; one that does not load would be skipped there
    and fail on the request that needs it, so it must fail here first."""
    from django.template.loader import get_template

    names = project_templates()
    assert "base.html" in names
    assert "signatures/sent.html" in names
    for name in names:
        get_template(name)
