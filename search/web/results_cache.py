"""Search results cached the way Django sites cache: through Django's cache framework, keyed
by what decides the answer — the normalised query, filters, sort, page, the language,
the host (pages link to themselves absolutely) — and by the index build and the code
release, so a rebuild or a deploy invalidates it by construction, with nothing to flush.

The default backend is local memory, bounded in bytes (``BoundedLocMemCache``), one per
process. ``CACHE_URL`` (``redis://host:6379/0``, ``memcached://host:11211``) shares one
between processes and machines; ``dummy://`` turns caching off (``settings.py``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest

from search.engine.snapshot import Snapshot
from search.web.serving import release

T = TypeVar("T")
TIMEOUT = 24 * 3600  # seconds; the key changes with every build and release anyway


def results_key(kind: str, request: HttpRequest, snapshot: Snapshot,
                parameters: dict[str, Any]) -> str:
    """A key for one answer: ``parameters`` are the search's, normalised (the form's
    cleaned data), so ``?q=AI`` and ``?q=AI&page=1`` share it."""
    from django.utils.translation import get_language

    decided = json.dumps([kind, get_language(), request.get_host(), request.path,
                          snapshot.path.name, release(), parameters],
                         ensure_ascii=False, sort_keys=True, default=str)
    return "results:" + hashlib.sha256(decided.encode()).hexdigest()[:32]


def cached(key: str, make: Callable[[], tuple[T, bool]]) -> T:
    """The value kept under ``key``, or ``make()``'s — kept when it says so (an error
    answer is not)."""
    found = cache.get(key)
    if found is not None:
        return found
    value, keep = make()
    if keep:
        cache.set(key, value, TIMEOUT)
    return value


_sizes: dict[str, dict[str, int]] = {}  # per cache name, as Django shares its locmem stores


class BoundedLocMemCache(LocMemCache):
    """Django's local-memory cache, bounded by the bytes of what it holds (the pickled
    values) as well as by entries: ``OPTIONS = {"MAX_BYTES": …}``. The least recently
    used go first. Like Django's, one store per name and process, whatever the thread."""

    def __init__(self, name: str, params: dict[str, Any]) -> None:
        super().__init__(name, params)
        self.max_bytes = int(params.get("OPTIONS", {}).get("MAX_BYTES", 64 * 2**20))
        self._sizes = _sizes.setdefault(name, {})

    @property
    def held(self) -> int:
        """Bytes of the values held."""
        with self._lock:
            return sum(self._sizes.values())

    def _set(self, key: str, value: bytes, timeout: float | None = None) -> None:
        if len(value) > self.max_bytes:
            return  # larger than the whole cache: not kept
        super()._set(key, value, timeout)
        for gone in [k for k in self._sizes if k not in self._cache]:  # culled
            del self._sizes[gone]
        self._sizes[key] = len(value)
        total = sum(self._sizes.values())
        while total > self.max_bytes and self._cache:
            oldest, _value = self._cache.popitem()  # the end: least recently used
            self._expire_info.pop(oldest, None)
            total -= self._sizes.pop(oldest, 0)

    def _delete(self, key: str) -> bool:
        self._sizes.pop(key, None)
        return super()._delete(key)

    def clear(self) -> None:
        with self._lock:
            self._sizes.clear()
        super().clear()
