"""Rate limits per client address for public forms, counted in the shared cache.

Rates read like allauth's: "10/m", "30/h", "5/10m"; an empty rate is no limit. The client
address is taken the way allauth takes it (honouring TRUSTED_PROXY_COUNT behind a proxy), so both
count the same client. Windows are fixed (they start at multiples of their length), so a client
over the limit can be told when it may try again: ``too_many`` sets ``Retry-After``.
"""

import math
import time

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache

from saarlouis_portal.env import parse_rate


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


def retry_after(scope: str) -> int:
    """Seconds until the scope's current window ends, when the count starts afresh (at least 1;
    0 when the scope has no limit)."""
    rate = settings.PORTAL_RATE_LIMITS.get(scope)
    if not rate:
        return 0
    _limit, seconds = parse_rate(rate)
    return max(1, math.ceil(seconds - time.time() % seconds))


def too_many(response, scope: str):
    """``response`` (a 429 page) with ``Retry-After``: when the client's window ends."""
    response["Retry-After"] = str(retry_after(scope) or 1)
    return response
