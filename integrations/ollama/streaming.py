"""Reading a streamed reply: within a deadline for the whole reply, with progress as it comes.

The caller's `on_progress` is handed a StreamProgress for every chunk and, while no chunk
comes, every IDLE_TICK_SECONDS: the text so far (for a caller that reads the JSON as it is
written), the tokens and characters received. A callback may raise StopReading to end the
call; the stream is then closed, so Ollama stops generating.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from collections.abc import Generator
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from integrations.ollama.errors import AITooSlow


@dataclass(frozen=True)
class ReplyStats:
    """What Ollama reports with the last chunk of a reply: why it stopped, the tokens of the
    prompt and of the reply, and the time it took (the names of the model-call log's columns)."""

    done_reason: str = ""
    prompt_eval_count: int | None = None
    eval_count: int | None = None
    load_duration_ms: int | None = None
    total_duration_ms: int | None = None


@dataclass
class Reply:
    content: str = ""
    stats: ReplyStats = field(default_factory=ReplyStats)


@dataclass
class StreamProgress:
    """What one streamed reply has brought so far."""

    attempt: int = 1  # which call of the gateway's repair loop this stream is
    tokens: int = 0  # chunks received: Ollama streams one token per chunk
    chars: int = 0
    seconds: float = 0.0  # since the request was sent
    piece: str = ""  # the text of the latest chunk ("" when called while waiting)
    _parts: list[str] = field(default_factory=list, repr=False)
    _joined: str = field(default="", repr=False)

    @property
    def text(self) -> str:
        """Everything received so far (joined once per new chunk, when asked)."""
        if len(self._joined) != self.chars:
            self._joined = "".join(self._parts)
        return self._joined


# While no chunk arrives, the caller's callback still runs this often (so it can stop a call).
IDLE_TICK_SECONDS = 0.5
_END = object()


def within_deadline(
    chunks: Iterator[Any], seconds: float, *, tick: float | None = None
) -> Generator[Any, None, None]:
    """The chunks of a streamed reply, as long as the whole reply is not older than `seconds`.

    The client's timeout is per read: a model that sends one chunk every few seconds never
    trips it and would hold the job until the task's time limit. The stream is read in a
    helper thread and handed over through a queue, so the caller's wait is bounded by the
    deadline even while a read is blocked; once the caller gives up (or closes this
    generator), the helper stops at its next chunk (or read timeout) and closes the response.
    Errors of the stream are re-raised here, in the caller's thread, to be classified as usual.
    With `tick`, None is yielded whenever no chunk came for that long.
    """
    handoff: queue.SimpleQueue[Any] = queue.SimpleQueue()
    stop = threading.Event()

    def read() -> None:
        try:
            for chunk in chunks:
                if stop.is_set():
                    break
                handoff.put(chunk)
            handoff.put(_END)
        except Exception as exc:  # handed to the caller, which classifies and raises it
            handoff.put(exc)
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()

    reader = threading.Thread(target=read, name="ollama-stream", daemon=True)
    ends_at = time.monotonic() + seconds
    reader.start()
    try:
        while True:
            left = max(0.0, ends_at - time.monotonic())
            try:
                item = handoff.get(timeout=min(left, tick) if tick else left)
            except queue.Empty:
                if tick and time.monotonic() < ends_at:
                    yield None
                    continue
                raise AITooSlow(
                    f"no complete reply within {seconds:g} s", seconds=seconds
                ) from None
            if item is _END:
                return
            if isinstance(item, Exception):
                raise item
            yield item
    finally:
        stop.set()


def _ns_to_ms(value: int | None) -> int | None:
    return None if value is None else int(value // 1_000_000)


def read_stream(
    chunks: Iterator[Any],
    on_progress: Callable[[StreamProgress], None] | None,
    *,
    attempt: int = 1,
) -> Reply:
    """Join the streamed pieces, telling `on_progress` after each one (and on idle ticks)."""
    reply = Reply()
    progress = StreamProgress(attempt=attempt)
    started = time.monotonic()
    for chunk in chunks:
        if chunk is None:  # no chunk for a while: the caller may still want to stop
            if on_progress is not None:
                progress.piece = ""
                progress.seconds = time.monotonic() - started
                on_progress(progress)
            continue
        piece = chunk.message.content or ""
        progress._parts.append(piece)
        progress.tokens += 1 if piece else 0
        progress.chars += len(piece)
        if on_progress is not None:
            progress.piece = piece
            progress.seconds = time.monotonic() - started
            on_progress(progress)
        if chunk.done:
            reply.stats = ReplyStats(
                done_reason=chunk.done_reason or "",
                prompt_eval_count=chunk.prompt_eval_count,
                eval_count=chunk.eval_count,
                load_duration_ms=_ns_to_ms(chunk.load_duration),
                total_duration_ms=_ns_to_ms(chunk.total_duration),
            )
    reply.content = "".join(progress._parts)
    return reply
