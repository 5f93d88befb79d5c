"""The print view and its PDF, which must never fetch anything from anywhere."""

from __future__ import annotations

import socket
import threading

import pytest

from undersigned.declarations.services import declaration_create, declaration_open
from undersigned.lists.tests.helpers import import_seed
from undersigned.testing import skip_or_fail

pytestmark = pytest.mark.django_db


def weasyprint_or_skip():
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        skip_or_fail(f"WeasyPrint cannot run here (pango missing?): {error}")


def test_the_print_view_has_the_text_and_the_whole_list(client):
    import_seed()

    response = client.get("/en/declarations/solidarity/print/")
    html = b"".join(response.streaming_content).decode()

    assert response.status_code == 200
    assert "lists/print.css" in html
    assert "Solidarity with Ukrainians in Russia!" in html
    assert "Long live proletarian internationalism!" in html
    assert html.count("<li value=") == 19
    assert "Status of the signatories 6 January 2025" in html
    assert "<main>" in html  # a landmark, like every page


def test_the_pdf(client):
    weasyprint_or_skip()
    import_seed()

    response = client.get("/declarations/solidarity/print.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


class Listener:
    """A local TCP port that records whether anyone connected to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self) -> None:
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.sock.close()


def test_the_pdf_fetches_no_url(client):
    weasyprint_or_skip()
    listener = Listener()
    url = f"http://127.0.0.1:{listener.port}"
    try:
        declaration = declaration_create(
            slug="remote", title="Remote", body=f"[a link]({url}/link) and <{url}/auto>\n"
        )
        declaration_open(declaration=declaration)
        from undersigned.lists.pdf import render_pdf

        render_pdf(
            f'<link rel="stylesheet" href="{url}/a.css"><img src="{url}/b.png">'
            f'<p style="background: url({url}/c.png)">x</p>'
        )
        response = client.get("/declarations/remote/print.pdf")
    finally:
        listener.close()

    assert response.status_code == 200
    assert listener.connections == 0


def test_the_refusing_fetcher_refuses():
    weasyprint_or_skip()
    from undersigned.lists.pdf import refusing_fetcher

    with pytest.raises(ValueError, match="refused"):
        refusing_fetcher().fetch("file:///etc/passwd")
