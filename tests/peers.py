"""Peers the service talks to, run as real local servers inside the tests: an SMS gateway and a mail server."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller


@contextmanager
def _serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """An HTTP server on a free local port, in a thread, for as long as the block runs; yields its address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class SmsGateway:
    """A brand-name SMS gateway: records each message it takes; answers the scripted statuses first, then 200."""

    answers: list[int] = field(default_factory=list)
    delay: float = 0.0  # seconds before answering, to hold a sender in the middle of a send
    received: list[dict[str, Any]] = field(default_factory=list)
    hits: int = 0
    url: str = ""

    def codes_for(self, phone: str) -> list[str]:
        return [m["message"] for m in self.received if m["to"] == phone]


@contextmanager
def sms_gateway(answers: list[int] | None = None, delay: float = 0.0) -> Iterator[SmsGateway]:
    gateway = SmsGateway(list(answers or []), delay)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            time.sleep(gateway.delay)
            with lock:
                gateway.hits += 1
                status = gateway.answers.pop(0) if gateway.answers else 200
                if status == 200:
                    gateway.received.append(body)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("X-Message-Id", f"gw-{gateway.hits}")
            self.end_headers()
            self.wfile.write(b'{"status": "accepted"}' if status == 200 else b'{"error": "scripted"}')

        def log_message(self, *args: object) -> None:
            pass

    with _serving(Handler) as address:
        gateway.url = f"{address}/sms"
        yield gateway


class _Mailbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


@contextmanager
def mail_server() -> Iterator[tuple[str, list[Message]]]:
    """An SMTP server (aiosmtpd) on a free local port; yields its smtp:// URL and the messages it took."""
    mailbox = _Mailbox()
    with socket.socket() as probe:  # a free port: the controller needs one it can name
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{controller.port}", mailbox.messages
    finally:
        controller.stop()


@dataclass
class AgencyReceiver:
    """An agency system's webhook receiver: checks each POST's signature against the secrets it holds."""

    secrets: list[str] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)  # scripted statuses, then 200
    hang: float = 0.0  # seconds to wait before answering: longer than the sender's timeout = never answers
    received: list[tuple[dict[str, str], bytes, bool]] = field(default_factory=list)  # headers, body, verified
    url: str = ""


@contextmanager
def agency_receiver(answers: list[int] | None = None, hang: float = 0.0) -> Iterator[AgencyReceiver]:
    from postal_service.domain.webhooks import verify

    receiver = AgencyReceiver(answers=list(answers or []), hang=hang)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            headers = {k: v for k, v in self.headers.items()}
            # the tests sign on a simulated clock: freshness is the unit tests' (test_webhook_signatures.py)
            stamp, ever = int(time.time()), 10**10
            signed = any(
                verify(s.encode(), headers.get("X-Signature", ""), body, stamp, ever) for s in receiver.secrets
            )
            with lock:
                receiver.received.append((headers, body, signed))
                status = receiver.answers.pop(0) if receiver.answers else 200
            time.sleep(receiver.hang)
            try:
                self.send_response(status)
                self.end_headers()
            except OSError:
                pass  # the sender gave up waiting

        def log_message(self, *args: object) -> None:
            pass

    with _serving(Handler) as address:
        receiver.url = f"{address}/postal-events"
        yield receiver
