"""The deployment check that the address keys live on a tmpfs (core/checks.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from undersigned.core.checks import (
    MEMORY_FILE_SYSTEMS,
    MOUNTS,
    address_keys_on_a_tmpfs,
    mount_type,
)

TABLE = """\
/dev/vda / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid 0 0
tmpfs /run tmpfs rw,nosuid,nodev 0 0
/dev/vdb /run/media/with\\040space ext4 rw 0 0
tmpfs /dev/shm tmpfs rw 0 0
overlay /srv overlay rw 0 0
tmpfs /srv tmpfs rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/var/lib/undersigned/address-keys", "ext4"),
        ("/run/undersigned/address-keys", "tmpfs"),
        ("/run", "tmpfs"),
        ("/run/media/with space/keys", "ext4"),  # an escaped mount point
        ("/run/media/with", "tmpfs"),
        ("/dev/shm/keys", "tmpfs"),
        ("/srv/keys", "tmpfs"),  # the later of two mounts on one point is the one seen
        ("/running/keys", "ext4"),  # a prefix of the name is not a parent
    ],
)
def test_the_file_system_of_a_path(path, kind):
    assert mount_type(Path(path), TABLE) == kind


def test_no_table_line_covers_nothing():
    assert mount_type(Path("/x"), "garbage\n\n") is None


def _on_this_machine(kind: str) -> Path:
    if not MOUNTS.exists():
        pytest.skip("no /proc/self/mounts on this system")
    shm = Path("/dev/shm")
    if kind == "tmpfs":
        if mount_type(shm, MOUNTS.read_text()) != "tmpfs":
            pytest.skip("/dev/shm is not a tmpfs here")
        return shm / "undersigned-check-test"
    here = Path(__file__).parent
    if mount_type(here, MOUNTS.read_text()) in MEMORY_FILE_SYSTEMS:
        pytest.skip("this checkout is on a tmpfs: no disk to check against")
    return here


def test_keys_on_a_disk_are_a_deployment_warning(settings):
    settings.ADDRESS_KEYS_DIR = _on_this_machine("disk")
    (warning,) = address_keys_on_a_tmpfs()
    assert warning.id == "undersigned.W001"
    assert "not a tmpfs" in warning.msg
    with pytest.raises(SystemCheckError, match=r"undersigned\.W001"):
        call_command("check", deploy=True, fail_level="WARNING", tags=["security"])


def test_keys_on_a_tmpfs_pass(settings):
    settings.ADDRESS_KEYS_DIR = _on_this_machine("tmpfs")
    assert address_keys_on_a_tmpfs() == []
