"""A real HTTP server that speaks Ollama's REST API, for the test suite and the offline demo.

Why a server and not a mock: the app reaches Ollama through the official client from web
processes and from Celery workers in other processes, and only a real socket exercises timeouts,
streaming, refused connections and the client's own parsing. Shapes and error texts follow
Ollama 0.12 (`server/routes.go`): HTTP/1.1, ndjson streamed in chunks, `{"error": …}` bodies,
and an `{"error": …}` line when a stream fails after it started.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import errno
import hashlib
import json
import logging
import re
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from . import replies

logger = logging.getLogger(__name__)

JSON = dict[str, Any]
VERSION = "0.12.0"
ENDPOINTS = ("chat", "generate", "pull")
IMAGE_TOKENS = 768  # what a vision model spends on one downscaled photo
STREAM_ERROR = "an error was encountered while running the model: unexpected EOF"
PULL_ERROR = "pull model manifest: file does not exist"
NO_VISION = "this model is missing data required for image input"
DEFAULT_ERRORS = {
    500: "llama runner process has terminated: exit status 2",
    503: "server busy, please try again.  maximum pending requests exceeded",
}


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server received it, for tests to assert on."""

    method: str
    path: str
    json: JSON | None
    headers: dict[str, str]
    received_at: float = field(default_factory=time.time)

    @property
    def model(self) -> str | None:
        value = (self.json or {}).get("model")
        return value if isinstance(value, str) else None


@dataclass(frozen=True)
class Script:
    """One scripted reply, consumed by the next matching request."""

    endpoint: str
    content: str | None = None
    status: int | None = None
    error: str | None = None
    delay: float = 0.0
    chunk_delay: float = 0.0
    done_reason: str = "stop"
    stream_error_after: int | None = None
    drop_connection: bool = False
    model: str | None = None

    @property
    def fails_at_once(self) -> bool:
        """An HTTP error (or a hang-up) instead of any reply, rather than a broken stream."""
        if self.stream_error_after is not None:
            return False
        return self.drop_connection or self.status is not None or self.error is not None


