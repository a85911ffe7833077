"""The server ``make run`` starts (gunicorn + uvicorn workers, ``search.serving_config``),
talked to over raw sockets (issue 19): read deadlines, bodies refused before they are
read, no request smuggling, bounded request lines, bad Host headers, no shared control
socket, a replacement worker that opens the current build before it serves."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from search.engine.writer import build_index
from tests.conftest import CORPUS, ROOT, TINY

PORTS = range(8200, 8300)


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8200–8299")


class Server:
    def __init__(self, tmp: Path, static_root: Path) -> None:
        self.corpus = tmp / "corpus"
        shutil.copytree(TINY, self.corpus)
        shutil.copy(CORPUS / "glossary.tsv", self.corpus)
        self.index = tmp / "var" / "index"
        build_index(self.corpus, self.index)
        self.home = tmp / "home"
        self.home.mkdir()
        self.log_path = tmp / "server.log"
        self.port = _free_port()
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("DJANGO_", "SEARCH_", "XDG_RUNTIME_DIR"))}
        env.update({"HOME": str(self.home), "SEARCH_INDEX_DIR": str(self.index),
                    "SEARCH_CORPUS_DIR": str(self.corpus),
                    "SEARCH_STATIC_ROOT": str(static_root),
                    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost"})
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [str(gunicorn), "-c", "python:search.serving_config", "--bind",
             f"127.0.0.1:{self.port}", "--workers", "1"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the server did not start:\n" + self.output()) \
                        from None
                time.sleep(0.1)

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def connect(self) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.port), timeout=30)

    def exchange(self, raw: bytes) -> bytes:
        """Send ``raw``, read until the server closes the connection."""
        with self.connect() as sock:
            sock.sendall(raw)
            return read_all(sock)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def read_all(sock: socket.socket) -> bytes:
    chunks = []
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def statuses(answer: bytes) -> list[int]:
    return [int(line.split(b" ")[1]) for line in answer.split(b"\r\n")
            if line.startswith(b"HTTP/1.1 ")]


@pytest.fixture(scope="module")
def server(tmp_path_factory, static_files):
    running = Server(tmp_path_factory.mktemp("served"), static_files)
    yield running
    running.stop()


def get(path: str, host: bytes = b"localhost", extra: bytes = b"") -> bytes:
    return (b"GET " + path.encode() + b" HTTP/1.1\r\nHost: " + host + b"\r\n" + extra
            + b"Connection: close\r\n\r\n")


def test_the_server_answers(server):
    answer = server.exchange(get("/api/search?q=%E7%AC%AC%E4%B8%80%E7%AB%A0"))
    assert statuses(answer) == [200]


# --------------------------------------------------------------------------- sockets


def test_connections_that_do_not_finish_their_request_are_closed(server):
    """Nothing sent, headers a byte a second, a body never finished: each connection is
    closed by the server (before: held open for good, ~1,000 of them made every request
    a 503)."""
    outcomes: dict[str, bytes | str] = {}

    def idle() -> None:
        with server.connect() as sock:
            outcomes["idle"] = read_all(sock)

    def slow_headers() -> None:
        with server.connect() as sock:
            sock.sendall(b"GET /api/search?q=AI HTTP/1.1\r\nHost: localhost\r\n")
            sock.settimeout(1)
            for _ in range(60):  # a byte a second for up to a minute
                try:
                    sock.sendall(b"X")
                    chunk = sock.recv(65536)
                except TimeoutError:
                    continue
                except OSError:
                    outcomes["slow headers"] = b""
                    return
                outcomes["slow headers"] = chunk + read_all(sock)
                return
            outcomes["slow headers"] = "still open after 60 s"

    def unfinished_body() -> None:
        with server.connect() as sock:
            sock.sendall(b"POST /search/ HTTP/1.1\r\nHost: localhost\r\n"
                         b"Content-Length: 10\r\n\r\nq=")
            outcomes["unfinished body"] = read_all(sock)

    threads = [threading.Thread(target=f) for f in (idle, slow_headers, unfinished_body)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert outcomes["idle"] == b""
    slow = outcomes["slow headers"]
    assert isinstance(slow, bytes) and statuses(slow) in ([], [408])
    unfinished = outcomes["unfinished body"]
    assert isinstance(unfinished, bytes) and statuses(unfinished) == [408]


def test_the_server_caps_connections_per_worker():
    from search import serving_config
    from search.worker import MAX_CONNECTIONS, Worker

    assert Worker.CONFIG_KWARGS["limit_concurrency"] == MAX_CONNECTIONS <= 1000
    assert serving_config.keepalive <= 10  # uvicorn's timeout_keep_alive


# --------------------------------------------------------------------------- bodies


def test_a_declared_large_body_is_a_413_before_it_is_sent(server):
    with server.connect() as sock:
        sock.sendall(b"POST /search/ HTTP/1.1\r\nHost: localhost\r\n"
                     b"Content-Length: 1000000000\r\n\r\n")
        answer = read_all(sock)  # the server answers and closes without a body byte
    assert statuses(answer) == [413]


def test_a_chunked_body_is_refused_once_past_the_limit(server):
    with server.connect() as sock:
        sock.sendall(b"POST /search/ HTTP/1.1\r\nHost: localhost\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n")
        chunk = b"4000\r\n" + b"a" * 0x4000 + b"\r\n"
        sent = 0
        try:
            while sent < 10_000_000:
                sock.sendall(chunk)
                sent += 0x4000
        except OSError:
            pass  # closed by the server
        answer = read_all(sock)
    assert statuses(answer) == [413]
    assert sent < 10_000_000


def test_a_small_post_still_meets_the_csrf_check(server):
    answer = server.exchange(b"POST /search/ HTTP/1.1\r\nHost: localhost\r\n"
                             b"Content-Length: 4\r\nConnection: close\r\n\r\nq=AI")
    assert statuses(answer) == [403]


def test_transfer_encoding_with_content_length_is_a_400_and_nothing_is_smuggled(server):
    smuggled = (b"POST /search/ HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                b"GET /api/search?q=smuggled HTTP/1.1\r\nHost: localhost\r\n\r\n")
    answer = server.exchange(smuggled)
    assert statuses(answer) == [400]
    assert b"smuggled" not in answer


def test_a_64_kb_url_is_refused(server):
    answer = server.exchange(get("/search/?q=" + "a" * 65536))
    assert statuses(answer) in ([414], [400])


def test_requests_pipelined_on_one_connection_are_each_answered_in_order(server):
    requests = (b"GET /api/search?q=AI HTTP/1.1\r\nHost: localhost\r\n\r\n"
                b"GET /no-such-page/ HTTP/1.1\r\nHost: localhost\r\n\r\n")
    answer = server.exchange(requests + get("/api/search?q=%E8%8A%AF%E7%89%87"))
    # a response's status line follows the previous body directly: no line break between
    assert [int(m) for m in re.findall(rb"HTTP/1\.1 (\d{3}) ", answer)] == [200, 404, 200]


@pytest.mark.parametrize("growing", ["many headers", "one endless header"])
def test_headers_that_keep_growing_are_refused_before_they_end(server, growing):
    """llhttp sets no bound on a request's head, and holds a header's value until it
    ends: the protocol counts what arrives (MAX_HEADER_BYTES)."""
    from search.worker import MAX_HEADER_BYTES

    sent = 0
    with server.connect() as sock:
        sock.sendall(b"GET /api/search?q=AI HTTP/1.1\r\nHost: localhost\r\n")
        if growing == "one endless header":
            sock.sendall(b"X-Endless: ")
        try:
            for n in range(1000):  # up to ~1 MB, far past the bound
                sock.sendall(b"X-Filler-%d: %s\r\n" % (n, b"a" * 1000)
                             if growing == "many headers" else b"a" * 1000)
                sent += 1000
        except OSError:
            pass  # closed by the server
        answer = read_all(sock)
    assert statuses(answer) == [431]
    assert sent < 1000 * 1000  # refused on the way, not after a megabyte
    assert sent >= MAX_HEADER_BYTES - 1000  # …and not before the bound


def test_an_8_kb_url_is_still_served(server):
    answer = server.exchange(get("/search/?q=" + "a" * 7000))
    assert statuses(answer) == [200]


# --------------------------------------------------------------------------- hosts


@pytest.mark.parametrize("host", [b":abc", b"[::1]", b"localhost,evil.example", b"",
                                  b"evil.example", b"localhost:99999"])
def test_a_bad_host_header_is_a_400_on_the_real_server(server, host):
    answer = server.exchange(get("/ai-whitepaper-2023/", host=host))
    assert statuses(answer) == [400]


def test_connect_is_a_400_or_405_never_a_500(server):
    answer = server.exchange(b"CONNECT localhost:443 HTTP/1.1\r\nHost: localhost:443\r\n"
                             b"Connection: close\r\n\r\n")
    [status] = statuses(answer)
    assert status in (400, 404, 405)


# --------------------------------------------------------------------------- the process


def test_no_control_socket_is_shared_between_instances(server):
    assert not (server.home / ".gunicorn").exists()


def test_a_replacement_worker_opens_the_current_build_before_serving(server):
    """Killed after a rebuild, a worker is forked again from the master, which opened
    the old build: the new worker opens the current one before its first request."""
    new_build = build_index(server.corpus, server.index).path.name
    before = server.output()
    [worker] = [int(line.split()[-1]) for line in before.splitlines()
                if "Booting worker with pid:" in line][-1:]
    os.kill(worker, signal.SIGKILL)
    deadline = time.monotonic() + 60
    while "Booting worker with pid:" not in server.output()[len(before):]:
        assert time.monotonic() < deadline, server.output()
        time.sleep(0.2)
    booted = server.output()[len(before):]
    replacement = int(booted.split("Booting worker with pid:")[1].split()[0])
    while f"worker {replacement}: serving index build" not in server.output():
        assert time.monotonic() < deadline, server.output()
        time.sleep(0.2)
    assert f"worker {replacement}: serving index build {new_build}" in server.output()


def test_the_readme_says_what_the_app_enforces_and_what_the_proxy_must():
    from search.web.limits import MAX_TARGET_BYTES, max_body_bytes
    from search.worker import HEADER_TIMEOUT, MAX_CONNECTIONS, MAX_HEADER_BYTES

    deploying = (ROOT / "README.md").read_text(encoding="utf-8").split("## Deploying")[1]
    for said in (f"{MAX_CONNECTIONS} open connections", f"within {HEADER_TIMEOUT:.0f} s",
                 f"at most {MAX_HEADER_BYTES // 1024} KB while incomplete",
                 f"at most {MAX_TARGET_BYTES // 1024} KB (414)",
                 f"over {max_body_bytes() // 1024} KB is a 413",
                 "client_header_timeout", "client_body_timeout", "client_max_body_size",
                 "proxy_buffering on", "limit_conn", "One request at a time per process"):
        assert said in deploying, said
