"""Workers serve their own metrics for Prometheus on WORKER_METRICS_PORT."""

from __future__ import annotations

import socket
import urllib.request
from pathlib import Path
from typing import Any

from core import metrics


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_worker_serves_job_metrics_on_its_port(settings: Any) -> None:
    settings.WORKER_METRICS_PORT = free_port()
    metrics.JOBS_CREATED.labels(kind="scan").inc()
    metrics.start_worker_metrics_server()
    url = f"http://127.0.0.1:{settings.WORKER_METRICS_PORT}/metrics"
    with urllib.request.urlopen(url, timeout=5) as response:
        text = response.read().decode()
    assert 'chef_jobs_created_total{kind="scan"}' in text


def test_in_multiprocess_mode_the_worker_aggregates_its_pool_children(
    settings: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """With PROMETHEUS_MULTIPROC_DIR set, the port serves what every pool child wrote there."""
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    settings.WORKER_METRICS_PORT = free_port()
    metrics.start_worker_metrics_server()
    url = f"http://127.0.0.1:{settings.WORKER_METRICS_PORT}/metrics"
    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.status == 200


def test_no_port_means_no_server(settings: Any) -> None:
    settings.WORKER_METRICS_PORT = 0
    assert metrics.start_worker_metrics_server() is None


def test_a_taken_port_is_reported_not_fatal(settings: Any, caplog: Any) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        settings.WORKER_METRICS_PORT = sock.getsockname()[1]
        metrics.start_worker_metrics_server()
    assert "worker metrics port unavailable" in caplog.text
