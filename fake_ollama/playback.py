"""Playing a script on the wire: ndjson streams, and the faults a script asks for.

A scripted fault fails at once (an HTTP error or a hang-up before any reply) or breaks a stream
after N chunks (an `{"error": …}` line, as Ollama sends when a model fails mid-answer, or a cut
connection); a dripping script waits before every chunk after the first.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from http import HTTPStatus

from .scripts import Script
from .transport import Handler
from .wire import JSON
from .wire import dumps

DEFAULT_ERRORS = {
    500: "llama runner process has terminated: exit status 2",
    503: "server busy, please try again.  maximum pending requests exceeded",
}


def default_error(status: int, model: str) -> str:
    """What Ollama says with this status when a script gives no error text."""
    if status == 404:
        return f"model '{model}' not found"
    if status in DEFAULT_ERRORS:
        return DEFAULT_ERRORS[status]
    try:
        return HTTPStatus(status).phrase.lower()
    except ValueError:
        return "error"


class PlaybackHandler(Handler):
    """Streams replies line by line and plays the faults of a script."""

    def _line(self, obj: object) -> None:
        data = dumps(obj) + b"\n"
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))

    def _stream(
        self,
        chunks: Iterable[JSON],
        final: JSON,
        script: Script | None,
        error: str,
        on_complete: Callable[[], None] | None = None,
        *,
        gap: float | None = None,
    ) -> None:
        """Send ndjson lines, `gap` seconds apart; a script may break the stream after N chunks."""
        fail_at = script.stream_error_after if script else None
        if script and fail_at == 0 and not script.drop_connection:
            self._error(script.status or 500, error)  # nothing written yet: a plain HTTP error
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        if gap is None:
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
        self._error(status, script.error or default_error(status, model))
        return True
