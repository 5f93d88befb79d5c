"""CPU time per confirmation mail of one worker, in process: what ``make bench``'s mail
figure (mails/s through two workers) is made of, without the load of a whole run.

Queues N confirmation mails on a fresh SQLite database (or ``--database-url``) with the
production settings, starts an SMTP sink (aiosmtpd, in a process of its own so its CPU
is not counted), then runs ``undersigned worker --batch`` in this process and prints
the CPU time (``process_time``) and wall time per mail. ``--profile`` adds cProfile's
25 costliest functions (``--sort tottime`` for their own time).

    .venv/bin/python bench/mail_profile.py                # 1,000 mails
    .venv/bin/python bench/mail_profile.py --mails 300 --profile
"""

from __future__ import annotations

import argparse
import importlib.util
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# This directory's profile.py would stand in for the standard library's, which cProfile
# imports: it is loaded by its path below instead.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != ROOT / "bench"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise SystemExit(f"the SMTP sink did not answer on port {port}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--mails", type=int, default=1000)
    parser.add_argument("--database-url", default="", help="default: a fresh SQLite file")
    parser.add_argument("--profile", action="store_true", help="cProfile of the worker")
    parser.add_argument("--sort", default="cumulative", help="cProfile's order (tottime, …)")
    args = parser.parse_args(argv)

    # The production settings of bench/profile.py, with mail to the sink.
    spec = importlib.util.spec_from_file_location("bench_profile", ROOT / "bench" / "profile.py")
    assert spec is not None
    assert spec.loader is not None
    profile_module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(profile_module)
    port = free_port()
    profile_module.configure(args.database_url, 100, ["EMAIL_HOST=127.0.0.1", f"EMAIL_PORT={port}"])
    sys.path.insert(0, str(ROOT / "src"))
    sink = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink",
         "-l", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for(port)
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from undersigned.declarations.services import declaration_create, declaration_open
        from undersigned.signatures.services import PersonSubmission, signature_submit

        call_command("migrate", verbosity=0)
        declaration = declaration_create(
            slug=f"mail-{port}", title="Erklärung für die Wasserversorgung", body="We declare."
        )
        declaration_open(declaration=declaration)
        declaration.refresh_from_db()
        tag = time.time_ns()
        for number in range(args.mails):
            signature_submit(
                declaration=declaration, language="de",
                submission=PersonSubmission(
                    name=f"Signer {number}", email=f"{tag}-{number}@example.org", country="DE"
                ),
            )  # fmt: skip
        connection.close()
        profiler = None
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        cpu, wall = time.process_time(), time.perf_counter()
        call_command("worker", batch=True, schedule=False, verbosity=0)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        if profiler is not None:
            import pstats

            profiler.disable()
            pstats.Stats(profiler).sort_stats(args.sort).print_stats(25)
        print(
            f"{args.mails} mails: CPU {1000 * cpu / args.mails:.2f} ms/mail, "
            f"wall {1000 * wall / args.mails:.2f} ms/mail (one worker, in process)"
        )
    finally:
        sink.terminate()
        sink.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
