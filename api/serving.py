"""The production server: gunicorn, one app (and one database engine) per worker process."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication

from postal_service import metrics
from postal_service.config import Settings

from .app import create_app


class PostalServer(BaseApplication):  # type: ignore[misc]
    """Gunicorn run from the CLI: the app is built in each worker after the fork, never shared across it."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return create_app(Settings())


THREADS = 4  # a worker keeps answering while one thread waits on the database


def worker_class(threads: int) -> str:
    """gunicorn's threaded workers, or its sync ones (a request at a time, no keep-alive) for one thread."""
    return "gthread" if threads > 1 else "sync"


def serve_with_gunicorn(host: str, port: int, workers: int, threads: int = THREADS) -> None:
    PostalServer(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "worker_class": worker_class(threads),
            "threads": threads,
            "timeout": 60,
            "limit_request_line": 8190,  # gunicorn's largest; longer request lines get its own plain 400
            "graceful_timeout": 20,
            "accesslog": None,  # the app writes its own JSON line per request, with personal data masked
            "preload_app": False,
            "child_exit": lambda _server, worker: metrics.process_ended(worker.pid),
        }
    ).run()
