"""The address a request comes from, as the sign-in throttle counts it.

By default the TCP peer (``REMOTE_ADDR``), which a client cannot forge. Behind
reverse proxies every request has the proxy's address, so one person's typos
would lock out everyone: set ``CLIENT_IP_HEADER`` to the header the proxies
fill in and ``TRUSTED_PROXY_COUNT`` to how many of them there are. For
``X-Forwarded-For`` each proxy *appends* the address it received the request
from, so the client's address is the entry written by the outermost trusted
proxy, ``TRUSTED_PROXY_COUNT`` entries from the right; whatever a client put
further left is ignored. Any other header (``X-Real-IP``) is taken whole.
"""

import ipaddress

from django.conf import settings

FORWARDED_FOR = "X-Forwarded-For"


def _meta_key(header: str) -> str:
    return "HTTP_" + header.upper().replace("-", "_")


def _valid(value: str) -> str | None:
    value = value.strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The client's IP address: from the configured proxy header, else the peer.

    A header that is absent or does not hold an IP address where expected
    (a request that did not come through the proxies) falls back to
    ``REMOTE_ADDR``.
    """
    peer = request.META.get("REMOTE_ADDR")
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    if not header:
        return peer
    raw = request.META.get(_meta_key(header), "")
    if not raw:
        return peer
    if header.lower() != FORWARDED_FOR.lower():
        return _valid(raw) or peer
    entries = [entry.strip() for entry in raw.split(",") if entry.strip()]
    count = max(1, getattr(settings, "TRUSTED_PROXY_COUNT", 1))
    if not entries:
        return peer
    # Fewer entries than proxies: the request skipped the outer ones, so the
    # left-most entry is the furthest address any trusted proxy saw.
    candidate = entries[-count] if len(entries) >= count else entries[0]
    return _valid(candidate) or peer
