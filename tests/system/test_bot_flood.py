"""A bot flood against a live server on loopback: the page keeps serving, no signer is lost.

Bounded in count and time, aimed at pytest-django's live server on 127.0.0.1 only. The
server stands "behind one proxy" (RATELIMIT_TRUSTED_PROXIES=1), so each client says who
it is in X-Forwarded-For, with documentation addresses (RFC 5737). Three kinds of bot
post at once — honeypot fillers, instant posters without a form token, and one that
replays a harvested valid token from a single address — while readers load the
declaration page and a person signs from another address and confirms by mail.
"""

from __future__ import annotations

import http.cookiejar
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

import pytest
from django.db import connections

from undersigned.core.shredding import shred_open
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.signatures.models import Signature
from undersigned.signatures.tests.helpers import links, person_data

BOT_POSTS_EACH = 40  # per bot thread
BOT_THREADS = 3
READS = 60
REQUEST_TIMEOUT = 10
FLOOD_DEADLINE = 90  # seconds: the whole flood stops by then whatever happens


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """A cookie-keeping HTTP client speaking only to the live server on loopback."""

    def __init__(self, base: str, address: str) -> None:
        assert base.startswith("http://localhost") or base.startswith("http://127.0.0.1")
        self.base, self.address = base, address
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect
        )

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(
            self.base + path, data=body, headers={"X-Forwarded-For": self.address}
        )
        try:
            with self.opener.open(request, timeout=REQUEST_TIMEOUT) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def form(self, path: str) -> dict[str, str]:
        status, page = self.request(path)
        assert status == 200
        fields = dict(re.findall(r'name="(csrfmiddlewaretoken|started)" value="([^"]+)"', page))
        assert set(fields) == {"csrfmiddlewaretoken", "started"}, page[:500]
        return fields


@pytest.mark.django_db(transaction=True)
def test_a_bot_flood_neither_silences_the_page_nor_loses_a_signer(
    live_server, settings, smtp, run_tasks
):
    settings.SITE_URL = live_server.url
    settings.RATELIMIT_TRUSTED_PROXIES = 1
    settings.SIGN_MIN_FILL_SECONDS = 1
    settings.SIGN_BLOCK_PER_CLIENT = 25  # below BOT_POSTS_EACH, so the flood reaches it
    declaration = DeclarationFactory(allow_organizations=False)
    form_path = f"/en/declarations/{declaration.slug}/sign/"
    page_path = f"/en/declarations/{declaration.slug}/"
    deadline = time.monotonic() + FLOOD_DEADLINE
    results: dict[str, Counter] = {"honeypot": Counter(), "instant": Counter(), "replay": Counter()}
    reads: Counter = Counter()
    lock = threading.Lock()

    # The replaying bot harvests one valid form (token and CSRF cookie) and waits it out.
    replayer = Client(live_server.url, "203.0.113.66")
    harvested = replayer.form(form_path)
    time.sleep(1.1)

    def bot(kind: str) -> None:
        client = replayer if kind == "replay" else Client(live_server.url, "203.0.113.99")
        fields = harvested if kind == "replay" else client.form(form_path)
        try:
            for n in range(BOT_POSTS_EACH):
                if time.monotonic() > deadline:
                    break
                data = {**person_data(name=f"Bot {kind} {n}", email=f"bot-{kind}-{n}@example.com")}
                data["csrfmiddlewaretoken"] = fields["csrfmiddlewaretoken"]
                if kind == "honeypot":
                    data.update(started=fields["started"], leave_empty="http://spam.example")
                elif kind == "replay":
                    data["started"] = fields["started"]
                status, _ = client.request(form_path, data)
                with lock:
                    results[kind][status] += 1
        finally:
            connections.close_all()

    def reader() -> None:
        client = Client(live_server.url, "203.0.113.10")
        try:
            for _ in range(READS):
                if time.monotonic() > deadline:
                    break
                status, _ = client.request(page_path)
                with lock:
                    reads[status] += 1
        finally:
            connections.close_all()

    threads = [threading.Thread(target=bot, args=(kind,)) for kind in results]
    threads.append(threading.Thread(target=reader))
    for thread in threads:
        thread.start()

    # Meanwhile a person signs from their own address, as a browser would.
    person = Client(live_server.url, "198.51.100.7")
    fields = person.form(form_path)
    time.sleep(1.1)  # a person takes longer than the minimum to fill the form
    data = {**person_data(name="Real Person", email="real.person@example.org"), **fields}
    status, _ = person.request(form_path, data)
    assert status == 302

    for thread in threads:
        thread.join(timeout=max(1.0, deadline - time.monotonic() + 5))
        assert not thread.is_alive(), "the flood did not stop in time"

    # The page never stopped serving.
    assert set(reads) == {200}, reads
    assert reads[200] > 0
    # Honeypot fillers were told "sent" and stored nothing; instant posters got the form again.
    assert set(results["honeypot"]) == {302}
    assert set(results["instant"]) == {400}
    assert not Signature.objects.filter(name__startswith="Bot honeypot").exists()
    assert not Signature.objects.filter(name__startswith="Bot instant").exists()
    # The replayer: its first signatures pass, then are held (no mail), then refused.
    replay = results["replay"]
    assert replay[302] == settings.SIGN_BLOCK_PER_CLIENT, replay
    assert replay[429] == BOT_POSTS_EACH - settings.SIGN_BLOCK_PER_CLIENT, replay
    bots = Signature.objects.filter(name__startswith="Bot replay")
    assert bots.filter(held=False).count() == settings.SIGN_LIMIT_PER_CLIENT
    assert bots.filter(held=True).count() == (
        settings.SIGN_BLOCK_PER_CLIENT - settings.SIGN_LIMIT_PER_CLIENT
    )

    # The person was not held, got the mail, confirmed, and is in the list.
    signature = Signature.objects.get(name="Real Person")
    assert signature.held is False
    run_tasks()
    mail = next(m for m in smtp.messages if m["To"] == "real.person@example.org")
    status, _ = person.request(links(mail)["confirm"], {})
    assert status == 200
    signature.refresh_from_db()
    assert signature.status == Signature.Status.PUBLISHED
    assert signature.position is not None
    # No held bot got a mail: their addresses wait, unsent, for a moderator or the purge.
    held_sealed = bots.filter(held=True).values_list("sealed_email", flat=True)
    held_addresses = {shred_open(sealed) for sealed in held_sealed} - {None}
    assert len(held_addresses) == bots.filter(held=True).count()
    assert not held_addresses & {m["To"] for m in smtp.messages}
