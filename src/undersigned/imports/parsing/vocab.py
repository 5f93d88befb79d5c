"""The parser's vocabularies (headings, titles, countries, months, ...), read from data files.

Why data files: the words a list uses change with every language it comes in, and adding
a language should be adding lines to a file, not editing rules. Each file is read once
(``importlib.resources``, so it works from a wheel as from a checkout) and cached.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["alternatives", "data", "pattern", "phrases", "words"]

_PACKAGE = __name__.rpartition(".")[0]


def _read(name: str) -> str:
    return resources.files(_PACKAGE).joinpath("vocab", name).read_text(encoding="utf-8")


@cache
def phrases(name: str) -> tuple[str, ...]:
    """The lines of ``vocab/<name>.txt`` in their order, without comments and blanks."""
    lines = (line.strip() for line in _read(f"{name}.txt").splitlines())
    return tuple(dict.fromkeys(line for line in lines if line and not line.startswith("#")))


@cache
def words(name: str) -> frozenset[str]:
    """The lines of ``vocab/<name>.txt`` as a set."""
    return frozenset(phrases(name))


@cache
def alternatives(name: str) -> str:
    """The lines of ``vocab/<name>.re`` joined into one regular-expression alternation."""
    lines = (line.strip() for line in _read(f"{name}.re").splitlines())
    return "|".join(f"(?:{line})" for line in lines if line and not line.startswith("#"))


@cache
def pattern(name: str) -> re.Pattern[str]:
    """``vocab/<name>.re`` compiled case-insensitively."""
    return re.compile(alternatives(name), re.IGNORECASE)


@cache
def data(name: str) -> Any:
    """``vocab/<name>.json``."""
    return json.loads(_read(f"{name}.json"))