class FakeOllama:
    """A scriptable stand-in for `ollama serve`, listening on a real port.

    Unscripted chat/generate requests get the canned replies of `replies.py`; `script()` queues
    one-shot replies (errors, slow answers, broken streams, hang-ups) consumed in order.
    """

    def __init__(
        self,
        *,
        models: Iterable[str] = ("qwen2.5vl:7b", "mistral"),
        host: str = "127.0.0.1",
        port: int = 0,
        vision_models: Iterable[str] | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self._initial_models = tuple(models)
        self.models: set[str] = set(self._initial_models)
        self.default_delay: float = 0.0
        self._vision = None if vision_models is None else set(map(_canon, vision_models))
        self._lock = threading.Condition(threading.RLock())
        self._requests: list[RecordedRequest] = []
        self._scripts: deque[Script] = deque()
        self._loaded: dict[str, datetime] = {}
        self._installed_at: dict[str, datetime] = {}
        self._born = _now()
        self._connections: set[socket.socket] = set()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._started = False
        self._interrupt = threading.Event()

    # --- life cycle -----------------------------------------------------------------------------

    def start(self) -> FakeOllama:
        self._started = True
        self.come_back()
        return self

    def stop(self) -> None:
        self._started = False
        self.go_down()

    def __enter__(self) -> FakeOllama:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.host in ("", "0.0.0.0") else self.host
        return f"http://{host}:{self.port}"

    @property
    def is_up(self) -> bool:
        return self._httpd is not None

    def go_down(self) -> None:
        """Stop as a crashed Ollama would: refuse new connections and cut the open ones."""
        with self._lock:
            httpd, thread = self._httpd, self._thread
            self._httpd = self._thread = None
            connections = list(self._connections)
        if httpd is None:
            return
        self._interrupt.set()
        httpd.shutdown()
        httpd.server_close()
        if thread is not None:
            thread.join(timeout=5)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)

    def come_back(self) -> None:
        """Listen again on the same port, so clients configured with `url` recover."""
        if self._httpd is not None:
            return
        self._interrupt.clear()
        deadline = time.monotonic() + 5
        while True:
            try:
                httpd = _HTTPServer((self.host, self.port), self)
                break
            except OSError as exc:
                if exc.errno != errno.EADDRINUSE or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self.port = httpd.server_address[1]
        thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"fake-ollama-{self.port}",
            daemon=True,
        )
        with self._lock:
            self._httpd, self._thread = httpd, thread
        thread.start()

    @contextlib.contextmanager
    def down(self) -> Iterator[FakeOllama]:
        """`with fake.down():` Ollama is unreachable inside the block and back after it."""
        self.go_down()
        try:
            yield self
        finally:
            self.come_back()

    def reset(self) -> None:
        """Forget scripts, requests, loaded models and delays; reinstall the initial models."""
        with self._lock:
            self._scripts.clear()
            self._requests.clear()
            self._loaded.clear()
            self._installed_at.clear()
            self.models.clear()
            self.models.update(self._initial_models)
            self.default_delay = 0.0
        if self._started:
            self.come_back()

    # --- scripting ------------------------------------------------------------------------------

    def script(
        self,
        endpoint: str = "chat",
        *,
        content: str | None = None,
        status: int | None = None,
        error: str | None = None,
        delay: float = 0.0,
        chunk_delay: float = 0.0,
        done_reason: str = "stop",
        stream_error_after: int | None = None,
        drop_connection: bool = False,
        model: str | None = None,
    ) -> None:
        """Queue one reply for the next `endpoint` request (for `model`, if given).

        `content` replaces the default reply verbatim (it may be invalid JSON on purpose);
        `status`/`error` make an HTTP error reply; `stream_error_after=N` sends N chunks and
        then an `{"error": …}` line (N=0 fails before the stream starts, as Ollama does, and a
        non-streaming request gets a 500); `drop_connection` hangs up without answering, or
        after N chunks together with `stream_error_after`; `delay` is a wait before the first
        byte; `chunk_delay` is a wait before every further streamed chunk (a model that drips,
        each gap shorter than the client's read timeout). A script is used up even if its
        request then fails for another reason.
        """
        if endpoint not in ENDPOINTS:
            raise ValueError(f"endpoint must be one of {ENDPOINTS}, not {endpoint!r}")
        with self._lock:
            self._scripts.append(
                Script(
                    endpoint=endpoint,
                    content=content,
                    status=status,
                    error=error,
                    delay=delay,
                    chunk_delay=chunk_delay,
                    done_reason=done_reason,
                    stream_error_after=stream_error_after,
                    drop_connection=drop_connection,
                    model=model,
                )
            )

    @property
    def pending_scripts(self) -> int:
        with self._lock:
            return len(self._scripts)

    # --- what was asked -------------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """A snapshot of every request received so far, oldest first."""
        with self._lock:
            return list(self._requests)

    def requests_to(self, path: str) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self._requests if r.path == path]

    def wait_for_requests(
        self, path: str, *, count: int = 1, timeout: float = 5.0
    ) -> list[RecordedRequest]:
        """Block until `count` requests reached `path` (from any process); return them."""
        with self._lock:
            if not self._lock.wait_for(lambda: len(self.requests_to(path)) >= count, timeout):
                seen = len(self.requests_to(path))
                raise TimeoutError(f"{seen} of {count} requests to {path} within {timeout} s")
            return self.requests_to(path)

    # --- state the request handler reads and changes --------------------------------------------

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)
            self._lock.notify_all()

    def _track(self, conn: socket.socket, *, add: bool) -> None:
        with self._lock:
            (self._connections.add if add else self._connections.discard)(conn)

    def _sleep(self, seconds: float) -> bool:
        """Wait, but wake at once when the server goes down; True if it did."""
        return seconds > 0 and self._interrupt.wait(seconds)

    def _take_script(self, endpoint: str, model: str) -> Script | None:
        with self._lock:
            for script in self._scripts:
                if script.endpoint == endpoint and (
                    script.model is None or _canon(script.model) == _canon(model)
                ):
                    self._scripts.remove(script)
                    return script
        return None

    def _installed(self, model: str) -> bool:
        with self._lock:
            return _canon(model) in {_canon(m) for m in self.models}

    def _info(self, model: str) -> replies.ModelInfo:
        name = _canon(model)
        vision = None if self._vision is None else name in self._vision
        return replies.model_info(name, vision=vision)

    def _install(self, model: str) -> None:
        with self._lock:
            if not self._installed(model):
                self.models.add(model)
            self._installed_at[_canon(model)] = _now()

    def _uninstall(self, model: str) -> None:
        with self._lock:
            for name in [m for m in self.models if _canon(m) == _canon(model)]:
                self.models.discard(name)
            self._loaded.pop(_canon(model), None)

    def _installed_models(self) -> list[tuple[replies.ModelInfo, datetime]]:
        with self._lock:
            names = {_canon(m) for m in self.models}
            found = [(self._info(n), self._installed_at.get(n, self._born)) for n in names]
        return sorted(found, key=lambda pair: (pair[1], pair[0].name), reverse=True)

    def _use(self, model: str, keep_alive: object) -> bool:
        """Load a model for `keep_alive` (0 unloads it); True if it was loaded already."""
        seconds = _seconds(keep_alive)
        now = _now()
        with self._lock:
            was_loaded = self._loaded.get(_canon(model), now) > now
            if seconds == 0:
                self._loaded.pop(_canon(model), None)
            else:
                alive = timedelta(days=3650) if seconds is not None and seconds < 0 else None
                self._loaded[_canon(model)] = now + (alive or timedelta(seconds=seconds or 300))
        return was_loaded

    def _loaded_models(self) -> list[tuple[replies.ModelInfo, datetime]]:
        now = _now()
        with self._lock:
            alive = [(self._info(n), until) for n, until in self._loaded.items() if until > now]
        return sorted(alive, key=lambda pair: pair[1], reverse=True)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], fake: FakeOllama) -> None:
        self.fake = fake
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Cut connections are part of the simulation, not news for stderr."""
        logger.debug("fake Ollama: error while handling %s", client_address, exc_info=True)


_ROUTES: dict[str, tuple[frozenset[str], str, bool]] = {
    "/": (frozenset({"GET", "HEAD"}), "_root", False),
    "/api/version": (frozenset({"GET", "HEAD"}), "_version", False),
    "/api/tags": (frozenset({"GET", "HEAD"}), "_tags", False),
    "/api/ps": (frozenset({"GET"}), "_ps", False),
    "/api/show": (frozenset({"POST"}), "_show", True),
    "/api/pull": (frozenset({"POST"}), "_pull", True),
    "/api/delete": (frozenset({"DELETE"}), "_delete", True),
    "/api/chat": (frozenset({"POST"}), "_chat", True),
    "/api/generate": (frozenset({"POST"}), "_generate", True),
}


class _Handler(BaseHTTPRequestHandler):
    """One client connection, answered with Ollama's routes, statuses and bodies."""

    protocol_version = "HTTP/1.1"
    server: _HTTPServer

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
        body, problem = _parse(raw)
        headers = {k.lower(): v for k, v in self.headers.items()}
        self.server.fake._record(RecordedRequest(self.command, path, body, headers))
        route = _ROUTES.get(path)
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
        self._send(status, _dumps(obj), "application/json; charset=utf-8")

    def _text(self, status: int, text: str) -> None:
        self._send(status, text.encode(), "text/plain; charset=utf-8")

    def _error(self, status: int, message: str) -> None:
        self._json(status, {"error": message})

    def _hang_up(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _line(self, obj: object) -> None:
        data = _dumps(obj) + b"\n"
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))

    def _stream(
        self,
        chunks: Iterable[JSON],
        final: JSON,
        script: Script | None,
        error: str,
        on_complete: Callable[[], None] | None = None,
    ) -> None:
        """Send ndjson lines; a script may break the stream after N chunks."""
        fail_at = script.stream_error_after if script else None
        if script and fail_at == 0 and not script.drop_connection:
            self._error(script.status or 500, error)  # nothing written yet: a plain HTTP error
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        gap = script.chunk_delay if script else 0.0
        for sent, chunk in enumerate(chunks):
            if fail_at is not None and sent >= fail_at:
                break
            if sent and self.server.fake._sleep(gap):
                self._hang_up()  # the server went down mid-drip
                return
            self._line(chunk)
        if script and fail_at is not None:
            if script.drop_connection:
                self._hang_up()
                return
            self._line({"error": error})
        else:
            if on_complete is not None:
                on_complete()
            self._line(final)
        self.wfile.write(b"0\r\n\r\n")

    def _failed_at_once(self, script: Script | None, delay: float, model: str) -> bool:
        """Play a script that fails before any reply; True if it did."""
        if script is None or not script.fails_at_once:
            return False
        if self.server.fake._sleep(delay) or script.drop_connection:
            self._hang_up()
            return True
        status = script.status or 500
        self._error(status, script.error or _default_error(status, model))
        return True

    # --- routes -----------------------------------------------------------------------------------

    def _root(self, _: JSON) -> None:
        self._text(200, "Ollama is running")

    def _version(self, _: JSON) -> None:
        self._json(200, {"version": VERSION})

    def _tags(self, _: JSON) -> None:
        models = [
            {
                "name": info.name,
                "model": info.name,
                "modified_at": timestamp(installed_at),
                "size": info.size,
                "digest": info.digest,
                "details": info.details(),
            }
            for info, installed_at in self.server.fake._installed_models()
        ]
        self._json(200, {"models": models})

    def _ps(self, _: JSON) -> None:
        models = [
            {
                "name": info.name,
                "model": info.name,
                "size": info.size,
                "digest": info.digest,
                "details": info.details(),
                "expires_at": timestamp(until),
                "size_vram": info.size,
                "context_length": 4096,
            }
            for info, until in self.server.fake._loaded_models()
        ]
        self._json(200, {"models": models})

    def _show(self, body: JSON) -> None:
        model = body.get("model") or body.get("name")
        if not isinstance(model, str) or not model:
            self._error(400, "model is required")
            return
        if not self.server.fake._installed(model):
            self._error(404, f"model '{model}' not found")
            return
        info = self.server.fake._info(model)
        blob = f"/root/.ollama/models/blobs/sha256-{info.digest}"
        self._json(
            200,
            {
                "license": "Apache License 2.0",
                "modelfile": (
                    '# Modelfile generated by "ollama show"\n'
                    f"# To build a new Modelfile based on this, replace FROM with:\n"
                    f"# FROM {info.name}\n\nFROM {blob}\n"
                    'TEMPLATE """{{ .Prompt }}"""\nPARAMETER temperature 0.7\n'
                ),
                "parameters": "temperature                    0.7",
                "template": "{{ .Prompt }}",
                "details": info.details(),
                "model_info": {
                    "general.architecture": info.family,
                    "general.parameter_count": info.parameter_count,
                    f"{info.family}.context_length": 32768,
                },
                "capabilities": info.capabilities,
                "modified_at": timestamp(),
            },
        )

    def _delete(self, body: JSON) -> None:
        model = body.get("model") or body.get("name")
        if not isinstance(model, str) or not model:
            self._error(400, 'name "" is invalid')
        elif not self.server.fake._installed(model):
            self._error(404, f"model '{model}' not found")
        else:
            self.server.fake._uninstall(model)
            self._send(200, b"", "text/plain; charset=utf-8")

    def _pull(self, body: JSON) -> None:
        fake = self.server.fake
        model = body.get("model") or body.get("name")
        if not isinstance(model, str) or not model:
            self._error(400, "invalid model name")
            return
        script = fake._take_script("pull", model)
        delay = fake.default_delay + (script.delay if script else 0.0)
        if self._failed_at_once(script, delay, model):
            return
        error = (script.error if script else None) or PULL_ERROR
        if body.get("stream") is not False:
            lines = _pull_progress(fake._info(model))
            self._stream(lines, {"status": "success"}, script, error, lambda: fake._install(model))
        elif script and script.stream_error_after is not None:
            self._error(script.status or 500, error)
        else:
            fake._install(model)
            self._json(200, {"status": "success"})

    def _chat(self, body: JSON) -> None:
        self._infer("chat", body)

    def _generate(self, body: JSON) -> None:
        self._infer("generate", body)

    def _infer(self, endpoint: str, body: JSON) -> None:
        fake = self.server.fake
        model = body.get("model")
        if not isinstance(model, str) or not model.strip():
            self._error(400, "model is required")
            return
        images = _all_images(endpoint, body)
        if problem := _bad_base64(images):
            self._error(400, problem)
            return
        script = fake._take_script(endpoint, model)
        delay = fake.default_delay + (script.delay if script else 0.0)
        if self._failed_at_once(script, delay, model):
            return
        if not fake._installed(model):
            self._error(404, f"model '{model}' not found")
            return
        if body.get("think") is True:
            self._error(400, f'"{model}" does not support thinking')
            return
        if images and not fake._info(model).vision:
            self._error(500, NO_VISION)
            return
        chat = endpoint == "chat"
        if not (body.get("messages") if chat else body.get("prompt")):
            # An empty request only loads (or, with keep_alive 0, unloads) the model.
            unload = _seconds(body.get("keep_alive")) == 0
            fake._use(model, body.get("keep_alive"))
            reason = "unload" if unload else "load"
            self._json(200, _frame(chat, model, "") | {"done": True, "done_reason": reason})
            return
        if script and script.content is not None:
            content = script.content
        else:
            content = replies.default_reply(endpoint, body)
        started = time.monotonic()
        if fake._sleep(delay):
            self._hang_up()
            return
        was_loaded = fake._use(model, body.get("keep_alive"))
        pieces = replies.split_tokens(content)
        final = _frame(chat, model, "") | {
            "done": True,
            "done_reason": script.done_reason if script else "stop",
            **_metrics(
                prompt=_prompt_tokens(endpoint, body, len(images)),
                output=max(1, len(pieces)),
                waited_ns=int((time.monotonic() - started) * 1e9),
                was_loaded=was_loaded,
            ),
        }
        if not chat:
            final["context"] = list(range(1, 1 + min(32, final["prompt_eval_count"])))
        error = (script.error if script else None) or STREAM_ERROR
        if body.get("stream") is not False:
            chunks = (_frame(chat, model, piece) | {"done": False} for piece in pieces)
            self._stream(chunks, final, script, error)
        elif script and script.stream_error_after is not None:
            if script.drop_connection:
                self._hang_up()
            else:
                self._error(script.status or 500, error)
        else:
            said: dict[str, Any] = (
                {"message": {"role": "assistant", "content": content}}
                if chat
                else {"response": content}
            )
            self._json(200, final | said)


