"""Django under uvicorn (``web.wsgi_on_loop``): a complete request goes to Django as WSGI
sees it, and its response comes back whole."""

from __future__ import annotations

import asyncio
import threading

from search.web.wsgi_on_loop import WSGIOnLoop, environ


def scope(**extra) -> dict:
    return {"type": "http", "method": "GET", "path": "/搜索/", "root_path": "",
            "query_string": b"q=%E8%8A%AF&kind=policy", "http_version": "1.1",
            "scheme": "https", "server": ("127.0.0.1", 8000), "client": ("10.0.0.9", 5123),
            "headers": [(b"host", b"localhost"), (b"accept", b"text/html"),
                        (b"accept", b"application/json"), (b"content-type", b"text/plain"),
                        (b"content-length", b"4"), (b"x_forwarded_for", b"1.2.3.4")],
            **extra}


def test_the_environ_is_pep_3333s():
    env = environ(scope(), b"q=AI")
    assert env["PATH_INFO"] == "/搜索/".encode().decode("latin-1")  # bytes as Latin-1
    assert env["QUERY_STRING"] == "q=%E8%8A%AF&kind=policy"
    assert env["REQUEST_METHOD"] == "GET" and env["wsgi.url_scheme"] == "https"
    assert (env["SERVER_NAME"], env["SERVER_PORT"]) == ("127.0.0.1", "8000")
    assert env["REMOTE_ADDR"] == "10.0.0.9"
    assert env["HTTP_ACCEPT"] == "text/html,application/json"  # repeated headers joined
    assert (env["CONTENT_TYPE"], env["CONTENT_LENGTH"]) == ("text/plain", "4")
    assert env["wsgi.input"].read() == b"q=AI"


def test_a_header_with_an_underscore_cannot_pass_for_one_with_a_dash():
    env = environ(scope(), b"")
    assert "HTTP_X_FORWARDED_FOR" not in env


def test_a_mounted_path_is_split_into_script_name_and_path_info():
    env = environ(scope(path="/search/api/search", root_path="/search"), b"")
    assert (env["SCRIPT_NAME"], env["PATH_INFO"]) == ("/search", "/api/search")


def test_the_response_comes_back_whole_and_the_iterable_is_closed():
    closed = []

    class Body:
        def __iter__(self):
            yield b"one "
            yield b"two"

        def close(self):
            closed.append(True)

    def app(env, start_response):
        write = start_response("201 Created", [("Content-Type", "text/plain"),
                                               ("X-Body-Read", env["wsgi.input"].read().decode())])
        write(b"")
        return Body()

    sent = []

    async def serve():
        messages = [{"type": "http.request", "body": b"ab", "more_body": True},
                    {"type": "http.request", "body": b"cd"}]

        async def receive():
            return messages.pop(0)

        async def send(message):
            sent.append(message)

        await WSGIOnLoop(app)(scope(), receive, send)

    # a thread of its own: the browser tests leave an event loop running in this one
    runner = threading.Thread(target=asyncio.run, args=(serve(),))
    runner.start()
    runner.join(timeout=30)
    start, body = sent
    assert start["status"] == 201
    assert (b"content-type", b"text/plain") in start["headers"]
    assert (b"x-body-read", b"abcd") in start["headers"]
    assert body == {"type": "http.response.body", "body": b"one two"}
    assert closed == [True]
