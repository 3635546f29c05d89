"""The site as production runs it, on 127.0.0.1, for the length of one load test.

PostgreSQL (a database of the run's own, dropped at the end), gunicorn with the production
configuration (`deploy/gunicorn.conf.py`: 3 gthread workers, preloaded), one Celery worker per
model queue on RabbitMQ (queues emptied before and after), and the simulated Ollama with a GPU's
capacity (`--num-parallel`) and model times (`--reply-seconds`).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

if TYPE_CHECKING:
    import psycopg

from testkit.broker import PrivateVhost
from testkit.broker import broker_reachable
from testkit.broker import purge_queues
from testkit.broker import rabbit_url
from testkit.workers import WorkerProcess

ROOT = Path(__file__).resolve().parent.parent
VISION_MODEL = "qwen2.5vl:7b"
TEXT_MODEL = "mistral"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class StackConfig:
    postgres: str = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/chef")
    database: str = f"chef_loadtest_{os.getpid()}"
    web_workers: int = 3
    web_threads: int = 4
    num_parallel: int = 2
    vision_seconds: float = 4.0
    recipe_seconds: float = 20.0
    extra_env: dict[str, str] = field(default_factory=dict)


class Stack:
    """Start with `with Stack(config) as stack:`; `stack.url` is the site."""

    def __init__(self, config: StackConfig) -> None:
        self.config = config
        self.var = Path(tempfile.mkdtemp(prefix="chef-loadtest-"))
        self.web_port = free_port()
        self.fake_port = free_port()
        # Its workers consume in a RabbitMQ virtual host of the run's own (testkit.broker).
        self._vhost = PrivateVhost(rabbit_url())
        self.broker = self._vhost.url
        self.secret_key = secrets.token_urlsafe(40)
        self._procs: list[subprocess.Popen[bytes]] = []
        self._workers: list[WorkerProcess] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    @property
    def fake_url(self) -> str:
        return f"http://127.0.0.1:{self.fake_port}"

    @property
    def database_url(self) -> str:
        base = self.config.postgres.rsplit("/", 1)[0]
        return f"{base}/{self.config.database}"

    def env(self) -> dict[str, str]:
        metrics = self.var / "prometheus"
        metrics.mkdir(exist_ok=True)
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "loadtest.settings",
            "SECRET_KEY": self.secret_key,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": self.database_url,
            "CELERY_BROKER_URL": self.broker,
            "OLLAMA_HOST": self.fake_url,
            "OLLAMA_VISION_MODEL": VISION_MODEL,
            "OLLAMA_TEXT_MODEL": TEXT_MODEL,
            "MEDIA_ROOT": str(self.var / "media"),
            "VAR_DIR": str(self.var),
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "PROMETHEUS_MULTIPROC_DIR": str(metrics),
            "GUNICORN_BIND": f"127.0.0.1:{self.web_port}",
            "GUNICORN_WORKERS": str(self.config.web_workers),
            "GUNICORN_THREADS": str(self.config.web_threads),
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            # The load test signs up hundreds of people from one address in minutes.
            "THROTTLE_JOBS_USER": "100000/hour",
            "THROTTLE_JOBS_IP": "100000/hour",
            "THROTTLE_AUTH": "100000/hour",
            **self.config.extra_env,
        }

    # --- life cycle -----------------------------------------------------------------------------

    def __enter__(self) -> Stack:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        try:
            self._vhost.start().ready()
        except RuntimeError as exc:
            raise SystemExit(str(exc)) from exc
        if not broker_reachable(self.broker):
            raise SystemExit(f"RabbitMQ is not reachable at {self.broker}")
        purge_queues(self.broker)
        self._create_database()
        env = self.env()
        self._manage(env, "migrate", "--noinput", "-v", "0")
        self._manage(env, "createcachetable")
        self._spawn(
            [
                sys.executable,
                "-m",
                "fake_ollama",
                f"--port={self.fake_port}",
                f"--models={VISION_MODEL},{TEXT_MODEL}",
                f"--num-parallel={self.config.num_parallel}",
                f"--reply-seconds={VISION_MODEL}={self.config.vision_seconds},"
                f"{TEXT_MODEL}={self.config.recipe_seconds}",
            ],
            "fake-ollama.log",
        )
        self._spawn(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                str(ROOT / "deploy" / "gunicorn.conf.py"),
                "config.wsgi:application",
            ],
            "gunicorn.log",
            env=env | {"HOME": str(self.var)},
        )
        for queue in ("vision", "recipes"):
            self._workers.append(
                WorkerProcess(
                    env=env,
                    log_path=self.var / f"worker-{queue}.log",
                    concurrency=self.config.num_parallel,
                    queues=(queue,),
                    name=f"loadtest-{queue}",
                ).start(timeout=60)
            )
        self._wait_for(f"{self.fake_url}/api/version")
        self._wait_for(f"{self.url}/healthz")

    def stop(self) -> None:
        for worker in self._workers:
            with contextlib.suppress(Exception):
                worker.stop()
        for proc in reversed(self._procs):
            proc.terminate()
        for proc in self._procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        self._procs.clear()
        self._workers.clear()
        with contextlib.suppress(Exception):
            purge_queues(self.broker)
        self._vhost.close()
        with contextlib.suppress(Exception):
            self._drop_database()
        shutil.rmtree(self.var, ignore_errors=True)

    # --- helpers --------------------------------------------------------------------------------

    def _spawn(self, command: list[str], log: str, env: dict[str, str] | None = None) -> None:
        with (self.var / log).open("ab") as out:
            self._procs.append(
                subprocess.Popen(
                    command,
                    cwd=ROOT,
                    env=env or self.env(),
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )

    def _manage(self, env: dict[str, str], *args: str) -> None:
        subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=300
        )

    def _wait_for(self, url: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2):
                return
            if any(proc.poll() is not None for proc in self._procs):
                raise SystemExit(f"a process of the stack stopped; see the logs in {self.var}")
            time.sleep(0.2)
        raise SystemExit(f"{url} did not answer within {timeout:g} s")

    def _admin(self) -> psycopg.Connection[Any]:
        import psycopg

        server = self.config.postgres.rsplit("/", 1)[0]
        return psycopg.connect(f"{server}/postgres", autocommit=True)

    def _create_database(self) -> None:
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.config.database}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{self.config.database}"')

    def _drop_database(self) -> None:
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.config.database}" WITH (FORCE)')
