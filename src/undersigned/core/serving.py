"""The process ``undersigned serve`` becomes: granian's own command line, with everything
it and its workers would print to standard error routed through the site's logging
(``core.logging.route_output``), and granian's log records formatted and redacted by the
site's handler (the ``--log-config`` file ``serve`` writes).

Run as ``python -m undersigned.core.serving <granian's options> <target>``. granian forks
its workers from this process, so they inherit the routing; the WSGI module routes again
in case they were spawned instead (``wsgi.py``).
"""

from __future__ import annotations

from granian.cli import entrypoint

from undersigned.core.logging import route_output


def main() -> None:
    route_output()
    entrypoint()  # type: ignore[no-untyped-call]  # granian's click command


if __name__ == "__main__":
    main()
