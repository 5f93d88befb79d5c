"""Rate limits keyed on a client without knowing who the client is.

A client is an HMAC of its IP address (IPv6: its /64 network) under a salt that is
random, kept only in the cache, and replaced every day (UTC). Nothing stores the
address; the key means nothing once the day's salt is gone, so yesterday's counters
cannot be linked to today's, nor to an address by anyone holding the database or the
secret key. Counters are fixed windows in the cache: local memory per process by
default, shared by every process with Redis (REDIS_URL).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

SALT_SECONDS = 2 * 24 * 3600  # yesterday's salt lives on only until its counters expire


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the one RATELIMIT_TRUSTED_PROXIES vouch for."""
    address = request.META.get("REMOTE_ADDR", "") or ""
    proxies = settings.RATELIMIT_TRUSTED_PROXIES
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        # Each trusted proxy appends the address it saw; the client's is the one the
        # first trusted proxy appended. Anything left of it the client could forge.
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if ip.version == 6:
        # One subscriber gets a whole /64: counting single addresses would not limit them.
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


def _daily_salt() -> bytes:
    day = time.strftime("%Y-%m-%d", time.gmtime())
    key = f"ratelimit:salt:{day}"
    salt = cache.get(key)  # one round trip on every request but the day's first
    if salt is None:
        cache.add(key, secrets.token_hex(32), timeout=SALT_SECONDS)
        salt = cache.get(key)
    if salt is None:  # evicted between add and get
        salt = secrets.token_hex(32)
        cache.set(key, salt, timeout=SALT_SECONDS)
    return str(salt).encode()


def client_key(request: HttpRequest) -> str:
    """An opaque key for the client, stable for the day, unlinkable to its address."""
    return hmac.new(_daily_salt(), client_address(request).encode(), hashlib.sha256).hexdigest()[
        :32
    ]


def hit(*, scope: str, key: str, window: int) -> int:
    """Count one event for ``key`` in the current ``window`` seconds; the count so far."""
    slot = int(time.time() // window)
    name = f"ratelimit:{scope}:{key}:{slot}"
    cache.add(name, 0, timeout=window + 60)
    try:
        return int(cache.incr(name))
    except ValueError:  # evicted in between
        cache.set(name, 1, timeout=window + 60)
        return 1


def count(*, scope: str, key: str, window: int) -> int:
    """How many events ``key`` has had in the current ``window`` seconds (adds none)."""
    slot = int(time.time() // window)
    return int(cache.get(f"ratelimit:{scope}:{key}:{slot}", 0))


def opaque_key(value: str) -> str:
    """``value`` (an account's name, say) as an opaque key under the day's salt, like
    ``client_key``: the cache never holds it readable."""
    return hmac.new(_daily_salt(), value.encode(), hashlib.sha256).hexdigest()[:32]
