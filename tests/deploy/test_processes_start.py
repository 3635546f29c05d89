"""The commands docker-compose.prod.yml runs start with production settings and stop cleanly.

Each application service's `command` is read from the compose file and run as a real process
(gunicorn with the shipped deploy/gunicorn.conf.py, the Celery workers, beat) with production
settings: test secrets, SQLite in a temporary directory, the broker of this test run. The test
waits (bounded) until the process serves (`/healthz`, the compose health check's `inspect
ping`, beat running its schedule), sends SIGTERM as `docker stop` does, and wants exit code 0 within
a few seconds. A config that cannot start (gunicorn's "Unable to configure root logger") fails
here instead of in production.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path

import pytest

from testkit.broker import broker_reachable
from testkit.broker import purge_queues
from testkit.broker import rabbit_url
from tests.deploy.conftest import COMPOSE_FILE
from tests.deploy.conftest import IN_CI
from tests.deploy.conftest import ROOT
from tests.deploy.conftest import load_yaml
from tests.support.processes import run_python

BROKER_URL = rabbit_url()
START_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0
HOSTNAME = socket.gethostname()

pytestmark = [pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _require_broker() -> None:
    if broker_reachable(BROKER_URL):
        return
    message = f"RabbitMQ not reachable at {BROKER_URL}"
    if IN_CI:
        pytest.fail(f"required service unavailable in CI: {message}")
    pytest.skip(message)


def compose_command(service: str, *, tmp: Path) -> list[str]:
    """The service's compose `command`, runnable here: this checkout and this Python."""
    services = load_yaml(COMPOSE_FILE)["services"]  # type: ignore[index]
    args = [str(a).replace("${OLLAMA_NUM_PARALLEL:-1}", "1") for a in services[service]["command"]]
    args = [a.replace("/app/deploy/", f"{ROOT}/deploy/") for a in args]
    schedule = "/tmp/celerybeat-schedule"  # noqa: S108 - the path inside the container
    args = [a.replace(schedule, str(tmp / "celerybeat-schedule")) for a in args]
    if args[0] in {"celery", "gunicorn"}:
        args = [sys.executable, "-m", *args]
    return args


@pytest.fixture(scope="module")
def production_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment compose gives the application containers, with test values."""
    tmp = tmp_path_factory.mktemp("prod")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CELERY_", "GUNICORN_", "OLLAMA_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "tests-only-" + "x" * 50,
            "ALLOWED_HOSTS": "chef.example.com,web,localhost,127.0.0.1",
            "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
            "CELERY_BROKER_URL": BROKER_URL,
            "OLLAMA_HOST": "http://127.0.0.1:9",
            "VAR_DIR": str(tmp / "var"),
            "MEDIA_ROOT": str(tmp / "media"),
            "PROMETHEUS_MULTIPROC_DIR": str(tmp / "prometheus-multiproc"),
            "PYTHONUNBUFFERED": "1",
        }
    )
    (tmp / "prometheus-multiproc").mkdir()
    migrated = run_python("manage.py", "migrate", "--noinput", "-v", "0", env=env)
    assert migrated.returncode == 0, migrated.stderr
    return env


class Service:
    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log_path = log
        self._log = log.open("wb")
        self.proc = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_until(self, ready: Callable[[], bool], *, what: str) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"exited with {self.proc.returncode} before {what}:\n{self.log()}")
            if ready():
                return
            time.sleep(0.2)
        pytest.fail(f"not {what} within {START_TIMEOUT} s:\n{self.log()[-4000:]}")

    def terminate(self) -> tuple[int, float]:
        """SIGTERM as `docker stop` sends it; the exit code and the seconds it took."""
        started = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)
            pytest.fail(f"still running {STOP_TIMEOUT} s after SIGTERM:\n{self.log()[-4000:]}")
        return code, time.monotonic() - started

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=5)
        self._log.close()


@pytest.fixture
def start(production_env: dict[str, str], tmp_path: Path) -> Iterator[Callable[..., Service]]:
    started: list[Service] = []

    def _start(service: str, **extra: str) -> Service:
        args = compose_command(service, tmp=tmp_path)
        proc = Service(args, {**production_env, **extra}, tmp_path / f"{service}.log")
        started.append(proc)
        return proc

    yield _start
    for proc in started:
        proc.kill()


def _http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def test_the_web_service_serves_with_the_shipped_gunicorn_config_and_stops_on_sigterm(
    start: Callable[..., Service],
) -> None:
    port = _free_port()
    web = start("web", GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="2")

    web.wait_until(lambda: _http_ok(f"http://127.0.0.1:{port}/healthz"), what="serving /healthz")
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
        body = response.read()
    code, seconds = web.terminate()

    assert body == b'{"status": "ok"}'
    assert (code, seconds < 5) == (0, True), f"exit {code} after {seconds:.1f} s:\n{web.log()}"
    assert "Unable to configure" not in web.log()
    assert '"logger": "gunicorn.error"' in web.log(), "gunicorn logs JSON, as Loki expects"


@pytest.mark.broker
@pytest.mark.parametrize("service", ["worker-vision", "worker-recipes", "worker-maintenance"])
def test_each_worker_service_answers_its_health_check_ping_and_stops_on_sigterm(
    start: Callable[..., Service], production_env: dict[str, str], service: str
) -> None:
    _require_broker()
    worker = start(service, WORKER_METRICS_PORT=str(_free_port()))
    node = f"{service.removeprefix('worker-')}@{HOSTNAME}"

    worker.wait_until(lambda: f"{node} ready." in worker.log(), what="ready")
    # The compose health check, as written there: `celery -A config inspect ping -d <node>`.
    ping = run_python(
        "-m",
        "celery",
        "-A",
        "config",
        "inspect",
        "ping",
        "-d",
        node,
        env=production_env,
        timeout=30,
    )
    code, seconds = worker.terminate()

    assert ping.returncode == 0, ping.stdout + ping.stderr
    assert "pong" in ping.stdout
    assert (code, seconds < 8) == (0, True), f"exit {code} after {seconds:.1f} s:\n{worker.log()}"


@pytest.mark.broker
def test_the_beat_service_starts_its_schedule_and_stops_on_sigterm(
    start: Callable[..., Service], tmp_path: Path
) -> None:
    """Ready is "beat: Starting..." with its schedule file open (the first sweep is 30 s away)."""
    _require_broker()
    try:
        beat = start("beat")
        beat.wait_until(
            lambda: (
                "beat: Starting..." in beat.log() and any(tmp_path.glob("celerybeat-schedule*"))
            ),
            what="running its schedule",
        )
        time.sleep(1.0)  # still alive a moment later: past the broker setup
        assert beat.proc.poll() is None, beat.log()
        code, seconds = beat.terminate()
    finally:
        # Leave nothing behind for the test workers that share this broker (beat publishes).
        purge_queues(BROKER_URL, ("maintenance",))

    assert (code, seconds < 5) == (0, True), f"exit {code} after {seconds:.1f} s:\n{beat.log()}"
