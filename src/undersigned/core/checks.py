"""Deployment checks of the site's own settings (``undersigned check --deploy``).

``ADDRESS_KEYS_DIR`` belongs on a tmpfs (docs/security.md#address-storage): on a disk
file system a key older than a few seconds may reach the disk, where an overwrite is not
guaranteed to reach it, and every signature waits for the file system's journal to
create its key's file (on ext4 beside a busy database, some 200 µs against 12 µs on a
tmpfs: docs/benchmarks.md).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Warning as CheckWarning

MOUNTS = Path("/proc/self/mounts")
MEMORY_FILE_SYSTEMS = frozenset({"tmpfs", "ramfs"})
# /proc/self/mounts writes a space, tab, newline or backslash in a path as \ooo.
_ESCAPE = re.compile(r"\\([0-7]{3})")


def mount_type(path: Path, mounts: str) -> str | None:
    """The type of the file system ``path`` is on, read from a mounts table (the format
    of /proc/self/mounts), or None when no line covers it."""
    found: tuple[int, str] | None = None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = Path(_ESCAPE.sub(lambda match: chr(int(match.group(1), 8)), fields[1]))
        if (path == point or point in path.parents) and (
            found is None or len(point.parts) >= found[0]
        ):
            found = (len(point.parts), fields[2])
    return found[1] if found else None


def _file_system_of(path: Path) -> str | None:
    try:
        mounts = MOUNTS.read_text()
    except OSError:  # not Linux, or no /proc: nothing to say
        return None
    return mount_type(path.resolve(), mounts)


@register(Tags.security, deploy=True)
def address_keys_on_a_tmpfs(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    kind = _file_system_of(Path(settings.ADDRESS_KEYS_DIR))
    if kind is None or kind in MEMORY_FILE_SYSTEMS:
        return []
    return [
        CheckWarning(
            f"ADDRESS_KEYS_DIR ({settings.ADDRESS_KEYS_DIR}) is on {kind}, "
            "not a tmpfs: a signer's address key may reach the disk, and each signature "
            "waits for the file system to create its key's file.",
            hint="Put it on a tmpfs, e.g. systemd's RuntimeDirectory=undersigned with "
            "ADDRESS_KEYS_DIR=/run/undersigned/address-keys (docs/settings.md).",
            id="undersigned.W001",
        )
    ]
