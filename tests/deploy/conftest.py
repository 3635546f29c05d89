"""Checks of the production deployment files (compose, Prometheus, Grafana, nginx, image).

They run external tools (docker-compose, promtool) as subprocesses and need neither Django's
database nor a Docker engine. Locally a missing tool skips with the way to install it; in CI
(CI=true) it fails, so a broken deployment file can never pass unnoticed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
COMPOSE_FILE = ROOT / "docker-compose.prod.yml"
ENV_EXAMPLE = ROOT / ".env.example"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
INSTALL_HINT = "run scripts/ensure-system-deps.sh"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "deploy: checks of the production deployment files")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.deploy)


def require_tool(name: str) -> str:
    """Path of a required command-line tool; skip locally, fail in CI when it is missing."""
    path = shutil.which(name)
    if path:
        return path
    message = f"{name} is not installed ({INSTALL_HINT})"
    if IN_CI:
        pytest.fail(f"required tool missing in CI: {message}")
    pytest.skip(message)


def compose_command() -> list[str]:
    """The standalone docker-compose, else the Compose v2 plugin (both validate offline)."""
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    docker = shutil.which("docker")
    if docker:
        probe = subprocess.run(
            [docker, "compose", "version"], capture_output=True, text=True, check=False
        )
        if probe.returncode == 0:
            return [docker, "compose"]
    return [require_tool("docker-compose")]


def run(args: list[str], *, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, check=False, cwd=cwd, timeout=120)


def compose_config_of_example(project: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """`docker-compose config` of docker-compose.prod.yml with the variables of .env.example.

    env_file (.env) is resolved in the project directory `project`, which gets a copy of
    .env.example as .env: a developer's real .env is neither needed nor read.
    """
    shutil.copy(ENV_EXAMPLE, project / ".env")
    return run(
        [
            *compose_command(),
            "--project-directory",
            str(project),
            "-f",
            str(COMPOSE_FILE),
            "--env-file",
            str(ENV_EXAMPLE),
            "config",
            *options,
        ]
    )


def load_yaml(path: Path) -> object:
    return yaml.safe_load(path.read_text())


@pytest.fixture(scope="session")
def compose_config(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """`config` output of docker-compose.prod.yml with the variables of .env.example, in a
    temporary project directory."""
    result = compose_config_of_example(tmp_path_factory.mktemp("compose-project"))
    assert result.returncode == 0, f"compose config failed:\n{result.stderr}"
    config = yaml.safe_load(result.stdout)
    assert isinstance(config, dict)
    return config


@pytest.fixture(scope="session")
def compose_raw() -> dict:
    """docker-compose.prod.yml as written (anchors and merge keys resolved, no substitution)."""
    data = load_yaml(COMPOSE_FILE)
    assert isinstance(data, dict)
    return data
