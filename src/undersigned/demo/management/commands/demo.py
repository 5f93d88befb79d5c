"""``undersigned demo``: a working site with sample content, in one command.

Migrates the SQLite database under var/, loads the sample content, makes an admin
account (its password is generated once and kept in var/demo-admin-password), then
runs the web server and the task worker side by side until Ctrl-C stops both.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from undersigned.demo.sample.content import load_sample_content


def _port_free(port: int) -> bool:
    """Whether the server could listen on ``port`` of the loopback address."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _raise_keyboard_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Set up and run the demo: migrate, sample content, admin account, server and worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="port (default: %(default)s)")
        parser.add_argument(
            "--no-serve", action="store_true", help="set up only; do not start server and worker"
        )

    def handle(self, *args: Any, port: int, no_serve: bool, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("The demo does not run with UNDERSIGNED_ENV=production.")
        if not no_serve and not _port_free(port):
            # Without this, a second demo's server would fail behind a first one's
            # message, and its worker would share the first one's site.
            raise CommandError(
                f"Port {port} is taken (another demo or server runs there): stop it, or "
                f"choose another port: make demo PORT={port + 100}"
            )
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        password = self._admin_password()
        created = load_sample_content()
        self.stdout.write(f"Sample declarations created this time: {len(created)}")
        site = f"http://127.0.0.1:{port}"
        self.stdout.write(
            self.style.SUCCESS(
                f"\n{'Set up for' if no_serve else 'undersigned runs at'} {site}/\n"
                f"Admin:  {site}/admin/  user: admin  password: {password}\n"
                f"Forum:  {site}/en/forums/emigration-forum/ (the sample forum)\n"
                f"Mails are written to {settings.MAIL_OUTBOX_DIR}/"
                " (their links are also printed here).\n"
                + ("" if no_serve else "Press Ctrl-C to stop.\n")
            )
        )
        if not no_serve:
            self._run(port, site)

    def _admin_password(self) -> str:
        path = settings.VAR_DIR / "demo-admin-password"
        user_model = get_user_model()
        if path.exists() and user_model.objects.filter(username="admin").exists():
            return path.read_text().strip()
        password = secrets.token_urlsafe(12)
        user, _created = user_model.objects.get_or_create(
            username="admin", defaults={"is_staff": True, "is_superuser": True}
        )
        user.set_password(password)
        user.is_staff = user.is_superuser = True
        user.save()
        path.write_text(password)
        path.chmod(0o600)
        return password

    def _run(self, port: int, site: str) -> None:
        command = [sys.executable, "-m", "undersigned"]
        # Mails link to the port the demo serves on, unless SITE_URL says otherwise.
        env = {**os.environ, "SITE_URL": os.environ.get("SITE_URL") or site}
        processes = [
            # Our own interpreter running our own commands: no untrusted input.
            subprocess.Popen([*command, "serve", "--port", str(port)], env=env),  # noqa: S603
            subprocess.Popen([*command, "worker"], env=env),  # noqa: S603
        ]
        # Ctrl-C, and a SIGTERM from a process manager, stop both children. Installed
        # explicitly: a shell that starts the demo in the background ignores SIGINT.
        signal.signal(signal.SIGINT, _raise_keyboard_interrupt)
        signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
        try:
            while all(process.poll() is None for process in processes):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            for process in processes:
                if process.poll() is None:
                    process.terminate()  # SIGTERM: both shut down gracefully on it
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
        stopped = (0, None, -signal.SIGINT, -signal.SIGTERM)
        failed = [p.returncode for p in processes if p.returncode not in stopped]
        if failed:
            raise CommandError(f"a demo process stopped with exit code {failed[0]}")
