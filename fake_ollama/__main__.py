"""Run the simulated Ollama in the foreground, for the offline demo and manual checks.

Usage: python -m fake_ollama --port 11434 --models simulated-vision,simulated-text
"""

from __future__ import annotations

import argparse
import signal
import threading
from types import FrameType

from .server import FakeOllama


def main(argv: list[str] | None = None) -> None:
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
    args = parser.parse_args(argv)
    models = [m.strip() for m in args.models.split(",") if m.strip()]

    stop = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    fake = FakeOllama(models=models, host=args.host, port=args.port)
    fake.default_delay = args.delay
    with fake:
        print(
            f"Simulated Ollama (canned replies, no real model) listening on {fake.url} "
            f"with models: {', '.join(models)}",
            flush=True,
        )
        while not stop.wait(0.5):
            pass


if __name__ == "__main__":
    main()
