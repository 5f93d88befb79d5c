"""Instructions per request of the hot paths, counted by valgrind: a figure that the load
of the machine does not move.

``bench/profile.py`` measures CPU time, which a busy machine still inflates (caches and
cores shared with other processes) by up to a third; ``make bench`` measures throughput,
which it distorts more. This script runs ``bench/profile.py``'s probes inside valgrind's
callgrind with instrumentation off, turns it on only around the measured requests of
each path (``callgrind_control``), and reports the user-space instructions each request
executed. Two commits compare exactly, whatever else runs on the machine. What it does
not count: time in the kernel (system calls such as writing a key file) and waiting.

    .venv/bin/python bench/instructions.py                      # sign and ceiling, 200 each
    .venv/bin/python bench/instructions.py --only sign,api --count 100

Needs valgrind (Debian's package). A run takes a few minutes: setting up runs at a
quarter of native speed, the measured requests at a fiftieth.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _profile_module() -> Any:
    # Loaded under another name: "profile" would shadow the standard library's module
    # that cProfile and valgrind's Python tooling import.
    spec = importlib.util.spec_from_file_location("bench_profile", ROOT / "bench" / "profile.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _callgrind(*arguments: str) -> None:
    subprocess.run(
        ["callgrind_control", *arguments, str(os.getpid())], check=True, capture_output=True
    )


def inner(only: str, count: int, entries: int) -> None:
    """Inside valgrind: warm each path up, then count ``count`` requests of each."""
    module = _profile_module()

    def measure(paths: list[Any], _count: int, _profile: bool) -> None:
        for path in paths:
            path.run(min(100, count))
        for path in paths:
            _callgrind("--zero")
            _callgrind("--instr=on")
            path.run(count)
            _callgrind("--instr=off")
            _callgrind(f"--dump={path.name}")
        for path in paths:  # profile.py's table afterwards: nothing meaningful to print
            path.cpu, path.wall, path.statements, path.done = [1.0], 0.0, 0, 1

    module.measure = measure
    module.main(["--only", only, "--count", str(count), "--entries", str(entries)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--only", default="sign,ceiling", help="bench/profile.py's paths")
    parser.add_argument("--count", type=int, default=200, help="requests counted per path")
    parser.add_argument("--entries", type=int, default=100, help="signatures on the page")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.inner:
        inner(args.only, args.count, args.entries)
        return 0
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        parser.error("valgrind is not installed (Debian: apt-get install valgrind)")
    with tempfile.TemporaryDirectory(prefix="undersigned-instructions-") as directory:
        output = Path(directory)
        command = [
            "valgrind", "--tool=callgrind", "--instr-atstart=no",
            f"--callgrind-out-file={output}/callgrind.%p",
            sys.executable, __file__, "--inner",
            "--only", args.only, "--count", str(args.count), "--entries", str(args.entries),
        ]  # fmt: skip
        run = subprocess.run(command, capture_output=True, text=True, check=False)
        if run.returncode != 0:
            print(run.stdout[-3000:], run.stderr[-3000:], sep="\n", file=sys.stderr)
            return run.returncode
        totals: dict[str, int] = {}
        for dump in output.glob("callgrind.*.*"):
            lines = dump.read_text().splitlines()
            name = next(line for line in lines if line.startswith("desc: Trigger:"))
            total = next(line for line in lines if line.startswith("totals:"))
            totals[name.split()[-1]] = int(total.split()[1])
    print(f"{'path':10} {'instructions/request':>22}")
    for name in args.only.split(","):
        print(f"{name:10} {totals[name] / args.count:22,.0f}")
    if "sign" in totals and "ceiling" in totals:
        share = 100 * totals["ceiling"] / totals["sign"]
        print(f"sign as a share of the ceiling (instructions): {share:.0f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
