"""Slow clients against the server: N connections that send their headers a byte at a
time, while 8 normal clients load the site. Compares ``make run``'s serving setup with
the plain sync-worker gunicorn it replaced.

    python -m bench.slowclients [--slow 50] [--seconds 20]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench.load import _free_port, hammer, server_env, stop_server
from bench.querymix import QUERY_MIX
from bench.stats import percentile

ROOT = Path(__file__).resolve().parent.parent

SETUPS = {
    "sync workers (before)": ["search.wsgi:application", "--preload"],
    "make run (uvicorn workers)": ["-c", "python:search.serving_config"],
}


@dataclass
class SlowResult:
    setup: str
    requests: int
    errors: int
    p50: float
    p95: float
    slow_open: int  # slow connections still open at the end


def serve(args: list[str], port: int, index: Path, log) -> subprocess.Popen:
    env = server_env(index)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), *args, "--bind", f"127.0.0.1:{port}", "--workers",
         str(os.cpu_count() or 2), "--log-level", "warning", "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.perf_counter() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            if server.poll() is not None or time.perf_counter() > deadline:
                raise RuntimeError("the server did not start") from None
            time.sleep(0.05)


def slow_connection(port: int, stop: threading.Event, opened: list[int]) -> None:
    """Send a request line, then one header byte a second, never finishing."""
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    except OSError:
        return
    opened.append(1)
    try:
        sock.sendall(b"GET /api/search?q=AI HTTP/1.1\r\nHost: localhost\r\n")
        while not stop.is_set():
            sock.sendall(b"X")
            stop.wait(1.0)
    except OSError:
        opened.pop()
    finally:
        sock.close()


def run(setup: str, args: list[str], index: Path, slow: int, seconds: float,
        clients: int = 8) -> SlowResult:
    port = _free_port()
    with tempfile.TemporaryFile() as log:
        server = serve(args, port, index, log)
        stop = threading.Event()
        opened: list[int] = []
        slowpokes = [threading.Thread(target=slow_connection, args=(port, stop, opened),
                                      daemon=True) for _ in range(slow)]
        try:
            for thread in slowpokes:
                thread.start()
            time.sleep(2)  # let them take whatever they can take
            urls = [f"http://127.0.0.1:{port}{m.api_path()}" for m in QUERY_MIX]
            samples, errors = hammer(urls, clients, seconds, timeout=10)
            return SlowResult(setup, len(samples), errors, percentile(samples, 0.5),
                              percentile(samples, 0.95), len(opened))
        finally:
            stop.set()
            stop_server(server)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.slowclients")
    parser.add_argument("--slow", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "search.settings")
    import django

    django.setup()
    from search.engine.writer import build_index

    work = Path(tempfile.mkdtemp(prefix="whitepaper-slow-"))
    index = work / "index"
    build_index(ROOT / "corpus", index)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                   cwd=ROOT, check=True)
    print(f"{args.slow} slow-header connections, 8 normal clients × {args.seconds:.0f} s")
    print("| setup | requests | errors | p50 ms | p95 ms |")
    print("|---|---|---|---|---|")
    for setup, server_args in SETUPS.items():
        result = run(setup, server_args, index, args.slow, args.seconds)
        print(f"| {result.setup} | {result.requests} | {result.errors} | {result.p50:.1f} | "
              f"{result.p95:.1f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
