"""gunicorn's settings for ``make run`` and the benchmarks (``-c python:search.serving_config``);
the command line may add ``--bind`` and ``--workers``. What each bound is for, and what the
reverse proxy in front must add: README, Deploying."""

import multiprocessing

wsgi_app = "search.asgi:application"
worker_class = "search.worker.Worker"  # read timeouts and connection caps: search/worker.py
workers = multiprocessing.cpu_count()
preload_app = True  # warm up (open the index, load jieba) once, before forking
timeout = 30
graceful_timeout = 10
keepalive = 5  # uvicorn's timeout_keep_alive: an idle connection closes after 5 s
limit_request_line = 8190  # gunicorn's own parser only (a sync-worker run); uvicorn's
limit_request_field_size = 8190  # limits are in search/worker.py and search/web/limits.py
# gunicorn ≥ 25 opens a control socket at ~/.gunicorn/gunicorn.ctl by default, the same
# path for every instance of a user: a second instance took the first one's over, and
# stopping it deleted it (issue 19). Nothing here uses gunicornc: no control socket.
control_socket_disable = True
accesslog = "-"


def post_worker_init(worker) -> None:
    """A worker that replaces a killed one is forked from the master, which opened the
    index when it started: open the current build (a rebuild may have swapped one in
    since) and warm it up before the worker serves its first request (issue 19)."""
    from search.web.serving import warm_up

    warm_up(f"worker {worker.pid}")
