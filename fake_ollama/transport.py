"""The HTTP side of the fake: a threading server and the request plumbing Ollama's routes share.

HTTP/1.1 with keep-alive, no Nagle delay, a Date header and no Server header, as Go's net/http
answers; every request is recorded before it is routed, so a test sees even the rejected ones.
"""

from __future__ import annotations

import contextlib
import logging
import socket
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from typing import TYPE_CHECKING
from typing import Any
from typing import ClassVar
from urllib.parse import urlsplit

from .scripts import RecordedRequest
from .wire import dumps
from .wire import parse_body

if TYPE_CHECKING:
    from .server import FakeOllama

logger = logging.getLogger(__name__)

# path -> (allowed methods, handler method name, whether the route reads a JSON body)
Routes = dict[str, tuple[frozenset[str], str, bool]]


class HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], fake: FakeOllama, handler: type[Handler]) -> None:
        self.fake = fake
        super().__init__(address, handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Cut connections are part of the simulation, not news for stderr."""
        logger.debug("fake Ollama: error while handling %s", client_address, exc_info=True)


class Handler(BaseHTTPRequestHandler):
    """One client connection: reads, records and routes requests, and writes plain replies."""

    protocol_version = "HTTP/1.1"
    server: HTTPServer
    routes: ClassVar[Routes] = {}

    # Like Ollama's Go server: no Nagle delay, so each streamed line leaves at once.
    disable_nagle_algorithm = True

    def setup(self) -> None:
        super().setup()
        self.server.fake._track(self.connection, add=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.fake._track(self.connection, add=False)

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("fake Ollama: " + format, *args)

    def send_response(self, code: int, message: str | None = None) -> None:
        """As Go's net/http does: a Date header and no Server header."""
        self.log_request(code)
        self.send_response_only(code, message)
        self.send_header("Date", self.date_time_string())

    def do_GET(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        path = urlsplit(self.path).path
        raw = self._read_body()
        body, problem = parse_body(raw)
        headers = {k.lower(): v for k, v in self.headers.items()}
        self.server.fake._record(RecordedRequest(self.command, path, body, headers))
        route = self.routes.get(path)
        try:
            if route is None:
                self._text(404, "404 page not found")
            elif self.command not in route[0]:
                self._text(405, "405 method not allowed")
            elif route[2] and problem:
                self._error(400, problem)
            else:
                getattr(self, route[1])(body or {})
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            self.close_connection = True

    # --- plumbing ---------------------------------------------------------------------------------

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            parts = []
            while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                parts.append(self.rfile.read(size))
                self.rfile.readline()
            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                pass
            return b"".join(parts)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, obj: object) -> None:
        self._send(status, dumps(obj), "application/json; charset=utf-8")

    def _text(self, status: int, text: str) -> None:
        self._send(status, text.encode(), "text/plain; charset=utf-8")

    def _error(self, status: int, message: str) -> None:
        self._json(status, {"error": message})

    def _hang_up(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)
