"""A real `celery worker` process on queues of its own choosing: its command, start and stop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from .broker import QUEUES

ROOT = Path(__file__).resolve().parent.parent


def worker_command(
    *, queues: Iterable[str] = QUEUES, concurrency: int = 2, node: str | None = None
) -> list[str]:
    """`celery -A config worker` on `queues`, prefork, without gossip, mingle or heartbeat."""
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "-Q",
        ",".join(queues),
        "-c",
        str(concurrency),
        "-P",
        "prefork",
        "-l",
        "info",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    return [*command, "-n", node] if node else command


class WorkerProcess:
    """A `celery worker` subprocess consuming `queues` from the broker named in `env`."""

    def __init__(
        self,
        *,
        env: dict[str, str],
        log_path: Path,
        concurrency: int = 2,
        queues: Iterable[str] = QUEUES,
        name: str = "test",
    ) -> None:
        self.env = env
        self.log_path = log_path
        self.concurrency = concurrency
        self.queues = tuple(queues)
        self.proc: subprocess.Popen[bytes] | None = None
        self.node = f"{name}-{os.getpid()}-{time.monotonic_ns()}@{socket.gethostname()}"

    def start(self, timeout: float = 30.0) -> WorkerProcess:
        """Start the worker and wait (bounded) until it says it is ready."""
        command = worker_command(queues=self.queues, concurrency=self.concurrency, node=self.node)
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if " ready." in self.log_path.read_text(errors="replace"):
                return self
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        raise RuntimeError("celery worker did not start:\n" + self.log_path.read_text()[-3000:])

    def pool_children(self) -> list[int]:
        assert self.proc is not None
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.proc.pid)],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        return [int(p) for p in out.split()]

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            # Cold shutdown: the run is over, nothing is worth waiting for; unacknowledged
            # messages go back to the queue, which the caller purges.
            self.proc.send_signal(signal.SIGQUIT)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        # Reap any orphaned pool children of a killed worker.
        subprocess.run(["pkill", "-9", "-s", str(self.proc.pid)], check=False)
        self.proc = None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")
