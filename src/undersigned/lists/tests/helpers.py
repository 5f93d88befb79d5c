"""Shared by the lists tests: the seeds, importing them, a staff organizer."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import call_command

from undersigned.declarations.models import Declaration

REPO = Path(__file__).resolve().parents[4]
SEEDS = REPO / "tests" / "data" / "seeds"
SEED_STATEMENT = SEEDS / "000_054abe046e493413.txt"
SEED_OPEN_LETTER = SEEDS / "002_18e71d892ce9157f.txt"


def seed(path: Path) -> Path:
    if not path.exists():
        pytest.fail(f"missing seed {path} (tests/data/seeds/ of the checkout)")
    return path


def seed_list_lines() -> list[str]:
    """The 19 numbered lines at the end of the first seed, exactly as written."""
    lines = seed(SEED_STATEMENT).read_text(encoding="utf-8").split("\n")
    numbered = [line for line in lines if line[:1].isdigit() and ". " in line[:4]]
    assert len(numbered) == 19
    return numbered


def import_seed(path: Path = SEED_STATEMENT, slug: str = "solidarity") -> Declaration:
    out = StringIO()
    call_command("import_declaration", str(seed(path)), slug=slug, no_progress=True, stdout=out)
    return Declaration.objects.get(slug=slug)


def organizer(username: str = "organizer") -> User:
    user = User.objects.create_user(username, password="pw-for-tests-only", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="add_signature"))
    return User.objects.get(pk=user.pk)  # fresh: permissions are cached per instance
