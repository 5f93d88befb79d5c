"""Load at a server process's start what its first requests would otherwise load.

Django imports the URLconf (and with it every view module, the API and the libraries
they import), fills the resolver's reverse tables per language, reads the translation
catalogues and compiles each template on the first request that needs them. In a fresh
process that first request took 1.8 s, 1.3 s of it importing the URLconf; under a surge,
with the other process saturated, the requests queued behind it waited about a second
(docs/benchmarks.md, "The first requests of a fresh process"). A respawned process is
fresh too. So ``wsgi.py`` calls :func:`warm_up` before the server hands the process a
request.
"""

from __future__ import annotations

import contextlib
import logging
import time
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse
from django.utils import translation

logger = logging.getLogger(__name__)

PACKAGE = Path(__file__).resolve().parents[1]
# A page every language has: reversing it fills that language's reverse tables.
_PAGE = "declarations:index"


def project_templates() -> list[str]:
    """The names of the project's own templates (``<app>/templates/**``)."""
    names: set[str] = set()
    for directory in PACKAGE.glob("*/templates"):
        names.update(
            path.relative_to(directory).as_posix()
            for path in directory.rglob("*")
            if path.is_file() and path.suffix in {".html", ".txt", ".xml", ".svg"}
        )
    return sorted(names)


def warm_up() -> float:
    """Import the URLconf, fill the resolver and the catalogues of every language, compile
    the project's templates; returns the seconds it took."""
    started = time.perf_counter()
    import_module(settings.ROOT_URLCONF)
    for code, _name in settings.LANGUAGES:
        # A URLconf without the public pages (a test's own) has nothing to fill.
        with translation.override(code), contextlib.suppress(NoReverseMatch):
            reverse(_PAGE)
    for name in project_templates():
        try:
            get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError):
            # Not every file under templates/ is a whole template (an e-mail's fragment
            # may be included only); the request that needs it reports a real problem.
            continue
    seconds = time.perf_counter() - started
    logger.info("warm-up: URLconf, catalogues and templates loaded in %.2f s", seconds)
    return seconds
