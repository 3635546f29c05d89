"""Reading the site's Prometheus metrics in-process, as a scrape would see them."""

from __future__ import annotations

from prometheus_client import REGISTRY


def sample(name: str, labels: dict[str, str] | None = None) -> float:
    """The current value of one sample; 0 while it has never been observed."""
    return REGISTRY.get_sample_value(name, labels) or 0.0
