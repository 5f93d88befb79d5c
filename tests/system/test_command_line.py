"""Commands run outside production say in one line what is missing, never with a
traceback (#15)."""

from __future__ import annotations

import os
import subprocess
import sys

from undersigned.testing import REPO


def test_a_command_without_a_secret_key_says_so_in_one_line(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"UNDERSIGNED_ENV", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    env["UNDERSIGNED_VAR_DIR"] = str(tmp_path)

    result = subprocess.run(
        [sys.executable, "-m", "undersigned", "purge", "--dry-run"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "undersigned: SECRET_KEY is not set. Production refuses to start without it "
        "(set UNDERSIGNED_ENV=demo or development to run locally)."
    ]
