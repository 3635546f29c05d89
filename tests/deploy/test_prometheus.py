"""Prometheus: valid config, tested alert rules, metric names that the application exports."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from pathlib import Path

import yaml

from tests.deploy.conftest import DEPLOY
from tests.deploy.conftest import ROOT
from tests.deploy.conftest import load_yaml
from tests.deploy.conftest import require_tool
from tests.deploy.conftest import run

PROMETHEUS = DEPLOY / "prometheus"
ALERTS = PROMETHEUS / "alerts.yml"
ALERTS_TEST = PROMETHEUS / "alerts_test.yml"
TROUBLESHOOTING = ROOT / "docs" / "troubleshooting.md"
DASHBOARDS = DEPLOY / "grafana" / "dashboards"
METRIC = re.compile(r"\b((?:chef|django)_[a-z0-9_]+)\b")
# Counter("name", ...) in the metrics modules; register_metric(Counter, "name", ...) in
# django-prometheus.
DECLARATION = re.compile(r"\b(Counter|Gauge|Histogram)\b[\s,(]*\"([a-z][a-z0-9_]+)\"")


def _alert_rules() -> list[dict]:
    data = load_yaml(ALERTS)
    assert isinstance(data, dict)
    return [rule for group in data["groups"] for rule in group["rules"] if "alert" in rule]


def _dashboard_queries() -> list[str]:
    queries = []
    for path in sorted(DASHBOARDS.glob("*.json")):
        for panel in json.loads(path.read_text())["panels"]:
            for target in panel.get("targets", []):
                if target.get("datasource", {}).get("uid") == "prometheus":
                    queries.append(target["expr"])
    return queries


def _exported_names(source: str) -> set[str]:
    """Sample names that prometheus_client exports for the metrics declared in `source`."""
    names: set[str] = set()
    for kind, name in DECLARATION.findall(source):
        if kind == "Counter":
            names.add(name if name.endswith("_total") else f"{name}_total")
        elif kind == "Histogram":
            names |= {f"{name}_bucket", f"{name}_sum", f"{name}_count"}
        else:
            names.add(name)
    return names


def _django_prometheus_names() -> set[str]:
    spec = importlib.util.find_spec("django_prometheus")
    assert spec is not None
    assert spec.origin is not None
    package = Path(spec.origin).parent
    source = "\n".join(path.read_text() for path in package.rglob("*.py"))
    return {name for name in _exported_names(source) if name.startswith("django_")}


def test_promtool_accepts_the_config() -> None:
    result = run([require_tool("promtool"), "check", "config", str(PROMETHEUS / "prometheus.yml")])
    assert result.returncode == 0, result.stdout + result.stderr


def test_promtool_accepts_the_rules() -> None:
    result = run([require_tool("promtool"), "check", "rules", str(ALERTS)])
    assert result.returncode == 0, result.stdout + result.stderr


def test_alert_unit_tests_pass() -> None:
    result = run([require_tool("promtool"), "test", "rules", str(ALERTS_TEST)])
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_alert_is_tested_firing_and_quiet() -> None:
    data = load_yaml(ALERTS_TEST)
    assert isinstance(data, dict)
    firing: set[str] = set()
    quiet: set[str] = set()
    for case in data["tests"]:
        for check in case.get("alert_rule_test", []):
            (firing if check.get("exp_alerts") else quiet).add(check["alertname"])
    names = {rule["alert"] for rule in _alert_rules()}
    assert names - firing == set(), "alerts never tested firing"
    assert names - quiet == set(), "alerts never tested quiet"


def test_every_alert_explains_itself_and_links_its_runbook() -> None:
    headings = {
        re.sub(r"[^a-z0-9 -]", "", line.lstrip("#").strip().lower()).replace(" ", "-")
        for line in TROUBLESHOOTING.read_text().splitlines()
        if line.startswith("#")
    }
    for rule in _alert_rules():
        name = rule["alert"]
        assert rule["labels"]["severity"] in {"critical", "warning"}, name
        annotations = rule["annotations"]
        assert annotations.get("summary"), name
        assert annotations.get("description"), name
        page, _, anchor = annotations["runbook"].partition("#")
        assert page == "docs/troubleshooting.md", name
        assert anchor == name.lower(), name
        assert anchor in headings, f"docs/troubleshooting.md has no section {name}"


def test_the_required_alerts_exist() -> None:
    exprs = {rule["alert"]: rule["expr"] for rule in _alert_rules()}
    assert 'status=~"5.."' in exprs["ChefHigh5xxRatio"]
    assert "readyz" in exprs["ChefHigh5xxRatio"]
    assert "histogram_quantile(0.95" in exprs["ChefSlowResponses"]
    assert "rabbitmq_queue_messages_ready" in exprs["ChefQueueBacklog"]
    assert 'status="failed"' in exprs["ChefJobFailureRatio"]
    assert "rabbitmq_queue_consumers" in exprs["ChefWorkerDown"]
    assert "chef_ollama_up" in exprs["ChefOllamaUnreachable"]
    assert "chef_circuit_breaker_open" in exprs["ChefCircuitBreakerOpen"]
    assert "by (host)" in exprs["ChefCircuitBreakerOpen"], "one alert per Ollama host"
    assert "by (host)" in exprs["ChefOllamaHostUnreachable"]
    assert "chef_jobs_waiting" in exprs["ChefJobsWaitingForAI"]
    assert "node_filesystem_avail_bytes" in exprs["ChefDiskAlmostFull"]
    assert "predict_linear" in exprs["ChefDiskFillingUp"]


def test_alerts_and_dashboards_use_metrics_the_site_exports() -> None:
    """A renamed metric (core/ or integrations/ollama/metrics.py) breaks this, not a dashboard."""
    exported = _exported_names((ROOT / "core" / "metrics.py").read_text())
    exported |= _exported_names((ROOT / "integrations" / "ollama" / "metrics.py").read_text())
    exported |= _django_prometheus_names()
    assert "chef_jobs_created_total" in exported
    assert "django_http_responses_total_by_status_total" in exported
    used: set[str] = set()
    for rule in _alert_rules():
        used |= set(METRIC.findall(rule["expr"]))
    for query in _dashboard_queries():
        used |= set(METRIC.findall(query))
    assert used, "no chef_/django_ metric found: the pattern is broken"
    assert used - exported == set(), "unknown metric names"


def test_dashboard_queries_are_valid_promql(tmp_path: Path) -> None:
    """Every Prometheus query of every dashboard parses (checked by promtool as a rule)."""
    promtool = require_tool("promtool")
    rules = [
        {
            "record": f"dashboard:query_{index}",
            "expr": re.sub(r"\$__(rate_interval|range|interval)", "5m", query),
        }
        for index, query in enumerate(_dashboard_queries())
    ]
    assert len(rules) > 20
    path = tmp_path / "dashboard_queries.yml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "dashboards", "rules": rules}]}))
    result = run([promtool, "check", "rules", str(path)])
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_app_process_is_scraped(compose_config: dict) -> None:
    config = load_yaml(PROMETHEUS / "prometheus.yml")
    assert isinstance(config, dict)
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    assert {"prometheus", "web", "celery", "rabbitmq", "node", "cadvisor"} <= set(jobs)
    assert jobs["web"]["static_configs"][0]["targets"] == ["web:8000"]
    worker_names = set(jobs["celery"]["dns_sd_configs"][0]["names"])
    workers = {
        name
        for name, service in compose_config["services"].items()
        if (service.get("environment") or {}).get("WORKER_METRICS_PORT")
    }
    assert worker_names == workers
    assert jobs["celery"]["dns_sd_configs"][0]["port"] == 9808
    assert jobs["rabbitmq"]["static_configs"][0]["targets"] == ["rabbitmq:15692"]
    assert config["rule_files"] == ["alerts.yml"]


def test_rabbitmq_exports_per_queue_metrics() -> None:
    """Queue depth per queue (the backlog and worker-down alerts) needs per-object metrics."""
    conf = (DEPLOY / "rabbitmq" / "20-chef.conf").read_text()
    assert re.search(r"^prometheus\.return_per_object_metrics\s*=\s*true", conf, re.M)


def test_alertmanager_config_is_valid() -> None:
    config = load_yaml(DEPLOY / "alertmanager" / "alertmanager.yml")
    assert isinstance(config, dict)
    receivers = {receiver["name"] for receiver in config["receivers"]}
    assert config["route"]["receiver"] in receivers
    # amtool (Debian: prometheus-alertmanager) is optional; when present it has the last word.
    amtool = shutil.which("amtool")
    if amtool:
        result = run([amtool, "check-config", str(DEPLOY / "alertmanager" / "alertmanager.yml")])
        assert result.returncode == 0, result.stdout + result.stderr
