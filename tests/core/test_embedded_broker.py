"""`make run` works with no RabbitMQ: a real worker on kombu's filesystem transport."""

import os

import pytest

from tests.support.processes import run_python


@pytest.mark.slow
def test_jobs_complete_through_the_embedded_filesystem_broker() -> None:
    """Scans created by the web side are consumed by a worker process over the filesystem broker."""
    result = run_python(
        "-m",
        "benchmarks.job_latency",
        "--only",
        "filesystem",
        "--jobs",
        "2",
        "--burst",
        "5",
        env=dict(os.environ),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "burst of 5: 5 succeeded" in result.stdout