# --- helpers ------------------------------------------------------------------------------------


def _canon(name: str) -> str:
    return replies.canonical_name(name)


def _now() -> datetime:
    return datetime.now(UTC)


def timestamp(moment: datetime | None = None) -> str:
    """An RFC 3339 UTC time, as Ollama writes `created_at`."""
    return (moment or _now()).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _dumps(obj: object) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()


def _parse(raw: bytes) -> tuple[JSON | None, str | None]:
    """The JSON body, or the error text Ollama's request binding gives for it."""
    text = raw.decode("utf-8", errors="replace")
    if not text.strip():
        return None, "missing request body"
    try:
        body = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()):
            return None, "unexpected EOF"
        return None, f"invalid character '{text[exc.pos]}' looking for beginning of value"
    if not isinstance(body, dict):
        return None, f"json: cannot unmarshal {type(body).__name__} into Go value"
    return body, None


def _default_error(status: int, model: str) -> str:
    if status == 404:
        return f"model '{model}' not found"
    if status in DEFAULT_ERRORS:
        return DEFAULT_ERRORS[status]
    try:
        return HTTPStatus(status).phrase.lower()
    except ValueError:
        return "error"


_UNITS = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}


def _seconds(value: object) -> float | None:
    """`keep_alive` in seconds: a number of seconds or a Go duration ("5m", "1h30m", "-1")."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    with contextlib.suppress(ValueError):
        return float(str(value))
    parts = re.findall(r"(-?\d+(?:\.\d+)?)(ms|h|m|s)", str(value))
    return sum(float(n) * _UNITS[u] for n, u in parts) if parts else None


def _frame(chat: bool, model: str, piece: str) -> JSON:
    said = {"message": {"role": "assistant", "content": piece}} if chat else {"response": piece}
    return {"model": model, "created_at": timestamp(), **said}


def _all_images(endpoint: str, body: JSON) -> list[Any]:
    if endpoint == "generate":
        return list(body.get("images") or [])
    messages = body.get("messages") or []
    return [i for m in messages if isinstance(m, dict) for i in (m.get("images") or [])]


_B64 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")


def _bad_base64(images: list[Any]) -> str | None:
    for image in images:
        if not isinstance(image, str):
            return "json: cannot unmarshal value into Go struct field of type api.ImageData"
        try:
            base64.b64decode(image, validate=True)
        except (binascii.Error, ValueError):
            at = next((i for i, ch in enumerate(image) if ch not in _B64), len(image))
            return f"illegal base64 data at input byte {at}"
    return None


def _prompt_tokens(endpoint: str, body: JSON, images: int) -> int:
    if endpoint == "generate":
        text = f"{body.get('system') or ''}\n{body.get('prompt') or ''}"
        return replies.count_tokens(text) + 8 + IMAGE_TOKENS * images
    messages = [m for m in body.get("messages") or [] if isinstance(m, dict)]
    words = sum(replies.count_tokens(str(m.get("content") or "")) + 4 for m in messages)
    return words + IMAGE_TOKENS * images


def _metrics(*, prompt: int, output: int, waited_ns: int, was_loaded: bool) -> JSON:
    """Durations of a 7B model on a modest GPU: about 50 tokens/s, a cold load of ~2 s."""
    load = waited_ns + (15_000_000 if was_loaded else 1_800_000_000)
    prompt_eval = prompt * 400_000
    evaluation = output * 20_000_000
    return {
        "total_duration": load + prompt_eval + evaluation + 5_000_000,
        "load_duration": load,
        "prompt_eval_count": prompt,
        "prompt_eval_duration": prompt_eval,
        "eval_count": output,
        "eval_duration": evaluation,
    }


def _pull_progress(info: replies.ModelInfo) -> list[JSON]:
    params = hashlib.sha256(f"{info.digest}/params".encode()).hexdigest()
    lines: list[JSON] = [{"status": "pulling manifest"}]
    for digest, total in ((info.digest, info.size), (params, 567)):
        for completed in (0, total // 2, total):
            line = {"status": f"pulling {digest[:12]}", "digest": f"sha256:{digest}"}
            lines.append(line | {"total": total} | ({"completed": completed} if completed else {}))
    return [*lines, {"status": "verifying sha256 digest"}, {"status": "writing manifest"}]
