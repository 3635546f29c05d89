"""Reading a streamed reply: within a deadline for the whole reply, with progress as it comes."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from integrations.ollama.errors import AITooSlow


@dataclass
class Reply:
    content: str = ""
    done_reason: str = ""
    prompt_eval_count: int | None = None
    eval_count: int | None = None
    load_duration: int | None = None
    total_duration: int | None = None


_END = object()


def within_deadline(chunks: Iterator[Any], seconds: float) -> Iterator[Any]:
    """The chunks of a streamed reply, as long as the whole reply is not older than `seconds`.

    The client's timeout is per read: a model that sends one chunk every few seconds never
    trips it and would hold the job until the task's time limit. The stream is read in a
    helper thread and handed over through a queue, so the caller's wait is bounded by the
    deadline even while a read is blocked; once the caller gives up, the helper stops at its
    next chunk (or read timeout) and closes the response. Errors of the stream are re-raised
    here, in the caller's thread, to be classified as usual.
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
            try:
                item = handoff.get(timeout=max(0.0, ends_at - time.monotonic()))
            except queue.Empty:
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


def read_stream(chunks: Iterator[Any], on_progress: Callable[[int], None] | None) -> Reply:
    """Join the streamed pieces; report the characters received at most twice a second."""
    reply = Reply()
    parts: list[str] = []
    received = 0
    last_report = 0.0
    for chunk in chunks:
        piece = chunk.message.content or ""
        parts.append(piece)
        received += len(piece)
        now = time.monotonic()
        if on_progress is not None and now - last_report >= 0.5:
            last_report = now
            on_progress(received)
        if chunk.done:
            reply.done_reason = chunk.done_reason or ""
            reply.prompt_eval_count = chunk.prompt_eval_count
            reply.eval_count = chunk.eval_count
            reply.load_duration = chunk.load_duration
            reply.total_duration = chunk.total_duration
    reply.content = "".join(parts)
    return reply
