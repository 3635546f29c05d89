"""`make run` works with no RabbitMQ: a real worker on kombu's filesystem transport."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_jobs_complete_through_the_embedded_filesystem_broker() -> None:
    """Scans created by the web side are consumed by a worker process over the filesystem broker."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.job_latency",
            "--only",
            "filesystem",
            "--jobs",
            "2",
            "--burst",
            "5",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "burst of 5: 5 succeeded" in result.stdout
