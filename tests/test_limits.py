"""What a request may bring (issue 19), checked before Django reads it: the rules, and
both wrappers (the real server is in test_serving.py)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from search.web.limits import MAX_TARGET_BYTES, guard_asgi, guard_wsgi, max_body_bytes, refusal


@pytest.mark.parametrize(("target", "length", "chunked", "status"), [
    (20, None, False, None), (20, "0", False, None), (20, "65536", False, None),
    (20, "65537", False, 413), (20, "1000000000", False, 413), (20, "5", True, 400),
    (20, "-1", False, 400), (20, "1e9", False, 400), (MAX_TARGET_BYTES + 1, None, False, 414),
    (20, None, True, None)])
def test_the_rules(target, length, chunked, status):
    assert max_body_bytes() == 64 * 1024
    assert refusal(target, length, chunked) == status


def run_asgi(headers: list[tuple[bytes, bytes]], chunks: list[bytes], path: str = "/search/",
             read: list[bytes] | None = None) -> tuple[list[dict], bool]:
    """The guard around an app that reads the whole body as Django does: what was sent,
    and whether the app was called; the body the app read goes into ``read``."""
    sent: list[dict] = []
    called = False

    async def app(scope, receive, send):
        nonlocal called
        called = True
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            if read is not None:
                read.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    messages = [{"type": "http.request", "body": c, "more_body": i < len(chunks) - 1}
                for i, c in enumerate(chunks)]

    async def receive():
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": path, "raw_path": path.encode(),
             "query_string": b"", "headers": headers}
    # a loop of its own, in a thread: the browser tests leave one running in this one
    with ThreadPoolExecutor(1) as pool:
        async def request() -> None:
            await guard_asgi(app)(scope, receive, send)

        pool.submit(asyncio.run, request()).result()
    return sent, called


def test_asgi_a_large_declared_body_never_reaches_the_app():
    sent, called = run_asgi([(b"content-length", b"1000000000")], [b""])
    assert not called and sent[0]["status"] == 413
    assert (b"connection", b"close") in sent[0]["headers"]


def test_asgi_a_chunked_body_is_cut_off_past_the_limit_and_never_reaches_the_app():
    sent, called = run_asgi([(b"transfer-encoding", b"chunked")], [b"a" * 40_000] * 5)
    assert not called and [m["status"] for m in sent if "status" in m] == [413]


def test_asgi_a_body_within_the_limit_reaches_the_app_whole():
    read: list[bytes] = []
    sent, _ = run_asgi([(b"transfer-encoding", b"chunked")], [b"q=", b"AI"], read=read)
    assert b"".join(read) == b"q=AI" and sent[0]["status"] == 200


def test_asgi_a_small_body_goes_through():
    sent, _ = run_asgi([(b"content-length", b"4")], [b"q=AI"])
    assert sent[0]["status"] == 200


def test_asgi_smuggling_headers_are_a_400():
    sent, called = run_asgi([(b"content-length", b"4"), (b"transfer-encoding", b"chunked")],
                            [b""])
    assert not called and sent[0]["status"] == 400


def test_wsgi_the_same_rules():
    def app(environ, start_response):
        start_response("200 OK", [])
        return [b"ok"]

    statuses = []
    guarded = guard_wsgi(app)
    for environ in ({"CONTENT_LENGTH": "999999999"}, {"HTTP_TRANSFER_ENCODING": "chunked"},
                    {"QUERY_STRING": "q=" + "a" * 10_000}, {"CONTENT_LENGTH": "4"}):
        guarded({"PATH_INFO": "/search/", **environ},
                lambda status, headers: statuses.append(int(status[:3])))
    assert statuses == [413, 413, 414, 200]
