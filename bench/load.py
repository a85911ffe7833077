"""``make run``'s server under load (gunicorn with uvicorn workers, app preloaded, one
worker per core), 8 clients over loopback, each keeping its connection open as browsers
and reverse proxies do; also the first request after start and sequential API latency
(a new connection each)."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bench.querymix import QUERY_MIX
from bench.stats import percentile

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class LoadResult:
    startup_seconds: float  # process start → accepting connections
    first_ms: float  # the first API request after that
    sequential_p50: float
    sequential_p95: float
    requests: int
    errors: int
    seconds: float
    p50: float
    p95: float

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str, timeout: float = 30) -> tuple[float, bool]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            ok = response.status == 200
    except Exception:
        ok = False
    return (time.perf_counter() - started) * 1000, ok


def hammer(urls: list[str], clients: int, seconds: float, timeout: float = 30
           ) -> tuple[list[float], int]:
    """``clients`` threads cycling through ``urls`` for ``seconds``, each on a connection
    it keeps open as a browser or a reverse proxy does (a new one after an error or when
    the server closes it): every request's milliseconds, and how many failed."""
    samples: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    parsed = [urlsplit(url) for url in urls]

    def client(offset: int) -> None:
        nonlocal errors
        i = offset
        connection: http.client.HTTPConnection | None = None
        while time.perf_counter() < deadline:
            url = parsed[i % len(parsed)]
            i += 1
            started = time.perf_counter()
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(url.hostname or "", url.port,
                                                            timeout=timeout)
                connection.request("GET", f"{url.path}?{url.query}")
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                if connection is not None:
                    connection.close()
                connection = None
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                samples.append(elapsed)
                errors += not ok
        if connection is not None:
            connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, errors


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


def zipf_queries(vocabulary: list[str], count: int, seed: int = 7,
                 exponent: float = 1.1) -> list[str]:
    """A realistic log of ``count`` searches: query number r of ``vocabulary`` asked with
    a probability proportional to 1/r^exponent — a few very often, many once."""
    import random

    rng = random.Random(seed)
    weights = [1 / (rank ** exponent) for rank in range(1, len(vocabulary) + 1)]
    return rng.choices(vocabulary, weights=weights, k=count)


def server_env(index: Path, cache_url: str | None = None) -> dict[str, str]:
    """The environment a benchmark's gunicorn serves ``index`` with (``cache_url``: the
    results cache's, None to leave it as set)."""
    env = {**os.environ, "SEARCH_INDEX_DIR": str(index), "DJANGO_DEBUG": "0",
           "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost"}
    if cache_url is not None:
        env["CACHE_URL"] = cache_url
    return env


def run_load(index: Path, seconds: float = 30, clients: int = 8, cache: bool = False,
             queries: list[str] | None = None) -> LoadResult:
    """``make run``'s server, without the results cache (every request searches) unless
    ``cache``; the requests cycle through the query mix, or through ``queries``."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = server_env(index, os.environ.get("CACHE_URL", "") if cache else "dummy://")
    with tempfile.TemporaryFile() as log:  # a pipe nobody reads would stall the workers
        return _serve_and_load(port, base, env, log, seconds, clients, queries)


def _start_server(port: int, env: dict, log) -> subprocess.Popen:
    """``make run``'s gunicorn on ``port``, once it accepts connections."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    started = time.perf_counter()
    server = subprocess.Popen(
        [str(gunicorn), "-c", "python:search.serving_config", "--bind", f"127.0.0.1:{port}",
         "--workers", str(os.cpu_count() or 2), "--log-level", "warning",
         "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            if server.poll() is not None or time.perf_counter() - started > 120:
                stop_server(server)
                log.seek(0)
                raise RuntimeError("gunicorn did not start: "
                                   + log.read().decode(errors="replace")) from None
            time.sleep(0.02)


@dataclass
class WorkerMemory:
    rss_mb: float  # resident, shared pages included
    pss_mb: float  # the worker's share: shared pages divided among the processes using them
    private_mb: float  # pages no other process has (what one more worker costs)


def _memory(pid: int) -> WorkerMemory:
    fields: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, _, value = line.partition(":")
        fields[name] = int(value.split()[0])
    return WorkerMemory(fields["Rss"] / 1024, fields["Pss"] / 1024,
                        (fields["Private_Clean"] + fields["Private_Dirty"]) / 1024)


def worker_memory(index: Path, seconds: float = 10) -> WorkerMemory | None:
    """What one of ``make run``'s workers holds after serving the query mix for
    ``seconds`` (the largest worker; None where /proc has no smaps_rollup). The app is
    loaded before the workers fork and its heap frozen, so most of a worker's pages are
    the master's, shared."""
    if not Path("/proc/self/smaps_rollup").exists():
        return None
    port = _free_port()
    env = server_env(index, "dummy://")
    with tempfile.TemporaryFile() as log:
        server = _start_server(port, env, log)
        try:
            hammer([f"http://127.0.0.1:{port}{m.api_path()}" for m in QUERY_MIX], 4, seconds)
            workers = [int(pid) for pid in Path(f"/proc/{server.pid}/task/{server.pid}/children")
                       .read_text().split()]
            return max((_memory(pid) for pid in workers), key=lambda m: m.pss_mb)
        finally:
            stop_server(server)


def _serve_and_load(port: int, base: str, env: dict, log, seconds: float,
                    clients: int, queries: list[str] | None = None) -> LoadResult:
    started = time.perf_counter()
    server = _start_server(port, env, log)
    try:
        startup = time.perf_counter() - started
        from urllib.parse import urlencode

        urls = [base + m.api_path() for m in QUERY_MIX] if queries is None else \
            [f"{base}/api/search?{urlencode({'q': q})}" for q in queries]
        first_ms, ok = _fetch(urls[0])
        if not ok:
            raise RuntimeError("the first request failed")
        rounds = 10 * len(QUERY_MIX)  # one client, one request after another
        sequential = [_fetch(urls[i % len(urls)])[0] for i in range(rounds)]

        load_started = time.perf_counter()
        samples, errors = hammer(urls, clients, seconds)
        elapsed = time.perf_counter() - load_started
        return LoadResult(startup, first_ms, percentile(sequential, 0.5),
                          percentile(sequential, 0.95), len(samples), errors, elapsed,
                          percentile(samples, 0.5), percentile(samples, 0.95))
    finally:
        stop_server(server)
