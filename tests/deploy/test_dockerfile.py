"""The image: multi-stage, non-root, self-checking, no secret inside; its helper scripts work."""

from __future__ import annotations

import http.server
import os
import re
import runpy
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.deploy.conftest import DEPLOY
from tests.deploy.conftest import ROOT

DOCKERFILE = (DEPLOY / "Dockerfile").read_text()


def _stages() -> dict[str, list[str]]:
    """Instructions of each build stage, by stage name."""
    stages: dict[str, list[str]] = {}
    current: list[str] = []
    for raw in re.sub(r"\\\n", " ", DOCKERFILE).splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = re.match(r"FROM\s+(\S+)(?:\s+AS\s+(\S+))?", line, re.I)
        if match:
            current = [line]
            stages[match.group(2) or match.group(1)] = current
        else:
            current.append(line)
    return stages


def _instructions(stage: str, keyword: str) -> list[str]:
    return [line for line in _stages()[stage] if line.upper().startswith(keyword + " ")]


def test_image_is_built_in_stages() -> None:
    stages = _stages()
    assert list(stages)[:2] == ["builder", "app"]
    assert any("pip wheel" in line for line in stages["builder"])
    assert any("--no-index --find-links /wheels" in line for line in stages["app"])
    assert "ARG PYTHON_IMAGE=python:3.11-slim-bookworm" in DOCKERFILE
    assert not any("build-essential" in line for line in stages["app"])
    # The default (last) stage is the application image.
    assert list(stages)[-1] == "runtime"
    assert stages["runtime"][0].split()[1] == "app"


@pytest.mark.parametrize("stage", ["app", "runtime"])
def test_application_runs_as_a_non_root_user(stage: str) -> None:
    users = _instructions(stage, "USER")
    assert users, f"{stage} has no USER"
    user = users[-1].split()[1].split(":")[0]
    assert user not in {"root", "0"}


def test_image_checks_its_own_health() -> None:
    healthcheck = _instructions("app", "HEALTHCHECK")
    assert healthcheck
    assert "healthcheck.py" in healthcheck[0]
    assert "/healthz" in healthcheck[0]
    assert "curl" not in healthcheck[0]


def test_static_files_are_collected_without_baking_a_secret() -> None:
    collect = [line for line in _stages()["app"] if "collectstatic" in line]
    assert collect
    assert "SECRET_KEY=build-only" in collect[0]
    assert "DJANGO_SETTINGS_MODULE=config.settings.base" in collect[0]
    assert not re.search(r"^\s*(ENV|ARG)\s+[^#\n]*SECRET", DOCKERFILE, re.M | re.I)
    assert "STATIC_ROOT=/app/staticfiles" in DOCKERFILE
    assert "COPY --from=app /app/staticfiles /app/staticfiles" in DOCKERFILE


def test_entrypoint_and_helpers_are_in_the_image_context() -> None:
    assert 'ENTRYPOINT ["/app/deploy/entrypoint.sh"]' in DOCKERFILE
    assert os.access(DEPLOY / "entrypoint.sh", os.X_OK)
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert "deploy" not in ignored
    for secret in (".env", ".git", ".venv"):
        assert secret in ignored
    assert "!.env.example" in ignored


def test_entrypoint_clears_stale_metrics_and_runs_the_command(tmp_path: Path) -> None:
    metrics = tmp_path / "multiproc"
    metrics.mkdir()
    (metrics / "counter_123.db").write_bytes(b"stale")
    result = subprocess.run(
        [
            "sh",
            str(DEPLOY / "entrypoint.sh"),
            "sh",
            "-c",
            'ls -A "$PROMETHEUS_MULTIPROC_DIR"; exit 7',
        ],
        env={"PATH": os.environ["PATH"], "PROMETHEUS_MULTIPROC_DIR": str(metrics)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout == ""
    assert result.returncode == 7, "the command's exit status must come through"


def test_gunicorn_config_defaults_and_metrics_cleanup(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GUNICORN_WORKERS", "GUNICORN_THREADS", "GUNICORN_GRACEFUL_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert config["workers"] == 3
    assert config["bind"] == "0.0.0.0:8000"
    assert config["graceful_timeout"] == 30
    assert callable(config["child_exit"])
    monkeypatch.setenv("GUNICORN_WORKERS", "5")
    assert runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))["workers"] == 5


def test_gunicorn_child_exit_marks_the_worker_dead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A finished worker's live gauge file is removed from the multiprocess directory."""
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    (tmp_path / "gauge_livesum_4242.db").write_bytes(b"")
    (tmp_path / "counter_4242.db").write_bytes(b"")
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))

    class Worker:
        pid = 4242

    config["child_exit"](None, Worker())
    assert not (tmp_path / "gauge_livesum_4242.db").exists()
    assert (tmp_path / "counter_4242.db").exists(), "counters of dead workers still count"


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status = 200 if self.path == "/healthz" and self.headers["Host"] == "localhost" else 500
        self.send_response(status)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def http_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _healthcheck(*args: str) -> int:
    return subprocess.run(
        [sys.executable, str(DEPLOY / "healthcheck.py"), *args], capture_output=True, check=False
    ).returncode


def test_healthcheck_passes_on_2xx_with_an_allowed_host(http_server: str) -> None:
    assert _healthcheck("http", f"{http_server}/healthz") == 0


def test_healthcheck_fails_on_errors_and_closed_ports(http_server: str) -> None:
    assert _healthcheck("http", f"{http_server}/other") == 1
    assert _healthcheck("http", "http://127.0.0.1:9/healthz") == 1


def test_process_healthcheck_finds_a_running_command() -> None:
    sleeper = subprocess.Popen(["sleep", "30"])
    try:
        assert _healthcheck("process", "sleep 30") == 0
        assert _healthcheck("process", "celery beat-that-does-not-run") == 1
    finally:
        sleeper.kill()
        sleeper.wait()


def test_healthcheck_rejects_unknown_usage() -> None:
    assert _healthcheck("bogus", "x") == 2
