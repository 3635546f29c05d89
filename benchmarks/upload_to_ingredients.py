"""Time from pressing "Find ingredients" to the ingredients on screen, in headless Chromium.

Starts everything itself in a temp folder: the fake Ollama answering at once
(`python -m fake_ollama`), `manage.py runserver` (DEBUG off, static files via --insecure),
one Celery worker and SQLite in WAL mode. The broker is RabbitMQ (`--rabbit-url`, by default
CELERY_BROKER_URL when it is an AMQP URL, else guest@127.0.0.1:5672, vhost /); `--broker
filesystem` uses the embedded transport of `make run` instead, which with kombu 5.x can lose a
message when the worker reads a file before the web process has finished writing it (the round
then times out; see the worker log printed).
Signs up once, then uploads a different photo each round (the same photo would be answered from
the earlier scan without the worker) and prints min / median / p90 of:
  * upload -> scan page shown   (upload, decode and store, redirect)
  * upload -> ingredients shown (the above + queue + worker + model + the page's polling)

Usage: .venv/bin/python -m benchmarks.upload_to_ingredients [--rounds 20] [--broker filesystem]
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import sync_playwright

from testkit.broker import rabbit_url
from testkit.browser import PHONE
from testkit.browser import choose_photo
from testkit.browser import chromium_available
from testkit.browser import launch
from testkit.browser import send_photo
from testkit.browser import sign_up
from testkit.browser import wait_for_ingredients
from testkit.images import jpeg_bytes
from testkit.workers import worker_command

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _photo(path: Path, n: int) -> Path:
    """A small JPEG of its own colour, so no two rounds share a content hash."""
    path.write_bytes(jpeg_bytes((640, 480), (n * 37 % 256, n * 91 % 256, 120)))
    return path


def _wait_until(check: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"{what} did not start within {timeout} s")


def _http_ok(url: str) -> bool:
    with urllib.request.urlopen(url, timeout=2) as response:  # only 127.0.0.1
        return bool(response.status == 200)


@contextmanager
def _services(work: Path, broker: str) -> Iterator[str]:
    """Fake Ollama, web server and worker as subprocesses; yields the site's base URL.

    `broker` is an AMQP URL or "filesystem".
    """
    ollama_port, web_port = _free_port(), _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DEBUG": "false",
        "VAR_DIR": str(work),
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "MEDIA_ROOT": str(work / "media"),
        "CELERY_BROKER_URL": "filesystem://" if broker == "filesystem" else broker,
        "OLLAMA_HOST": f"http://127.0.0.1:{ollama_port}",
        "OLLAMA_VISION_MODEL": "qwen2.5vl:7b",
        "OLLAMA_TEXT_MODEL": "mistral",
        "THROTTLE_JOBS_USER": "10000/hour",
        "THROTTLE_JOBS_IP": "10000/hour",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    python = sys.executable
    for command in (["migrate", "--noinput"], ["createcachetable"]):
        subprocess.run(
            [python, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
        )
    commands = {
        "fake ollama": [
            python, "-m", "fake_ollama", "--port", str(ollama_port),
            "--models", "qwen2.5vl:7b,mistral",
        ],
        "web": [
            python, "manage.py", "runserver", f"127.0.0.1:{web_port}", "--noreload", "--insecure",
        ],
        "worker": worker_command(concurrency=2),
    }  # fmt: skip
    started: list[subprocess.Popen[bytes]] = []
    try:
        for name, command in commands.items():
            log = (work / f"{name.replace(' ', '-')}.log").open("wb")
            started.append(
                subprocess.Popen(
                    command,
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        _wait_until(lambda: _http_ok(f"http://127.0.0.1:{ollama_port}/api/version"), "fake Ollama")
        _wait_until(lambda: _http_ok(f"http://127.0.0.1:{web_port}/healthz"), "web server")
        worker_log = work / "worker.log"
        _wait_until(lambda: b" ready." in worker_log.read_bytes(), "celery worker")
        yield f"http://127.0.0.1:{web_port}"
    finally:
        for proc in reversed(started):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in started:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)


def _summary(name: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p90 = ms[min(len(ms) - 1, round(0.9 * (len(ms) - 1)))]
    return (
        f"{name:<30} min {ms[0]:7.0f} ms   median {statistics.median(ms):7.0f} ms   "
        f"p90 {p90:7.0f} ms   (n={len(ms)})"
    )


def measure(base_url: str, work: Path, rounds: int) -> tuple[list[float], list[float]]:
    to_page: list[float] = []
    to_ingredients: list[float] = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_context(viewport=PHONE).new_page()
        sign_up(page, base_url, "bench")
        for n in range(rounds + 1):  # round 0 warms up the processes and is not counted
            choose_photo(page, base_url, _photo(work / f"photo-{n}.jpg", n))
            started = time.perf_counter()
            send_photo(page)
            shown = time.perf_counter()
            wait_for_ingredients(page, timeout_ms=30_000)
            done = time.perf_counter()
            if n:
                to_page.append(shown - started)
                to_ingredients.append(done - started)
        browser.close()
    return to_page, to_ingredients


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--broker", choices=["rabbitmq", "filesystem"], default="rabbitmq")
    parser.add_argument(
        "--rabbit-url", default=rabbit_url(), help="AMQP URL when --broker rabbitmq"
    )
    args = parser.parse_args()
    if not chromium_available():
        raise SystemExit("chromium is not installed at /usr/bin/chromium")
    with tempfile.TemporaryDirectory(prefix="bench-upload-") as tmp:
        work = Path(tmp)
        broker = args.rabbit_url if args.broker == "rabbitmq" else "filesystem"
        with _services(work, broker) as base_url:
            try:
                to_page, to_ingredients = measure(base_url, work, args.rounds)
            except Exception:
                for log in sorted(work.glob("*.log")):
                    print(f"--- {log.name} (last lines) ---", file=sys.stderr)
                    print(log.read_text(errors="replace")[-3000:], file=sys.stderr)
                raise
    print(f"broker: {args.broker}; fake Ollama answering at once; Chromium at 390x844")
    print(_summary("upload -> scan page shown", to_page))
    print(_summary("upload -> ingredients shown", to_ingredients))


if __name__ == "__main__":
    main()
