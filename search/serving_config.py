"""gunicorn's settings for ``make run`` and the benchmarks (``-c python:search.serving_config``);
the command line may add ``--bind`` and ``--workers``."""

import multiprocessing

wsgi_app = "search.asgi:application"
worker_class = "search.worker.Worker"
workers = multiprocessing.cpu_count()
preload_app = True  # warm up (open the index, load jieba) once, before forking
timeout = 30
graceful_timeout = 10
keepalive = 5
accesslog = "-"
