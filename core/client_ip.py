"""The one client address of a request, for lockouts, throttles and logs alike.

Behind nginx every request comes from nginx's address, so REMOTE_ADDR names the proxy, not the
person. nginx appends the address it saw to X-Forwarded-For; anything to the left of what our
own proxies appended was written by the client and can be forged. `NUM_PROXIES` says how many
proxy hops in front of Django are ours: 0 (the default) trusts no header at all, 1 takes the
entry nginx appended, 2 the one a load balancer in front of nginx appended, and so on.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings


def client_ip(request: Any) -> str:
    """The address of whoever sent `request` (a Django or DRF request), as far as we can trust.

    With N trusted hops the client is the N-th entry from the right of X-Forwarded-For; with
    fewer entries than hops, the leftmost. A value that is not an IP address (a misconfigured
    proxy) falls back to REMOTE_ADDR rather than letting a made-up string become a key.
    """
    remote = str(request.META.get("REMOTE_ADDR") or "")
    hops = int(getattr(settings, "NUM_PROXIES", 0) or 0)
    if hops <= 0:
        return remote
    forwarded = [
        part.strip() for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
    ]
    forwarded = [part for part in forwarded if part]
    if not forwarded:
        return remote
    candidate = forwarded[-min(hops, len(forwarded))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
