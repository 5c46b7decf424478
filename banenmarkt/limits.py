"""Limits on what one member, or one address, may do in a short time: a flood
meets a clear Dutch message, not a crash, and not an inbox full of emails.

Per member the count comes from the database (the rows the member wrote in
the window), so it holds with Redis down and across processes. Per address
(many accounts from one place) the count lives in the cache; when the cache
cannot be reached that limit lets the request through and logs it (fail
open): a busy library or job centre must never be locked out by our outage.

The numbers are sized for a busy fair morning (docs/operations.md, "Limits"):
a member typing by hand cannot reach them; a script can.
"""

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .security import security_event


@dataclass(frozen=True)
class Limit:
    name: str
    per_member: int
    per_address: int
    window: timedelta
    message: str | Promise
    address_window: timedelta | None = None  # default: `window`

    def since(self, now: datetime | None = None) -> datetime:
        return (now or timezone.now()) - self.window


class LimitReached(ValidationError):
    """Too many in too short a time; the message says how long to wait."""


POSTS = Limit(
    "posts",
    per_member=20,
    per_address=60,
    window=timedelta(minutes=10),
    message=_(
        "You have placed many posts in a short time. Wait 10 minutes and try "
        "again; what you typed is kept."
    ),
)
REACTIONS = Limit(
    "reactions",
    per_member=30,
    per_address=120,
    window=timedelta(minutes=10),
    message=_(
        "You have written many reactions in a short time. Wait 10 minutes and "
        "try again; what you typed is kept."
    ),
)
REPORTS = Limit(
    "reports",
    per_member=10,
    per_address=30,
    window=timedelta(hours=1),
    message=_(
        "You have reported many posts in a short time. The moderators are "
        "looking at them. Try again in an hour."
    ),
)
JOIN_REQUESTS = Limit(
    "join_requests",
    per_member=3,
    per_address=20,
    window=timedelta(hours=24),
    address_window=timedelta(hours=1),
    message=_(
        "You have asked to join this region several times today. Wait until "
        "tomorrow, or ask the region's moderators for help."
    ),
)


def address_group(address: str) -> str:
    """An IPv6 address counts with its /64 (one household or office gets a
    whole /64 and can pick any address in it); IPv4 as it is."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _refuse(limit: Limit, **fields) -> None:
    security_event("limit.reached", limit=limit.name, **fields)
    raise LimitReached(limit.message, code=f"limit_{limit.name}")


def member_limit_check(*, limit: Limit, recent: int, user_id: int) -> None:
    """`recent`: what the member did in the window (counted by the caller in
    its own tables)."""
    if recent >= limit.per_member:
        _refuse(limit, user_id=user_id, by="member")


def address_limit_hit(*, limit: Limit, address: str, now=None) -> None:
    """Count one action from `address` in the current window and refuse past
    the limit. Without an address (a task, a test) nothing is counted."""
    if not address:
        return
    address = address_group(address)
    now = now or timezone.now()
    seconds = (limit.address_window or limit.window).total_seconds()
    window = int(now.timestamp() // seconds)
    key = f"limit:{limit.name}:{address}:{window}"
    try:
        cache.add(key, 0, timeout=int(seconds) + 60)
        count = cache.incr(key)
    except Exception:  # any cache failure: fail open, logged below
        security_event("limit.unavailable", limit=limit.name, ip=address)
        return
    if count is None:  # a cache that fails open answered nothing
        security_event("limit.unavailable", limit=limit.name, ip=address)
        return
    if count > limit.per_address:
        _refuse(limit, ip=address, by="address")
