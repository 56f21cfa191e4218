"""The Redis cache, degrading to this process's memory while Redis cannot be reached.

The cache holds login rate limits and used TOTP codes. Without Redis, allauth's
calls would raise and every login would be a 500; with this backend they keep
working, with limits and replay marks per process instead of shared, until Redis
answers again. The public page cache (swecan/public_cache.py) needs its generation
shared: it asks `available()` and caches nothing while Redis is down.
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)


class ReusingRedisCacheClient(RedisCacheClient):
    """One redis-py client per connection pool. Django builds a new one for every call, which
    costs more than the round trip itself (the public pages read the cache on every request)."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_reused_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class FailOpenRedisCache(RedisCache):
    # After a failure, skip Redis for a while: a Redis that hangs would otherwise
    # cost each request a timeout per cache call.
    RETRY_AFTER_SECONDS = 10

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._local = LocMemCache(f"swecan-fallback-{server}", params)
        self._down_until = 0.0

    def _either(self, method: str, *args, **kwargs):
        if time.monotonic() >= self._down_until:
            try:
                return getattr(super(), method)(*args, **kwargs)
            except (RedisConnectionError, RedisTimeoutError) as exc:
                self._down_until = time.monotonic() + self.RETRY_AFTER_SECONDS
                # The class name only: the message may name the host.
                logger.warning("Redis-cachen svarar inte (%s): rate limits och TOTP-spärrar hålls i "
                               "processens minne i %d s.", type(exc).__name__, self.RETRY_AFTER_SECONDS)
        return getattr(self._local, method)(*args, **kwargs)

    def available(self) -> bool:
        """Whether calls go to Redis (shared by every process) rather than this process's memory."""
        return time.monotonic() >= self._down_until

    def add(self, *args, **kwargs):
        return self._either("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._either("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._either("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._either("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._either("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._either("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._either("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._either("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._either("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._either("delete_many", *args, **kwargs)

    def clear(self):
        return self._either("clear")
