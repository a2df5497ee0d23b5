"""API keys as bearer tokens, roles, and the per-key rate limit.

- A key is sent as `Authorization: Bearer brf_…` (never in the URL, so it never reaches an access log).
- The store keeps only the key's SHA-256; a key is looked up by its digest and compared in constant
  time (`ApiKeys.find`). Keys are never logged: this module logs key ids only.
- Roles: reader (GET), editor (POST articles, summaries, checks), admin (keys); admin ⊇ editor ⊇ reader.
- A verified key is remembered for `BRIEFS_API_KEY_CACHE_SECONDS` (default 5) so that a request does
  not cost a database read; a key revoked through the API stops working at once in this process, one
  revoked from the command line or another process within that time.
- Rate limit: a token bucket per key, `BRIEFS_API_RATE_BURST` deep, refilled at
  `BRIEFS_API_RATE_PER_MINUTE`. Failed key lookups have a bucket per client address
  (`BRIEFS_API_FAILED_AUTH_BURST`, `BRIEFS_API_FAILED_AUTH_PER_MINUTE`): once it is empty, a request
  from that address gets 429 without a database lookup, unless its key was verified moments ago.
  Both live in the server process: with several processes
  (`--workers N`) each process allows that rate.
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from dataclasses import dataclass
from enum import IntEnum

from briefs.hashing import sha256_hex as key_digest
from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.errors import ApiError


class Role(IntEnum):
    reader = 1
    editor = 2
    admin = 3


ROLES = tuple(r.name for r in Role)


@dataclass(frozen=True, slots=True)
class Principal:
    key_id: int
    role: Role
    name: str | None


bearer = HTTPBearer(
    auto_error=False,
    scheme_name="ApiKey",
    bearerFormat="brf_…",
    description="An API key from `briefs keys create --role reader|editor|admin` (or POST /v1/keys), "
    "sent as `Authorization: Bearer <key>`. Roles: reader (GET), editor (+ POST), admin (+ keys).",
)


class KeyCache:
    """Verified keys by digest, for a few seconds; one database lookup at a time per key (the other
    requests with that key wait for its answer instead of asking too)."""

    def __init__(self, store, ttl: float) -> None:
        self.store, self.ttl = store, ttl
        self._entries: dict[str, tuple[float, Principal]] = {}
        self._inflight: dict[str, asyncio.Future] = {}
        self._lock = threading.Lock()

    def cached(self, digest: str) -> Principal | None:
        entry = self._entries.get(digest)
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1]

    def lookup(self, token: str) -> Principal | None:
        row = self.store.keys.find(token)
        if row is None or row.role not in ROLES:
            return None
        principal = Principal(row.id, Role[row.role], row.name)
        if self.ttl > 0:
            with self._lock:
                if len(self._entries) > 10_000:
                    self._entries.clear()
                self._entries[row.key_hash] = (time.monotonic() + self.ttl, principal)
        return principal

    async def verify(self, token: str) -> Principal | None:
        digest = key_digest(token)
        principal = self.cached(digest)
        if principal is not None:
            return principal
        loop = asyncio.get_running_loop()
        pending = self._inflight.get(digest)
        if pending is not None and pending.get_loop() is loop:
            return await asyncio.shield(pending)
        future = loop.create_future()
        self._inflight[digest] = future
        try:
            principal = await run_in_threadpool(self.lookup, token)
            future.set_result(principal)
            return principal
        except BaseException as error:
            future.set_exception(error)
            future.exception()  # retrieved: no "never retrieved" warning when nobody waited
            raise
        finally:
            if self._inflight.get(digest) is future:
                del self._inflight[digest]

    def forget(self, key_id: int) -> None:
        with self._lock:
            self._entries = {d: e for d, e in self._entries.items() if e[1].key_id != key_id}


class TokenBucket:
    """Token buckets per key (an API key's id, or a client address): `burst` tokens, refilled at
    `per_minute / 60` per second."""

    def __init__(self, per_minute: float, burst: int) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self._buckets: dict[int | str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: int | str, *, spend: bool = True) -> float:
        """0 when a request may go now (taking a token, unless not `spend`); else the seconds to
        wait for the next token."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - (1.0 if spend else 0.0), now)
                return 0.0
            self._buckets[key] = (tokens, now)
            if len(self._buckets) > 100_000:  # client addresses are unbounded: forget the oldest
                del self._buckets[next(iter(self._buckets))]
            return (1.0 - tokens) / self.rate


UNAUTHORIZED_HEADERS = {"WWW-Authenticate": 'Bearer realm="briefs"'}


async def authenticate(request: Request, credentials: HTTPAuthorizationCredentials | None) -> Principal:
    if credentials is None or not credentials.credentials:
        raise ApiError(
            401,
            "unauthorized",
            "missing API key: send 'Authorization: Bearer <key>' "
            "(create one with `briefs keys create --role reader|editor|admin`)",
            headers=UNAUTHORIZED_HEADERS,
        )
    failures, client = request.app.state.failed_keys, request.client.host if request.client else "unknown"
    if (wait := failures.take(client, spend=False)) and request.app.state.keys.cached(
        key_digest(credentials.credentials)
    ) is None:
        raise _too_many(wait, "too many requests with an invalid key from this address")
    principal = await request.app.state.keys.verify(credentials.credentials)
    if principal is None:
        failures.take(client)
        raise ApiError(401, "unauthorized", "invalid or revoked API key", headers=UNAUTHORIZED_HEADERS)
    return principal


def _too_many(wait: float, reason: str) -> ApiError:
    seconds = max(1, math.ceil(wait))
    return ApiError(429, "rate_limited", f"{reason}; retry in {seconds} s", headers={"Retry-After": str(seconds)})


def require(role: Role):
    """A dependency: the caller's key, which must hold `role` (or a higher one) and be within its rate."""

    async def dependency(
        request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(bearer)
    ) -> Principal:
        principal = await authenticate(request, credentials)
        if principal.role < role:
            raise ApiError(
                403,
                "forbidden",
                f"this endpoint needs a key with role '{role.name}' or higher; "
                f"this key's role is '{principal.role.name}'",
            )
        if wait := request.app.state.limiter.take(principal.key_id):
            raise _too_many(wait, "rate limit of this API key exceeded")
        request.state.key_id = principal.key_id
        return principal

    dependency.__name__ = f"require_{role.name}"
    return dependency


reader = require(Role.reader)
editor = require(Role.editor)
admin = require(Role.admin)
