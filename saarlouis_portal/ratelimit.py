"""Rate limits per client address for public forms, counted in the shared cache.

Rates read like allauth's: "10/m", "30/h", "5/10m". The client address is taken the way allauth
takes it (honouring TRUSTED_PROXY_COUNT behind a proxy), so both count the same client.
"""

import re
import time

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


def parse_rate(rate: str) -> tuple[int, int]:
    match = _RATE.match(rate)
    if not match:
        raise ValueError(f"Invalid rate {rate!r}; use e.g. '10/m' or '5/10m'.")
    count, multiplier, unit = match.groups()
    return int(count), int(multiplier or 1) * _UNITS[unit]


def hit(request, scope: str) -> bool:
    """Count one request against the scope's limit; False when the client is over it."""
    rate = settings.PORTAL_RATE_LIMITS.get(scope)
    if not rate:
        return True
    limit, seconds = parse_rate(rate)
    client = get_adapter().get_client_ip(request) or "unknown"
    key = f"ratelimit:{scope}:{client}:{int(time.time() // seconds)}"
    # incr() first: one round trip while the window's counter exists (nearly every request);
    # add() only starts a window. Atomic on Redis; on the database cache two workers may lose a
    # count now and then, which a limit meant against floods can afford.
    try:
        count = cache.incr(key)
    except ValueError:  # a new window (or the counter was evicted)
        if cache.add(key, 1, seconds + 5):
            count = 1
        else:  # another request started the window in between
            try:
                count = cache.incr(key)
            except ValueError:
                cache.set(key, 1, seconds + 5)
                count = 1
    return count <= limit
