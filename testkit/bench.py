"""A benchmark's own site in a child process: SQLite in a temp folder, one broker, a worker.

The parent picks the broker and calls `run_child`; the child (the same module, run again with
`--child <broker name>`) opens `site_with_worker` to get a migrated database, a fake Ollama and
one Celery worker pointed at it. Settings are per process, hence the child.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .workers import ROOT
from .workers import WorkerProcess

if TYPE_CHECKING:
    from fake_ollama import FakeOllama


def child_env(folder: str, broker_url: str) -> dict[str, str]:
    """The site as `make run` has it (local settings, DEBUG off), its files all in `folder`."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
        "VAR_DIR": folder,
        "MEDIA_ROOT": f"{folder}/media",
        "CELERY_BROKER_URL": broker_url,
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
    }


def run_child(module: str, broker: tuple[str, str], args: list[str]) -> int:
    """Run `python -m module --child <name> *args` on the broker `(name, url)`, in a fresh
    temp folder; its exit code."""
    name, url = broker
    with tempfile.TemporaryDirectory(prefix="chef-bench-") as tmp:
        command = [sys.executable, "-m", module, "--child", name, *args]
        return subprocess.call(command, cwd=ROOT, env=child_env(tmp, url))


def migrate() -> None:
    """Set Django up and create this process's database: its tables and the cache tables."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


@contextmanager
def site_with_worker(*, concurrency: int) -> Iterator[FakeOllama]:
    """In the child: the database migrated, a fake Ollama, and a worker on the child's broker
    that calls it (its log in VAR_DIR/worker.log); both stopped afterwards."""
    migrate()
    from fake_ollama import FakeOllama

    fake = FakeOllama(models=("qwen2.5vl:7b", "mistral")).start()
    worker = WorkerProcess(
        env={**os.environ, "OLLAMA_HOST": fake.url},
        log_path=Path(os.environ["VAR_DIR"]) / "worker.log",
        concurrency=concurrency,
        name="bench",
    )
    try:
        worker.start()
        yield fake
    finally:
        worker.stop()
        fake.stop()
