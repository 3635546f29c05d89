"""A real HTTP server that speaks Ollama's REST API, for the test suite and the offline demo.

Why a server and not a mock: the app reaches Ollama through the official client from web
processes and from Celery workers in other processes, and only a real socket exercises timeouts,
streaming, refused connections and the client's own parsing. Shapes and error texts follow
Ollama 0.12 (`server/routes.go`): HTTP/1.1, ndjson streamed in chunks, `{"error": …}` bodies,
and an `{"error": …}` line when a stream fails after it started.
"""

from __future__ import annotations

import contextlib
import errno
import socket
import threading
import time
from collections import deque
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping
from datetime import datetime
from datetime import timedelta

from .capacity import Capacity
from .catalogue import ModelInfo
from .catalogue import canonical_name
from .catalogue import model_info
from .endpoints import OllamaHandler
from .scripts import ENDPOINTS
from .scripts import RecordedRequest
from .scripts import Script
from .transport import HTTPServer
from .wire import keep_alive_seconds
from .wire import utc_now

__all__ = ["ENDPOINTS", "FakeOllama", "RecordedRequest", "Script"]


class FakeOllama:
    """A scriptable stand-in for `ollama serve`, listening on a real port.

    Unscripted chat/generate requests get the canned replies of `fake_ollama.replies`; `script()`
    queues one-shot replies (errors, slow answers, broken streams, hang-ups) consumed in order.
    `num_parallel` refuses calls beyond N in flight per model with Ollama's 503, and
    `reply_seconds` (model → seconds) streams that model's replies over that time
    (`fake_ollama.capacity`).
    """

    def __init__(
        self,
        *,
        models: Iterable[str] = ("qwen2.5vl:7b", "mistral"),
        host: str = "127.0.0.1",
        port: int = 0,
        vision_models: Iterable[str] | None = None,
        num_parallel: int | None = None,
        reply_seconds: Mapping[str, float] | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self._initial_models = tuple(models)
        self.models: set[str] = set(self._initial_models)
        self.default_delay: float = 0.0
        self.capacity = Capacity(num_parallel=num_parallel, reply_seconds=reply_seconds)
        self._vision = None if vision_models is None else set(map(canonical_name, vision_models))
        self._lock = threading.Condition(threading.RLock())
        self._requests: list[RecordedRequest] = []
        self._scripts: deque[Script] = deque()
        self._loaded: dict[str, datetime] = {}
        self._installed_at: dict[str, datetime] = {}
        self._born = utc_now()
        self._connections: set[socket.socket] = set()
        self._httpd: HTTPServer | None = None
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
                httpd = HTTPServer((self.host, self.port), self, OllamaHandler)
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
        self.capacity.reset()
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
                    script.model is None or canonical_name(script.model) == canonical_name(model)
                ):
                    self._scripts.remove(script)
                    return script
        return None

    def _installed(self, model: str) -> bool:
        with self._lock:
            return canonical_name(model) in {canonical_name(m) for m in self.models}

    def _info(self, model: str) -> ModelInfo:
        name = canonical_name(model)
        vision = None if self._vision is None else name in self._vision
        return model_info(name, vision=vision)

    def _install(self, model: str) -> None:
        with self._lock:
            if not self._installed(model):
                self.models.add(model)
            self._installed_at[canonical_name(model)] = utc_now()

    def _uninstall(self, model: str) -> None:
        with self._lock:
            for name in [m for m in self.models if canonical_name(m) == canonical_name(model)]:
                self.models.discard(name)
            self._loaded.pop(canonical_name(model), None)

    def _installed_models(self) -> list[tuple[ModelInfo, datetime]]:
        with self._lock:
            names = {canonical_name(m) for m in self.models}
            found = [(self._info(n), self._installed_at.get(n, self._born)) for n in names]
        return sorted(found, key=lambda pair: (pair[1], pair[0].name), reverse=True)

    def _use(self, model: str, keep_alive: object) -> bool:
        """Load a model for `keep_alive` (0 unloads it); True if it was loaded already."""
        seconds = keep_alive_seconds(keep_alive)
        now = utc_now()
        with self._lock:
            was_loaded = self._loaded.get(canonical_name(model), now) > now
            if seconds == 0:
                self._loaded.pop(canonical_name(model), None)
            else:
                alive = timedelta(days=3650) if seconds is not None and seconds < 0 else None
                self._loaded[canonical_name(model)] = now + (
                    alive or timedelta(seconds=seconds or 300)
                )
        return was_loaded

    def _loaded_models(self) -> list[tuple[ModelInfo, datetime]]:
        now = utc_now()
        with self._lock:
            alive = [(self._info(n), until) for n, until in self._loaded.items() if until > now]
        return sorted(alive, key=lambda pair: pair[1], reverse=True)
