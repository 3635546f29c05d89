"""GitHub Actions: CI runs every check for real; the image pipeline scans before it pushes."""

from __future__ import annotations

import re

from tests.deploy.conftest import ROOT
from tests.deploy.conftest import load_yaml

WORKFLOWS = ROOT / ".github" / "workflows"


def _workflow(name: str) -> dict:
    data = load_yaml(WORKFLOWS / name)
    assert isinstance(data, dict)
    return data


def _steps(job: dict) -> str:
    return "\n".join(str(step.get("run", "")) + str(step.get("uses", "")) for step in job["steps"])


def test_ci_lints_and_runs_make_test_with_real_services() -> None:
    jobs = _workflow("ci.yml")["jobs"]
    lint = _steps(jobs["lint"])
    for check in ("ruff check", "ruff format --check", "mypy"):
        assert check in lint
    test = jobs["test"]
    assert test["env"]["CI"] == "true"
    assert "make test" in _steps(test)
    assert "ensure-system-deps.sh" in _steps(test)
    assert test["services"]["postgres"]["image"] == "postgres:16"
    assert test["services"]["rabbitmq"]["image"].startswith("rabbitmq:3.13")
    assert test["container"]["image"].startswith("python:3.11-bookworm")
    assert "127.0.0.1" in test["env"]["TEST_POSTGRES_URL"]
    assert "127.0.0.1" in test["env"]["CELERY_BROKER_URL"]


def test_image_is_scanned_before_it_is_pushed() -> None:
    steps = _workflow("image.yml")["jobs"]["build"]["steps"]
    names = [step.get("name", step.get("uses", "")) for step in steps]
    scans = [i for i, step in enumerate(steps) if "trivy-action" in step.get("uses", "")]
    push = next(i for i, name in enumerate(names) if name.startswith("Push"))
    assert scans
    assert max(scans) < push
    for index in scans:
        options = steps[index]["with"]
        assert options["severity"] == "HIGH,CRITICAL"
        assert str(options["exit-code"]) == "1"
    builds = [step for step in steps if "build-push-action" in step.get("uses", "")]
    assert {step["with"]["target"] for step in builds} == {"runtime", "nginx"}
    assert all("type=gha" in step["with"]["cache-from"] for step in builds)


def test_deploy_runs_from_main_only_and_uses_secrets() -> None:
    deploy = _workflow("image.yml")["jobs"]["deploy"]
    assert "refs/heads/main" in deploy["if"]
    text = (WORKFLOWS / "image.yml").read_text()
    for secret in ("DEPLOY_HOST", "DEPLOY_USER", "DEPLOY_SSH_KEY", "DEPLOY_KNOWN_HOSTS"):
        assert f"secrets.{secret}" in text
    steps = _steps(deploy)
    assert "docker compose -f docker-compose.prod.yml pull" in steps
    assert "up -d" in steps
    assert "/readyz" in text
    assert not re.search(r"-----BEGIN [A-Z ]*PRIVATE KEY-----", text)


def test_deploy_secrets_are_documented() -> None:
    docs = (ROOT / "docs" / "infrastructure.md").read_text()
    used = set(re.findall(r"secrets\.(DEPLOY_[A-Z_]+)", (WORKFLOWS / "image.yml").read_text()))
    assert used
    for secret in used:
        assert f"| `{secret}` |" in docs, secret
