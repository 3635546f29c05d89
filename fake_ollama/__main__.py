"""Run the simulated Ollama in the foreground, for the offline demo and manual checks.

Usage: python -m fake_ollama --port 11434 --models simulated-vision,simulated-text

With `--num-parallel 2 --reply-seconds qwen2.5vl:7b=4,mistral=20` it behaves like a modest GPU under
load: two calls per model at once (one more gets Ollama's 503) and replies that take that long.
"""

from __future__ import annotations

import argparse
import signal
import threading
from types import FrameType

from .capacity import parse_reply_seconds
from .server import FakeOllama


def build(argv: list[str] | None = None) -> FakeOllama:
    """The server the command line describes (not started)."""
    parser = argparse.ArgumentParser(
        prog="python -m fake_ollama",
        description="A simulated Ollama server with canned replies (no real model runs).",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=11434)
    parser.add_argument(
        "--models",
        default="simulated-vision,simulated-text",
        help="comma-separated names of the installed models",
    )
    parser.add_argument(
        "--delay", type=float, default=0.0, help="seconds to wait before each chat/generate reply"
    )
    parser.add_argument(
        "--num-parallel",
        type=int,
        default=None,
        help="calls per model at once, like OLLAMA_NUM_PARALLEL (one more gets a 503)",
    )
    parser.add_argument(
        "--reply-seconds",
        type=parse_reply_seconds,
        default={},
        help="model=seconds,...: stream each reply of that model over that many seconds",
    )
    args = parser.parse_args(argv)
    models = [m.strip() for m in args.models.split(",") if m.strip()]
    fake = FakeOllama(
        models=models,
        host=args.host,
        port=args.port,
        num_parallel=args.num_parallel,
        reply_seconds=args.reply_seconds,
    )
    fake.default_delay = args.delay
    return fake


def main(argv: list[str] | None = None) -> None:
    fake = build(argv)
    stop = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    with fake:
        print(
            f"Simulated Ollama (canned replies, no real model) listening on {fake.url} "
            f"with models: {', '.join(sorted(fake.models))}",
            flush=True,
        )
        while not stop.wait(0.5):
            pass


if __name__ == "__main__":
    main()
