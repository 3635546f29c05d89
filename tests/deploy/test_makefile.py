"""The production targets of the Makefile and the system-tools script."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.deploy.conftest import ENV_EXAMPLE
from tests.deploy.conftest import ROOT
from tests.deploy.conftest import require_tool
from tests.deploy.conftest import run

PROD_TARGETS = ("prod-up", "prod-down", "prod-logs", "backup-db", "restore-db", "check-deploy")


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """The Makefile alone in an empty directory: no .env, no docker."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "requirements.txt").write_text("")
    (tmp_path / "requirements-dev.txt").write_text("")
    return tmp_path


def test_help_lists_every_production_target() -> None:
    result = run([require_tool("make"), "help"])
    assert result.returncode == 0, result.stderr
    for target in PROD_TARGETS:
        assert f"{target} " in result.stdout, target


def test_prod_up_without_env_file_explains_what_to_do(project_copy: Path) -> None:
    result = run([require_tool("make"), "prod-up"], cwd=project_copy)
    assert result.returncode != 0
    assert "copy .env.example to .env" in result.stderr


def test_prod_up_refuses_placeholder_secrets(project_copy: Path) -> None:
    shutil.copy(ENV_EXAMPLE, project_copy / ".env")
    result = run([require_tool("make"), "prod-up"], cwd=project_copy)
    assert result.returncode != 0
    assert "placeholder" in result.stderr
    for name in ("SECRET_KEY", "POSTGRES_PASSWORD", "RABBITMQ_PASSWORD", "GRAFANA_ADMIN_PASSWORD"):
        assert name in result.stderr


def test_prod_up_builds_and_starts_the_production_file() -> None:
    result = run([require_tool("make"), "-n", "prod-up"])
    assert "-f docker-compose.prod.yml up -d --build" in result.stdout


def test_backup_writes_a_timestamped_gzip_from_the_db_container() -> None:
    result = run([require_tool("make"), "-n", "backup-db"])
    assert "exec -T db" in result.stdout
    assert "pg_dump" in result.stdout
    assert "backups/$(date -u +%Y%m%dT%H%M%SZ).sql.gz" in result.stdout
    assert "/backups/" in (ROOT / ".gitignore").read_text().split()


def test_restore_requires_a_file(project_copy: Path) -> None:
    result = run([require_tool("make"), "restore-db"], cwd=project_copy)
    assert result.returncode != 0
    assert "Usage: make restore-db FILE=" in result.stderr
    result = run([require_tool("make"), "restore-db", "FILE=nope.sql.gz"], cwd=project_copy)
    assert result.returncode != 0
    assert "no such file" in result.stderr


def test_check_deploy_runs_every_validation() -> None:
    result = run([require_tool("make"), "-n", "check-deploy"])
    for check in (
        "config -q",
        "promtool check config deploy/prometheus/prometheus.yml",
        "promtool check rules deploy/prometheus/alerts.yml",
        "promtool test rules deploy/prometheus/alerts_test.yml",
        "tests/deploy",
    ):
        assert check in result.stdout, check


def test_system_tools_script_is_valid_and_idempotent() -> None:
    script = ROOT / "scripts" / "ensure-system-deps.sh"
    assert run([require_tool("bash"), "-n", str(script)]).returncode == 0
    tools = ("docker-compose", "promtool", "chromium", "chromedriver", "msgfmt")
    if not all(shutil.which(tool) for tool in tools):
        pytest.skip("some tools are missing; running the script here would install them")
    result = run([str(script)])
    assert result.returncode == 0, result.stderr
    assert "present" in result.stdout
