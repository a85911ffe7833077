"""Search results cached through Django's cache framework (issue 21): the same search asked
again is answered from the cache; a different search, language, build or release is not;
the local cache is bounded in bytes; Redis shares it when CACHE_URL says so."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches
from django.test import override_settings

from search.web import forms as forms_module
from search.web.results_cache import BoundedLocMemCache, results_key


@pytest.fixture
def searches(monkeypatch):
    """How many searches actually ran."""
    ran = []
    real = forms_module.search

    def counting(*args, **kwargs):
        ran.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(forms_module, "search", counting)
    return ran


def test_the_same_search_is_answered_once(client, index_dir, searches):
    first = client.get("/api/search", {"q": "量子计算"}).json()
    again = client.get("/api/search", {"q": "量子计算", "page": "1"}).json()
    assert first == again
    assert searches == ["量子计算"]


def test_pages_and_their_partials_are_kept_apart(client, index_dir, searches):
    page = client.get("/search/", {"q": "芯片"})
    partial = client.get("/search/", {"q": "芯片"}, headers={"HX-Request": "true"})
    again = client.get("/search/", {"q": "芯片"})
    assert page.content == again.content != partial.content
    assert searches == ["芯片", "芯片"]


def test_another_language_or_search_is_another_answer(client, index_dir, searches):
    client.get("/api/search", {"q": "芯片"})
    client.get("/en/api/search", {"q": "芯片"})
    client.get("/api/search", {"q": "芯片", "kind": "table"})
    assert len(searches) == 3


def test_errors_are_not_kept(client, index_dir, searches):
    assert client.get("/api/search", {"q": "芯片", "page": "999"}).status_code == 404
    assert client.get("/api/search", {"q": "芯片", "page": "999"}).status_code == 404
    assert len(searches) == 2


def test_a_new_build_is_a_new_key(rf, snapshot, tiny_index):
    from search.engine.snapshot import open_snapshot

    _corpus, index, _result = tiny_index
    other = open_snapshot(index)
    request = rf.get("/api/search", {"q": "芯片"})
    assert results_key("api", request, snapshot, {"q": "芯片"}) != \
        results_key("api", request, other, {"q": "芯片"})


def test_the_local_cache_is_bounded_in_bytes():
    local = BoundedLocMemCache("bounded-test", {"OPTIONS": {"MAX_BYTES": 10_000,
                                                            "MAX_ENTRIES": 1000}})
    for n in range(50):
        local.set(f"k{n}", "x" * 1000)
    assert local.held <= 10_000
    assert local.get("k49") is not None and local.get("k0") is None  # oldest go first
    local.set("huge", "x" * 20_000)
    assert local.get("huge") is None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    server = shutil.which("redis-server")
    if server is None:
        missing = "needs Debian's redis-server: apt-get install -y redis-server"
        if os.environ.get("CI") == "true":  # .ci/run installs it: CI must not skip
            pytest.fail(missing)
        pytest.skip(missing)
    port = _free_port()
    process = subprocess.Popen([server, "--port", str(port), "--save", "", "--appendonly",
                                "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_redis_shares_the_cache(client, index_dir, searches, redis_url):
    from search.settings import _cache_from

    # override_settings makes Django forget its cache connections, before and after
    with override_settings(CACHES={"default": _cache_from(redis_url)}):
        assert type(caches["default"]).__name__ == "RedisCache"
        first = client.get("/api/search", {"q": "智能制造"}).json()
        again = client.get("/api/search", {"q": "智能制造"}).json()
        assert first == again and searches == ["智能制造"]
        import redis

        keys = redis.Redis.from_url(redis_url).keys("*results:*")
        assert keys, "the answer is kept in Redis"
    assert type(caches["default"]).__name__ == "BoundedLocMemCache"
